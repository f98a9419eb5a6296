"""Duplicate suggestions: the sample's real cases, individuals, and what is not suggested."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from signatures import duplicate_keys
from signatures.importing.letter import import_letter
from signatures.models import Signature
from signatures.moderation import duplicates
from tests.signatures.moderation.helpers import queue_url

pytestmark = pytest.mark.django_db

TASK_PATH = "signatures.duplicate_keys.refresh_letter_keys"
SAMPLE = Path(settings.BASE_DIR) / "samples" / "mexico-asylum-letter-2023-12-18.txt"


def suggested(letter):
    """Each cluster's names, as sets, once the task worker has linked the keys."""
    duplicate_keys.refresh(letter)
    return [{s.name for s in cluster.signatures} for cluster in duplicates.clusters(letter)[0]]


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ("IMUMI", "Instituto para las Mujeres en la Migración AC (IMUMI)", "Same acronym"),
        (
            "Casa del Migrante Saltillo",
            "Casa del Migrante de Saltillo (CDMS)",
            "Same name once case, accents, punctuation and legal forms are ignored",
        ),
        (
            "CAFAMI",
            "Centro de Atención a la Familia Migrante Indígena",
            "One name is the acronym of the other",
        ),
        (
            "Sin Fronteras IAP",
            "Sin Fronteras, I.A.P.",
            "Same name once case, accents, punctuation and legal forms are ignored",
        ),
        (
            "centro de derechos humanos fray matías de córdova",
            "Centro de Derechos Humanos Fray Matías de Córdova, A.C.",
            "Same name once case, accents, punctuation and legal forms are ignored",
        ),
    ],
)
def test_the_samples_spellings_of_one_organization_are_suggested_together(
    letter, signature, first, second, reason
):
    a, b = signature(first), signature(second, status="approved")
    signature("Cristosal")

    assert suggested(letter) == [{first, second}]
    cluster = duplicates.clusters(letter)[0][0]
    assert cluster.reason_texts == [reason]
    assert cluster.keep == Signature.objects.get(pk=b.pk)  # the approved one
    assert a.pk != b.pk


def test_an_acronym_that_arrives_after_the_long_name_is_still_matched(letter, signature):
    signature("Centro de Atención a la Familia Migrante Indígena")
    duplicate_keys.refresh(letter)
    signature("CAFAMI")

    assert suggested(letter) == [{"CAFAMI", "Centro de Atención a la Familia Migrante Indígena"}]


def test_different_organizations_are_not_suggested(letter, signature):
    for name in [
        "Casa Monarca",
        "Casa del Migrante de Saltillo",
        "Casa del Migrante de Tijuana",
        "Fundación para la Justicia y el Estado Democrático de Derecho",
        "FM4 Paso Libre",
        "Sin Fronteras",
    ]:
        signature(name)

    assert suggested(letter) == []


def test_individuals_with_the_same_name_are_suggested_but_not_an_organization_of_that_name(
    letter, signature
):
    signature("Leticia Calderón", kind="individual", title="Analista")
    signature("leticia calderon", kind="individual")
    signature("Leticia Calderón", kind="organization")

    assert suggested(letter) == [{"Leticia Calderón", "leticia calderon"}]
    cluster = duplicates.clusters(letter)[0][0]
    assert {s.kind for s in cluster.signatures} == {"individual"}
    assert cluster.reason_texts == ["Same name"]


def test_signatures_with_the_same_email_are_suggested(letter, signature):
    signature("Brenda Valdés", kind="individual", email="brenda@example.org")
    signature("Colectivo Brenda", kind="organization", email="Brenda@Example.org")

    assert suggested(letter) == [{"Brenda Valdés", "Colectivo Brenda"}]
    assert duplicates.clusters(letter)[0][0].reason_texts == ["Same email address"]


def test_rejected_and_withdrawn_signatures_are_not_suggested(letter, signature):
    signature("IMUMI")
    signature("Instituto para las Mujeres en la Migración (IMUMI)", status="rejected")
    signature("IMUMI A.C.", status="withdrawn")

    assert suggested(letter) == []


def test_another_letters_signatures_are_never_suggested(letter, other_letter, signature):
    signature("IMUMI")
    signature("IMUMI", letter=other_letter)

    assert suggested(letter) == []


def test_a_renamed_signature_gets_new_keys(letter, signature):
    imumi = signature("IMUMI")
    signature("Instituto para las Mujeres en la Migración (IMUMI)")
    assert len(suggested(letter)) == 1

    imumi.edit({"name": "Cristosal"})

    assert suggested(letter) == []
    assert "name:cristosal" in Signature.objects.get(pk=imumi.pk).match_keys


def test_keys_refresh_only_stale_signatures(letter, signature):
    signature("IMUMI")
    assert duplicate_keys.refresh(letter) == 1
    assert duplicate_keys.refresh(letter) == 0
    with CaptureQueriesContext(connection) as queries:
        duplicate_keys.refresh(letter)
    # One look for stale rows, planned through the partial index (planner.few_rows:
    # here inside the test's transaction, so with a savepoint and the settings given
    # back), and no lock taken when there is nothing to do.
    assert len(queries) <= 6
    assert not [q for q in queries if "advisory" in q["sql"]]


