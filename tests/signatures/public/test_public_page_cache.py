"""The public page, its count and its data come from the cache, and never go stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signatures.models import Member, Signature
from signatures.public import caching
from tests.pages import entries

pytestmark = pytest.mark.django_db


def page(client, letter, **params):
    return client.get(reverse("public:letter", args=[letter.slug]), params)


def count_of(response):
    count = response.context["count"]
    return count.organizations, count.individuals


def test_a_second_visit_is_served_from_the_cache(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Casa Monarca")
    page(client, letter)

    with CaptureQueriesContext(connection) as captured:
        response = page(client, letter)

    assert entries(response) == ["Casa Monarca"]
    signature_queries = [q for q in captured if "signatures_" in q["sql"]]
    assert signature_queries == []


def test_an_approval_shows_at_once(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Casa Monarca")
    waiting = make_signature(letter, "Alianza Americas", status=Signature.Status.PENDING)
    assert entries(page(client, letter)) == ["Casa Monarca"]

    waiting.approve()
    response = page(client, letter)

    assert entries(response) == ["Alianza Americas", "Casa Monarca"]
    assert count_of(response) == (2, 0)


def test_a_withdrawal_leaves_the_page_and_the_count_at_once(client, make_letter, make_signature):
    letter = make_letter()
    leaving = make_signature(letter, "Ana Hurtado", kind="individual")
    make_signature(letter, "Casa Monarca")
    assert count_of(page(client, letter)) == (1, 1)

    leaving.withdraw()
    response = page(client, letter)

    assert entries(response) == ["Casa Monarca"]
    assert count_of(response) == (1, 0)


def test_changes_to_many_signatures_at_once_show_at_once(client, make_letter, make_signature):
    letter = make_letter()
    for name in ["Alfa", "Beta"]:
        make_signature(letter, name, status=Signature.Status.PENDING)
    assert entries(page(client, letter)) == []

    Signature.objects.filter(letter=letter).update(status=Signature.Status.APPROVED)

    assert entries(page(client, letter)) == ["Alfa", "Beta"]


def test_a_network_member_added_shows_at_once(client, make_letter, make_signature):
    letter = make_letter()
    network = make_signature(letter, "GTPM", kind="network", members=["CELS"])
    assert entries(page(client, letter)) == ["GTPM: CELS"]

    Member.objects.create(network_signature=network, position=2, name="CAREF")

    assert entries(page(client, letter)) == ["GTPM: CELS, CAREF"]


def test_another_letters_change_keeps_this_page_cached(client, make_letter, make_signature):
    letter, other = make_letter(), make_letter(slug="other")
    make_signature(letter, "Casa Monarca")
    page(client, letter)

    make_signature(other, "Alianza Americas")
    with CaptureQueriesContext(connection) as captured:
        page(client, letter)

    assert not [q for q in captured if "signatures_" in q["sql"]]


def test_a_long_list_comes_in_pages_in_list_order(client, make_letter, make_signature, monkeypatch):
    monkeypatch.setattr(caching, "PAGE_SIZE", 2)
    letter = make_letter()
    for name in ["Delta", "Alfa", "Charlie", "Bravo"]:
        make_signature(letter, name)
    make_signature(letter, "Zoe Individual", kind="individual")

    first, second, third = (page(client, letter, page=n) for n in (1, 2, 3))

    assert entries(first) == ["Alfa", "Bravo"]
    assert entries(second) == ["Charlie", "Delta"]
    assert entries(third) == ["Zoe Individual"]
    assert "Individuals" in third.content.decode()
    assert "Individuals" not in first.content.decode()
    assert 'href="?page=2#signatories-title"' in first.content.decode()
    assert "Signatories 3 to 4 of 5" in second.content.decode()
    # The count is the whole letter's, on every page.
    assert count_of(third) == (4, 1)


def test_a_page_past_the_end_shows_the_last(client, make_letter, make_signature, monkeypatch):
    monkeypatch.setattr(caching, "PAGE_SIZE", 2)
    letter = make_letter()
    for name in ["Alfa", "Bravo", "Charlie"]:
        make_signature(letter, name)

    assert entries(page(client, letter, page=99)) == ["Charlie"]
    assert entries(page(client, letter, page="nonsense")) == ["Alfa", "Bravo"]


def test_a_short_list_has_no_page_links(client, make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Casa Monarca")

    assert "signatory-pages" not in page(client, letter).content.decode()


def test_a_repeat_visit_reads_neither_the_letter_nor_its_signatures(client, make_letter):
    letter = make_letter()
    page(client, letter)

    with CaptureQueriesContext(connection) as captured:
        response = page(client, letter)

    assert response.status_code == 200
    assert b"An open letter" in response.content
    # One primary-key read of the letter's list version (letters.listversion), nothing else.
    read = [q["sql"] for q in captured if "letters_" in q["sql"] or "signatures_" in q["sql"]]
    assert len(read) == 1 and 'FROM "letters_listversion"' in read[0], read


def test_the_cached_page_has_no_form_so_no_token_and_no_csrf_cookie(
    client, make_letter, make_signature
):
    from django.test import Client

    letter = make_letter()
    # A name that looks like the token's placeholder in cached form pages stays text.
    make_signature(letter, "Colectivo firmas-csrf-token-placeholder")
    page(client, letter)
    for _ in range(2):
        reader = Client(enforce_csrf_checks=True)
        response = page(reader, letter)
        html = response.content.decode()

        assert not response.templates  # from the cache
        assert "<form" not in html
        assert "csrfmiddlewaretoken" not in html
        assert html.count("firmas-csrf-token-placeholder") == 1  # the name, as typed
        assert "Colectivo firmas-csrf-token-placeholder" in entries(response)
        assert "csrftoken" not in response.cookies
        assert 'href="/i18n/es/?next=' in html and 'href="/i18n/en/?next=' in html


def test_an_edit_to_the_letters_text_shows_at_once(client, make_letter):
    letter = make_letter()
    page(client, letter)
    version = letter.versions.get()
    version.title = "A corrected title"
    version.save()

    assert b"A corrected title" in page(client, letter).content


def test_closing_the_letter_shows_at_once(client, make_letter):
    letter = make_letter()
    assert b"Sign this letter" in page(client, letter).content
    page(client, letter)
    letter.close()

    assert b"Sign this letter" not in page(client, letter).content


def test_a_letter_unpublished_is_gone_at_once(client, make_letter):
    letter = make_letter()
    page(client, letter)
    letter.status = letter.Status.DRAFT
    letter.save()

    assert page(client, letter).status_code == 404


def test_a_letter_that_closes_by_its_date_stops_offering_to_sign_then(
    client, make_letter, monkeypatch
):
    import datetime

    from django.utils import timezone

    closes = timezone.now() + datetime.timedelta(hours=1)
    letter = make_letter(closes_at=closes)
    page(client, letter)
    assert b"Sign this letter" in page(client, letter).content  # from the cache

    later = closes + datetime.timedelta(minutes=1)
    monkeypatch.setattr(caching.time, "time", later.timestamp)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert b"Sign this letter" not in page(client, letter).content


def test_a_letter_deleted_and_made_again_under_its_slug_shows_the_new_one(client, make_letter):
    letter = make_letter(title="The first letter")
    page(client, letter)
    page(client, letter)
    letter.delete()
    again = make_letter(title="The second letter")

    assert b"The second letter" in page(client, again).content
    assert b"The second letter" in page(client, again).content


def cached_pages():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM firmas_cache WHERE cache_key LIKE %s", ["%page-by-address%"]
        )
        return cursor.fetchone()[0]


def test_repeated_query_parameters_never_write_into_the_page_others_get(client, make_letter):
    """Security review, finding 7: the key holds one value of each parameter, so a page
    asked with a repeated one is not shared, and the clean address gets a clean page."""
    letter = make_letter(slug="carta-abierta")
    url = reverse("public:letter", args=[letter.slug])

    poisoned = client.get(f"{url}?lang=POISONED-xss&lang=en")
    clean = client.get(url, {"lang": "en"})

    assert poisoned.status_code == clean.status_code == 200
    assert "POISONED" not in clean.content.decode()
    assert cached_pages() == 1  # the clean one only


def test_unknown_page_and_language_values_fill_no_cache(client, make_letter):
    """Security review, finding 8: a value the page does not show gets the page it falls
    back to, never a cache entry of its own."""
    letter = make_letter()
    assert page(client, letter).status_code == 200
    assert page(client, letter, page="1").status_code == 200
    assert cached_pages() == 2

    for params in (
        {"page": "999"},
        {"page": "01"},
        {"page": "x" * 500},
        {"lang": "fr"},
        {"lang": "EN"},
        *({"lang": f"junk{number}"} for number in range(20)),
    ):
        response = page(client, letter, **params)
        assert response.status_code == 200
        assert b"An open letter" in response.content

    assert cached_pages() == 2
