"""The team's import pages: a file or a pasted list in, the columns, the review with its
flags and corrections, the commit (one transaction) and the undo of a whole import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from signatures.models import ImportBatch, ImportMapping, Signature, SignatureEvent
from tests.signatures.importing.files import GOOGLE_FORMS_ES, ROWS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def start_url(letter):
    return reverse("importing:start", args=[letter.slug])


def upload(client, letter, name, data):
    return client.post(start_url(letter), {"file": SimpleUploadedFile(name, data)})


def draft_of(response):
    assert response.status_code == 302, response.content[:2000]
    return ImportBatch.objects.get(public_id=response.url.rstrip("/").rsplit("/", 1)[-1])


def page_fields(batch, indices):
    """The corrections form's fields for these entries, as the review page shows them."""
    data = {"entry": [str(i) for i in indices]}
    for index in indices:
        entry = batch.draft["entries"][index]
        for field in ("kind", "name", "acronym", "title", "country", "email"):
            data[f"{index}-{field}"] = entry[field]
    return data


def test_a_google_forms_csv_in_windows_1252_is_read_with_its_spanish_columns(
    client, as_user, letter, moderator
):
    client = as_user(moderator)
    data = csv_bytes(ROWS, encoding="cp1252", delimiter=";")

    batch = draft_of(upload(client, letter, "respuestas.csv", data))

    assert batch.state == "draft" and batch.source_format == "csv"
    assert batch.headers == GOOGLE_FORMS_ES
    assert batch.mapping == [
        "date", "email", "name", "acronym", "country", "contact_name", "title", "network",
    ]  # fmt: skip
    entries = batch.draft["entries"]
    assert [e["name"] for e in entries] == [
        "Casa de la Familia Migrante", "Fundación Pro Niñez, A.C.", "Alianza Américas",
    ]  # fmt: skip
    assert [e["country"] for e in entries] == ["MX", "GT", "US"]
    assert entries[0]["networks"] == ["Red Jesuita con Migrantes"]
    assert entries[0]["email"] == "contacto@cafemi.org"
    assert Signature.objects.count() == 0  # nothing is a signature before the commit

    page = client.get(reverse("importing:review", args=[letter.slug, batch.public_id]))
    assert page.status_code == 200
    assert "Casa de la Familia Migrante" in page.content.decode()


def test_commit_creates_every_signature_with_its_batch_then_undo_takes_them_back(
    client, as_user, letter, moderator
):
    client = as_user(moderator)
    batch = draft_of(upload(client, letter, "form.xlsx", xlsx_bytes(ROWS)))
    commit = reverse("importing:commit", args=[letter.slug, batch.public_id])

    response = client.post(commit, {"status": "pending"})

    assert response.status_code == 302
    assert response.url.endswith("?status=pending")
    batch.refresh_from_db()
    assert batch.state == "committed" and batch.draft == {}
    assert batch.created_by == moderator and batch.given_status == "pending"
    assert batch.counts["organization"] == 3
    created = Signature.objects.filter(letter=letter)
    assert set(created.values_list("status", "origin")) == {("pending", "import")}
    events = SignatureEvent.objects.filter(signature__letter=letter)
    assert {(e.action, e.batch_id, e.actor_id) for e in events} == {
        ("imported", batch.pk, moderator.pk)
    }
    assert ImportMapping.objects.filter(letter=letter).count() == 1

    undo = client.post(reverse("importing:undo", args=[letter.slug, batch.public_id]))

    assert undo.status_code == 302
    batch.refresh_from_db()
    assert batch.state == "undone" and batch.undone_by == moderator
    assert set(created.values_list("status", flat=True)) == {"rejected"}
    assert not Signature.objects.public().filter(letter=letter).exists()
    rejected = SignatureEvent.objects.filter(action="rejected", signature__letter=letter)
    assert rejected.count() == 3
    assert all("Import undone" in event.reason for event in rejected)
    assert set(created.values_list("email", "contact_name")) == {("", "")}
    # The same list can come in again: its addresses are free.
    again = draft_of(upload(client, letter, "form.xlsx", xlsx_bytes(ROWS)))
    assert again.draft["errors"] == 0


