"""The review queue: tabs with counts, filters, accent-free search, pages, and what a row shows."""

import pytest

from signatures.models import Member, Network
from signatures.moderation import queue as moderation
from tests.signatures.moderation.helpers import queue_url
from tests.test_csp import assert_strict

pytestmark = pytest.mark.django_db


def names(response):
    return [row.name for row in response.context["page"].rows]


def tab_counts(response):
    return {status: number for status, _label, number, _query in response.context["tabs"]}


def test_the_queue_opens_on_pending_with_a_count_on_every_tab(
    as_user, moderator, letter, other_letter, signature
):
    signature("Casa Monarca")
    signature("CELS")
    signature("Cristosal", status="approved")
    signature("Spam", status="rejected")
    signature("Sin confirmar", status="unconfirmed")
    signature("Ajena", letter=other_letter)
    response = as_user(moderator).get(queue_url(letter))

    assert names(response) == ["Casa Monarca", "CELS"]
    assert tab_counts(response) == {
        "pending": 2,
        "unconfirmed": 1,
        "approved": 1,
        "rejected": 1,
        "withdrawn": 0,
        "all": 5,
    }
    assert_strict(response)


def test_each_filter_narrows_the_list_and_the_counts(as_user, moderator, letter, signature):
    gtpm_network = Network.objects.create(name="GTPM")
    gtpm = signature("GTPM", kind="network", network=gtpm_network)
    declared = signature("IMUMI", country="MX", language="es")
    declared.member_of.add(gtpm_network)
    listed = signature("Sin Fronteras", country="MX", visibility="delivery_only")
    Member.objects.create(
        network_signature=gtpm, position=1, name="Sin Fronteras", signature=listed
    )
    signature("Ana Hurtado", kind="individual", country="GT", language="en", origin="paper")
    signature("Alianza Americas", country="US", is_lead=True, lead_order=1)
    client = as_user(moderator)

    def only(**params):
        return sorted(names(client.get(queue_url(letter, status="all", **params))))

    assert only(kind="individual") == ["Ana Hurtado"]
    assert only(network=gtpm_network.pk) == ["GTPM", "IMUMI", "Sin Fronteras"]
    assert only(country="MX") == ["IMUMI", "Sin Fronteras"]
    assert only(language="en") == ["Ana Hurtado"]
    assert only(visibility="delivery_only") == ["Sin Fronteras"]
    assert only(origin="paper") == ["Ana Hurtado"]
    assert only(lead="on") == ["Alianza Americas"]
    assert tab_counts(client.get(queue_url(letter, country="MX")))["pending"] == 2


def test_an_unknown_filter_value_is_ignored_not_an_error(as_user, moderator, letter, signature):
    signature("Casa Monarca")
    response = as_user(moderator).get(
        queue_url(letter, country="XX", network="abc", kind="robot", order="random")
    )

    assert response.status_code == 200
    assert names(response) == ["Casa Monarca"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("migracion", ["Instituto para las Mujeres en la Migración"]),
        ("MUJERES", ["Instituto para las Mujeres en la Migración"]),
        ("imumí", ["Instituto para las Mujeres en la Migración"]),
        ("gretchen@", ["Instituto para las Mujeres en la Migración"]),
        ("jose", ["Casa Monarca"]),
        ("  casa   monarca ", ["Casa Monarca"]),
        ("nadie", []),
    ],
)
def test_search_ignores_accents_and_case_across_names_acronyms_and_emails(
    as_user, moderator, letter, signature, query, expected
):
    signature(
        "Instituto para las Mujeres en la Migración",
        acronym="IMUMI",
        email="Gretchen@IMUMI.example",
    )
    signature("Casa Monarca", contact_name="José Pérez")
    response = as_user(moderator).get(queue_url(letter, q=query))

    assert names(response) == expected


def test_pages_follow_each_other_without_gaps_or_repeats(
    as_user, moderator, letter, signature, monkeypatch
):
    monkeypatch.setattr(moderation, "PAGE_SIZE", 2)
    for name in ["Eco", "alfa", "Árbol", "delta", "Bravo"]:
        signature(name)
    client = as_user(moderator)

    seen, response = [], client.get(queue_url(letter, order="name"))
    while True:
        seen += names(response)
        after = response.context["page"].next_after
        if not after:
            break
        response = client.get(queue_url(letter, order="name", after=after))
    assert seen == ["alfa", "Árbol", "Bravo", "delta", "Eco"]

    before = response.context["page"].prev_before
    back = client.get(queue_url(letter, order="name", before=before))
    assert names(back) == ["Bravo", "delta"]
    newest = client.get(queue_url(letter, order="newest"))
    assert names(newest) == ["Bravo", "delta"]