def test_an_acronym_that_fits_many_names_suggests_none(letter, signature):
    for n in range(duplicate_keys.AMBIGUOUS + 1):
        signature(f"Centro de Derechos Humanos {chr(65 + n)}{chr(97 + n)}tlán")
    signature("CDH")

    assert all("CDH" not in names for names in suggested(letter))


def test_the_queue_shows_duplicate_hints_and_the_filter_finds_them(
    as_user, moderator, letter, signature
):
    imumi = signature("IMUMI")
    long = signature("Instituto para las Mujeres en la Migración AC (IMUMI)")
    alone = signature("Cristosal")
    client = as_user(moderator)

    page = client.get(queue_url(letter))
    rows = {row.pk: row for row in page.context["page"].rows}
    assert [hint.other.pk for hint in rows[imumi.pk].hints] == [long.pk]
    assert rows[alone.pk].hints == []
    html = page.content.decode()
    assert "Possible duplicate" in html
    assert reverse("moderation:merge", args=[letter.slug, imumi.public_id, long.public_id]) in html

    filtered = client.get(queue_url(letter, duplicates="on"))
    assert {row.pk for row in filtered.context["page"].rows} == {imumi.pk, long.pk}


def test_the_duplicates_page_lists_each_group_with_a_merge_link(
    as_user, moderator, letter, signature
):
    cafami = signature("CAFAMI")
    long = signature("Centro de Atención a la Familia Migrante Indígena", status="approved")
    duplicate_keys.refresh(letter)  # as the task worker does
    response = as_user(moderator).get(reverse("moderation:duplicates", args=[letter.slug]))

    html = response.content.decode()
    assert "1 group of possible duplicates." in html
    assert "One name is the acronym of the other" in html
    merge = reverse("moderation:merge", args=[letter.slug, cafami.public_id, long.public_id])
    assert merge in html


def test_the_hints_query_gives_back_the_planner_settings_it_changed(letter, signature):
    first = signature("Casa del Migrante Saltillo")
    signature("Casa del Migrante de Saltillo (CDMS)")
    duplicate_keys.refresh(letter)
    first.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
        before = cursor.fetchone()
        assert duplicates.hints(letter, [first])[first.pk]
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
        assert cursor.fetchone() == before


def test_an_individual_gets_its_keys_with_its_row_and_queues_nothing(letter, signature):
    with CaptureQueriesContext(connection) as queries:
        ana = signature("Ana Hurtado", kind="individual")

    ana.refresh_from_db()
    assert (ana.match_keys, ana.match_keys_stale) == (["person:ana hurtado"], False)
    assert len(queries) == 1  # the INSERT
    assert not DBTaskResult.objects.exists()


def test_an_acronym_and_the_name_it_stands_for_are_linked_by_the_task_worker(letter, signature):
    long = signature("Centro de Atención a la Familia Migrante Indígena")
    cafami = signature("CAFAMI")

    # Its own keys at once; the link to the other name waits for the worker.
    for row in (long, cafami):
        row.refresh_from_db()
        assert row.match_keys_stale
    assert "name:cafami" in cafami.match_keys and "abbr:cafami" not in long.match_keys
    queued = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert [task.args_kwargs["args"] for task in queued] == [[letter.pk], [letter.pk]]

    assert duplicate_keys.refresh_letter_keys.call(letter.pk) == 2

    long.refresh_from_db()
    assert "abbr:cafami" in long.match_keys and not long.match_keys_stale
    assert duplicate_keys.refresh_letter_keys.call(letter.pk) == 0


def test_a_rename_writes_the_new_keys_with_the_name(letter, signature):
    sin_fronteras = signature("Sin Fronteras IAP")
    duplicate_keys.refresh(letter)

    sin_fronteras.edit({"name": "Cristosal"})

    sin_fronteras.refresh_from_db()
    assert sin_fronteras.match_keys == ["name:cristosal"]
    assert not sin_fronteras.match_keys_stale


def test_an_import_leaves_no_stale_keys(db):
    letter = import_letter(SAMPLE.read_text(), slug="importada").letter
    imported = Signature.objects.filter(letter=letter)

    assert imported.count() > 20
    assert not duplicate_keys.stale(letter).exists()
    assert not imported.filter(match_keys=[]).exists()


def test_moderation_pages_only_read_keys(as_user, moderator, letter, other_letter, signature):
    """Keys are never computed in a GET: it would write, and lock, in a page view."""
    imumi = signature("IMUMI")
    signature("Instituto para las Mujeres en la Migración (IMUMI)")
    for n in range(5):
        signature(f"Colectivo {n}", letter=other_letter)
    client = as_user(moderator)
    pages = [
        queue_url(letter),
        queue_url(letter, duplicates="on"),
        reverse("moderation:duplicates", args=[letter.slug]),
        reverse("moderation:detail", args=[letter.slug, imumi.public_id]),
    ]

    with CaptureQueriesContext(connection) as queries:
        for url in pages:
            assert client.get(url).status_code == 200

    writes_or_key_work = [
        q["sql"]
        for q in queries
        if re.search(r"^\s*(UPDATE|INSERT|DELETE)[^;]*signatures_signature\b", q["sql"])
        or re.search(r"ANALYZE|advisory", q["sql"])
    ]
    assert writes_or_key_work == []
    assert duplicate_keys.stale(letter).count() == 2