def test_the_organizer_changes_a_column_fixes_a_row_and_leaves_one_out(
    client, as_user, letter, moderator
):
    client = as_user(moderator)
    batch = draft_of(upload(client, letter, "r.csv", csv_bytes(ROWS, delimiter=";")))
    columns = {f"column_{i}": field for i, field in enumerate(batch.mapping)}
    columns["column_6"] = "ignore"  # "Cargo" is the contact's, not for the list

    remap = client.post(reverse("importing:remap", args=[letter.slug, batch.public_id]), columns)
    assert remap.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping[6] == "ignore"
    fields = page_fields(batch, [0, 1, 2])
    fields["1-name"] = "Fundación Pro Niñez"
    fields["1-kind"] = "network"
    fields["2-dropped"] = "on"
    edit = client.post(reverse("importing:edit", args=[letter.slug, batch.public_id]), fields)
    assert edit.status_code == 302
    commit = client.post(
        reverse("importing:commit", args=[letter.slug, batch.public_id]), {"status": "approved"}
    )
    assert commit.status_code == 302

    assert sorted(Signature.objects.values_list("name", "kind", "status", "title")) == [
        ("Casa de la Familia Migrante", "organization", "approved", ""),
        ("Fundación Pro Niñez", "network", "approved", ""),
    ]
    remembered = ImportMapping.objects.get(letter=letter).mapping
    assert remembered[6] == "ignore"
    # The next upload with the same headings starts from the organizer's columns.
    again = draft_of(upload(client, letter, "r2.csv", csv_bytes(ROWS[:1], delimiter=";")))
    assert again.mapping == remembered


def test_rows_with_errors_block_the_commit_until_left_out(client, as_user, letter, moderator):
    client = as_user(moderator)
    rows = [*ROWS, ["", "no-es-un-correo", "Colectivo Sin Correo", "", "", "", "", ""]]
    batch = draft_of(upload(client, letter, "r.csv", csv_bytes(rows)))
    assert batch.draft["errors"] == 1
    commit = reverse("importing:commit", args=[letter.slug, batch.public_id])

    refused = client.post(commit, {"status": "pending"})

    assert refused.status_code == 302 and Signature.objects.count() == 0
    fields = page_fields(batch, [3])
    fields["3-dropped"] = "on"
    client.post(reverse("importing:edit", args=[letter.slug, batch.public_id]), fields)
    client.post(commit, {"status": "pending"})
    assert Signature.objects.count() == 3


def test_an_email_that_already_signed_is_an_error_and_a_similar_name_a_warning(
    client, as_user, letter, moderator, signature
):
    signature("Casa de la Familia Migrante (CAFEMI)", email="otra@cafemi.org")
    signature("Fundación Cualquiera", email="info@fundacion.org")
    client = as_user(moderator)

    batch = draft_of(upload(client, letter, "r.csv", csv_bytes(ROWS)))

    checks = [entry["checks"] for entry in batch.draft["entries"]]
    assert "duplicate_on_letter" in checks[0]
    assert "email_taken" in checks[1]
    page = client.get(reverse("importing:review", args=[letter.slug, batch.public_id]))
    assert "Possibly already on this letter" in page.content.decode()
    assert "This email address already signed this letter" in page.content.decode()


def test_a_pasted_list_is_read_as_a_signatory_block_with_contacts_kept_private(
    client, as_user, letter, moderator
):
    client = as_user(moderator)
    text = (
        "Organizaciones\n"
        "1. Casa del Migrante 13 contacto13@x.org\n"
        "2. Colectivo Hermanos +52 55 1234 5678\n"
        "Red Uno: Centro A, Centro B, Centro C\n"
    )
    batch = draft_of(client.post(start_url(letter), {"text": text}))

    entries = batch.draft["entries"]
    assert [e["name"] for e in entries] == ["Casa del Migrante 13", "Colectivo Hermanos", "Red Uno"]
    assert entries[0]["email"] == "contacto13@x.org"
    assert "+52 55 1234 5678" in entries[1]["note"]
    assert {"contact_moved", "numbering"} <= set(entries[0]["flags"])
    assert entries[2]["kind"] == "network" and len(entries[2]["members"]) == 3


