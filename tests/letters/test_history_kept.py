"""Audit trails, export records and delivered lists are kept for good (security review,
finding 13): no one deletes or rewrites them, in the admin, through the ORM or in SQL.
The only changes the database lets through: an actor who becomes nobody when their
account is deleted, and a private value replaced by the erased mark (purge_contacts)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from letters.models import Delivery, Letter, LetterEvent
from signatures.exports.delivery import deliver
from signatures.models import ExportRecord, Signature, SignatureEvent
from signatures.retention import ERASED

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(letter, owner, make_signature):
    """A letter with a trail of its own, a signature's, an export and its delivery."""
    casa = make_signature(letter, "Casa Monarca", email="casa@example.org")
    event = casa.events.create(
        action="edited", actor=owner, changes={"email": ["a@example.org", "casa@example.org"]}
    )
    ExportRecord.objects.create(letter=letter, actor=owner, format="csv", via="web")
    deliver(letter, by=owner, recipient="la Secretaría", method="email")
    return event


def refused(sql, params=()):
    """Whether the database refuses the statement."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as error:
        assert "history is kept" in str(error)
        return True
    return False


TABLES = [
    "letters_letterevent",
    "signatures_signatureevent",
    "signatures_exportrecord",
    "letters_delivery",
]


@pytest.mark.parametrize("table", TABLES)
def test_finding_13_the_database_refuses_to_delete_or_rewrite_history(history, table):
    assert refused(f"DELETE FROM {table}")  # noqa: S608 (the tests' own names)
    assert refused(f"UPDATE {table} SET created_at = now() - interval '1 year'")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] >= 1


def test_finding_13_deleting_a_letter_in_the_admin_keeps_it_and_its_history(
    client, superuser, letter, history
):
    events = (LetterEvent.objects.count(), SignatureEvent.objects.count())
    client.force_login(superuser)

    response = client.post(
        reverse("admin:letters_letter_changelist"),
        {"action": "delete_selected", "_selected_action": [letter.pk], "post": "yes"},
    )

    assert response.status_code == 200  # the page that says why not
    assert "<title>Cannot delete letter" in response.content.decode()
    assert Letter.objects.filter(pk=letter.pk).exists()
    assert Delivery.objects.filter(letter=letter).exists()
    assert (LetterEvent.objects.count(), SignatureEvent.objects.count()) == events
    with pytest.raises(ProtectedError):
        Signature.objects.filter(letter=letter).delete()


@pytest.mark.parametrize(
    "model", [SignatureEvent, LetterEvent, ExportRecord, Delivery], ids=lambda m: m.__name__
)
def test_finding_13_the_admin_shows_history_read_only(client, superuser, history, model):
    row = model.objects.first()
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    client.force_login(superuser)

    page = client.get(reverse(f"{name}_change", args=[row.pk]))
    edit = client.post(reverse(f"{name}_change", args=[row.pk]), {})
    delete = client.post(reverse(f"{name}_delete", args=[row.pk]), {"post": "yes"})
    bulk = client.post(
        reverse(f"{name}_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )

    assert page.status_code == 200
    assert 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
    assert (edit.status_code, delete.status_code) == (403, 403)
    assert bulk.status_code in (200, 302)
    assert model.objects.filter(pk=row.pk).exists()


def test_purging_a_contact_erases_it_from_the_trail_and_nothing_else_gets_through(history):
    erased = {"email": [ERASED, ERASED]}
    other = {"email": ["a@example.org", "otra@example.org"]}
    sql = "UPDATE signatures_signatureevent SET changes = %s::jsonb WHERE id = %s"

    assert refused(sql, ['{"email": ["x", "y"]}', history.pk])
    assert refused(sql, ['{"email": ["[erased]", "[erased]"], "name": ["a", "b"]}', history.pk])
    assert refused(sql, ["{}", history.pk])
    assert not refused(sql, ['{"email": ["[erased]", "[erased]"]}', history.pk])
    history.refresh_from_db()
    assert history.changes == erased
    assert refused(sql, [json.dumps(other), history.pk])


def test_purge_contacts_still_erases_contacts_in_the_trail(letter, history):
    call_command("purge_contacts", letter.slug, stdout=io.StringIO())  # a delivered letter

    history.refresh_from_db()
    assert history.changes == {"email": [ERASED, ERASED]}


def test_deleting_an_account_keeps_what_it_did_done_by_nobody(owner, history):
    owner.delete()

    history.refresh_from_db()
    assert history.actor is None
    assert SignatureEvent.objects.filter(pk=history.pk).exists()
    assert Delivery.objects.get().actor is None


def test_import_letter_refuses_to_replace_a_letter_with_a_history(letter, history, tmp_path):
    text = tmp_path / "letter.txt"
    text.write_text("Title\n\nBody.\n\nOrganizations\n\nCasa Monarca\n", encoding="utf-8")

    with pytest.raises(CommandError, match="has a history"):
        call_command("import_letter", str(text), "--slug", letter.slug, "--replace")

    assert Letter.objects.filter(pk=letter.pk).exists()