def test_a_row_shows_public_and_private_details_dates_and_networks(
    as_user, moderator, letter, signature
):
    gie = Network.objects.create(name="Grupo de Identidad y Educación")
    imumi = signature(
        "IMUMI",
        email="gretchen@imumi.example",
        contact_name="Gretchen Contacto",
        contact_role="Directora",
        note="List us under GIE",
        country="MX",
        website="https://imumi.example",
    )
    imumi.member_of.add(gie)
    html = as_user(moderator).get(queue_url(letter)).content.decode()

    for text in [
        "IMUMI",
        "Mexico",
        "https://imumi.example",
        "gretchen@imumi.example",
        "Gretchen Contacto, Directora",
        "List us under GIE",
        "Submitted",
        "Confirmed",
        "Member of: Grupo de Identidad y Educación",
    ]:
        assert text in html, text


def test_user_text_is_escaped(as_user, moderator, letter, signature):
    signature("<script>alert(1)</script>", note="<b>bold</b>")
    html = as_user(moderator).get(queue_url(letter)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html


def test_a_large_letters_counts_come_from_the_cache_and_follow_each_moderation_at_once(
    as_user, moderator, letter, signature, monkeypatch
):
    from signatures.public import caching

    monkeypatch.setattr(caching, "LARGE", 3)  # "large" from 3 signatures on
    monkeypatch.setattr(caching, "RECOMPUTE_SECONDS", 10**9)  # no recount by age here
    first, *_others = [signature(f"Organización {n}") for n in range(4)]
    client = as_user(moderator)
    assert tab_counts(client.get(queue_url(letter)))["pending"] == 4

    signature("Llegó después")
    # A new submission shows in the counts once they are RECOMPUTE_SECONDS old; its row
    # shows at once, and a filter counts it at once.
    response = client.get(queue_url(letter))
    assert tab_counts(response)["pending"] == 4
    assert "Llegó después" in names(response)
    assert tab_counts(client.get(queue_url(letter, kind="organization")))["pending"] == 5

    first.approve(by=moderator)
    assert tab_counts(client.get(queue_url(letter))) == {
        "pending": 4,
        "unconfirmed": 0,
        "approved": 1,
        "rejected": 0,
        "withdrawn": 0,
        "all": 5,
    }


def test_a_small_letters_counts_include_a_new_submission_at_once(
    as_user, moderator, letter, signature
):
    signature("Casa Monarca")
    client = as_user(moderator)
    assert tab_counts(client.get(queue_url(letter)))["pending"] == 1
    signature("CELS")
    assert tab_counts(client.get(queue_url(letter)))["pending"] == 2


def test_the_moderator_chooses_how_many_signatures_a_page_shows(
    as_user, moderator, letter, signature
):
    for n in range(30):
        signature(f"Organización {n:02}")
    client = as_user(moderator)

    assert len(names(client.get(queue_url(letter)))) == moderation.PAGE_SIZE == 25
    fifty = client.get(queue_url(letter, size=50))
    assert len(names(fifty)) == 30
    assert "size=50" in fifty.context["query"]  # kept by the tabs and the next page
    assert len(names(client.get(queue_url(letter, size=7)))) == 25  # not offered: ignored


def test_the_filter_bar_shows_each_queues_own_choices_when_it_comes_from_the_cache(
    as_user, moderator, letter, signature
):
    signature("Casa Monarca")
    client = as_user(moderator)
    client.get(queue_url(letter))
    client.get(queue_url(letter, kind="organization"))

    again = client.get(queue_url(letter, kind="organization")).content.decode()
    assert '<option value="organization" selected>' in again
    plain = client.get(queue_url(letter)).content.decode()
    assert '<option value="organization" selected>' not in plain

    # A network that appears on the letter shows in the bar at once.
    Network.objects.create(name="Red Nueva")
    signature("Red Nueva", kind="network", network=Network.objects.get(name="Red Nueva"))
    assert "Red Nueva</option>" in client.get(queue_url(letter)).content.decode()


def test_a_search_is_never_kept_in_the_cache(as_user, moderator, letter, signature):
    from django.db import connection

    signature("Casa Monarca", email="contacto@casamonarca.example")
    client = as_user(moderator)

    def kept_bars():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM firmas_cache WHERE cache_key LIKE %s", ["%queue-filters%"]
            )
            return cursor.fetchone()[0]

    before = kept_bars()
    response = client.get(queue_url(letter, q="contacto@casamonarca.example"))
    assert 'value="contacto@casamonarca.example"' in response.content.decode()
    assert kept_bars() == before