def test_rows_pasted_from_a_sheet_are_read_as_rows(client, as_user, letter, moderator):
    client = as_user(moderator)
    text = "Nombre\tPaís\tCorreo\nCasa del Migrante 13\tMéxico\tcontacto13@x.org\n"

    batch = draft_of(client.post(start_url(letter), {"text": text}))

    assert batch.source_format == "pasted" and batch.mapping == ["name", "country", "email"]
    (entry,) = batch.draft["entries"]
    assert (entry["name"], entry["country"], entry["email"]) == (
        "Casa del Migrante 13", "MX", "contacto13@x.org",
    )  # fmt: skip


def test_a_discarded_draft_leaves_nothing(client, as_user, letter, moderator):
    client = as_user(moderator)
    batch = draft_of(upload(client, letter, "r.csv", csv_bytes(ROWS)))

    client.post(reverse("importing:discard", args=[letter.slug, batch.public_id]))

    assert not ImportBatch.objects.exists() and not Signature.objects.exists()


def test_a_delivered_letter_takes_no_import_and_keeps_its_imports(
    client, as_user, letter, moderator
):
    client = as_user(moderator)
    batch = draft_of(upload(client, letter, "r.csv", csv_bytes(ROWS)))
    client.post(
        reverse("importing:commit", args=[letter.slug, batch.public_id]), {"status": "approved"}
    )
    letter.status = "delivered"
    letter.save(update_fields=["status"])

    client.post(reverse("importing:undo", args=[letter.slug, batch.public_id]))

    batch.refresh_from_db()
    assert batch.state == "committed"
    assert Signature.objects.filter(status="approved").count() == 3


def test_another_letters_moderator_cannot_open_a_draft(
    client, as_user, letter, moderator, other_moderator
):
    batch = draft_of(upload(as_user(moderator), letter, "r.csv", csv_bytes(ROWS)))
    client.logout()
    client = as_user(other_moderator)

    page = client.get(reverse("importing:review", args=[letter.slug, batch.public_id]))
    commit = client.post(reverse("importing:commit", args=[letter.slug, batch.public_id]))

    assert (page.status_code, commit.status_code) == (403, 403)
    assert not Signature.objects.exists()


def test_the_start_page_has_one_form_that_holds_its_button(client, as_user, letter, moderator):
    page = as_user(moderator).get(start_url(letter)).content.decode()

    form = page.split('enctype="multipart/form-data"', 1)[1].split("</form>", 1)[0]
    assert page.count("<form") == page.count("</form>")
    assert 'name="file"' in form and 'name="text"' in form and "Read the list" in form


def test_a_draft_forgotten_for_a_week_is_deleted_with_its_contact_details(
    client, as_user, letter, moderator
):
    import datetime

    from django.utils import timezone

    client = as_user(moderator)
    old = draft_of(upload(client, letter, "old.csv", csv_bytes(ROWS)))
    ImportBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )

    new = draft_of(upload(client, letter, "new.csv", csv_bytes(ROWS)))

    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [new.pk]


def test_rows_ticked_merge_become_one(client, as_user, letter, moderator):
    client = as_user(moderator)
    rows = [*ROWS, ["", "", "CAFEMI", "", "", "", "", "Red de Casas"]]
    batch = draft_of(upload(client, letter, "r.csv", csv_bytes(rows)))
    fields = page_fields(batch, [0, 3])
    fields["0-merge"] = fields["3-merge"] = "on"

    client.post(reverse("importing:edit", args=[letter.slug, batch.public_id]), fields)
    client.post(
        reverse("importing:commit", args=[letter.slug, batch.public_id]), {"status": "pending"}
    )

    assert Signature.objects.count() == 3
    kept = Signature.objects.get(name="Casa de la Familia Migrante")
    assert set(kept.member_of.values_list("name", flat=True)) == {
        "Red de Casas", "Red Jesuita con Migrantes",
    }  # fmt: skip
    assert not Signature.objects.filter(name="CAFEMI").exists()
