"""Duplicate suggestions: the sample's real cases, individuals, and what is not suggested."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signatures import duplicate_keys
from signatures.models import Signature
from signatures.moderation import duplicates
from tests.personas import *  # noqa: F403
from tests.personas import queue_url

pytestmark = pytest.mark.django_db


def suggested(letter):
    """Each cluster's names, as sets, after the keys are brought up to date."""
    duplicates.refresh_match_keys(letter)
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
    duplicates.refresh_match_keys(letter)
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
    response = as_user(moderator).get(reverse("moderation:duplicates", args=[letter.slug]))

    html = response.content.decode()
    assert "1 group of possible duplicates." in html
    assert "One name is the acronym of the other" in html
    merge = reverse("moderation:merge", args=[letter.slug, cafami.public_id, long.public_id])
    assert merge in html


def test_the_hints_query_gives_back_the_planner_settings_it_changed(letter, signature):
    first = signature("Casa del Migrante Saltillo")
    signature("Casa del Migrante de Saltillo (CDMS)")
    duplicates.refresh_match_keys(letter)
    first.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
        before = cursor.fetchone()
        assert duplicates.hints(letter, [first])[first.pk]
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
        assert cursor.fetchone() == before


def test_a_large_refresh_leaves_statistics_that_know_the_keys_are_fresh(
    letter, signature, monkeypatch
):
    monkeypatch.setattr(duplicate_keys, "SETTLE_AFTER", 3)
    for n in range(4):
        signature(f"Colectivo {n}")
    assert duplicate_keys.refresh(letter) == 4
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text FROM pg_stats "
            "WHERE tablename = 'signatures_signature' AND attname = 'match_keys_stale'"
        )
        assert cursor.fetchone() == ("{f}",)


def test_another_letters_stale_keys_do_not_make_this_queue_scan_the_table(
    letter, other_letter, signature
):
    signature("IMUMI")
    duplicate_keys.refresh(letter)
    for n in range(50):
        signature(f"Colectivo {n}", letter=other_letter)  # stale until its queue is opened
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE signatures_signature")
    with CaptureQueriesContext(connection) as queries:
        assert duplicate_keys.refresh(letter) == 0
    sql = [q["sql"] for q in queries]
    (look,) = [q for q in sql if "match_keys_stale" in q]
    planned = [i for i, q in enumerate(sql) if "set_config('enable_seqscan', 'off'" in q]
    assert planned and planned[0] < sql.index(look)
    with duplicate_keys.few_rows(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + look)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "signature_match_keys_stale" in plan and "Seq Scan" not in plan
