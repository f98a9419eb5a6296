"""A draft's public page and signing forms: its team sees them with a banner, unindexed
and never cached; everyone else gets the same 404 as for no letter at all. And the
public page's language: the reader's when the letter has it, else the original, said."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from letters.models import LetterRole, LetterVersion
from signatures.models import Signature
from tests.signatures.signing.helpers import INDIVIDUAL

pytestmark = pytest.mark.django_db

BANNER = "Draft — only the letter"
NOINDEX = '<meta name="robots" content="noindex">'


@pytest.fixture
def draft(make_letter, django_user_model):
    cache.clear()
    return make_letter(slug="borrador", status="draft", title="A draft letter")


@pytest.fixture
def team(draft, django_user_model):
    owner = django_user_model.objects.create_user("duena-borrador", password="x")
    moderator = django_user_model.objects.create_user("moderadora-borrador", password="x")
    LetterRole.objects.create(letter=draft, user=owner, role="owner")
    LetterRole.objects.create(letter=draft, user=moderator, role="moderator")
    return {"owner": owner, "moderator": moderator}


def pages(letter):
    return [
        reverse("public:letter", args=[letter.slug]),
        reverse("signing:sign", args=[letter.slug]),
        reverse("signing:sign_individual", args=[letter.slug]),
    ]


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_the_team_sees_the_draft_with_a_banner_unindexed_and_uncached(client, draft, team, who):
    client.force_login(team[who])

    for url in pages(draft):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert BANNER in page, url
        assert NOINDEX in page, url
        assert "no-store" in response["Cache-Control"], url
    assert "A draft letter" in client.get(pages(draft)[0]).content.decode()


def test_outsiders_get_a_404_for_a_draft(client, draft, team, other_moderator, superuser):
    for url in pages(draft):
        assert client.get(url).status_code == 404, url
    client.force_login(other_moderator)
    for url in pages(draft):
        assert client.get(url).status_code == 404, url
    client.force_login(superuser)  # superusers may moderate every letter
    assert client.get(pages(draft)[0]).status_code == 200


def test_a_draft_takes_no_signature_even_from_its_team(client, draft, team):
    client.force_login(team["owner"])

    response = client.post(reverse("signing:sign_individual", args=[draft.slug]), INDIVIDUAL)

    assert response.status_code == 403
    assert "A draft takes no signatures" in response.content.decode()
    assert not Signature.objects.exists()


def test_the_team_s_look_at_a_draft_never_reaches_anonymous_readers(client, draft, team, settings):
    client.force_login(team["owner"])
    client.get(pages(draft)[0])
    client.logout()

    assert client.get(pages(draft)[0]).status_code == 404
    draft.open()
    opened = client.get(pages(draft)[0]).content.decode()
    assert BANNER not in opened and NOINDEX not in opened


def test_an_open_letter_shows_no_banner(client, letter):
    page = client.get(letter.get_absolute_url()).content.decode()

    assert BANNER not in page and NOINDEX not in page


def test_a_reader_gets_their_language_when_the_letter_has_it(client, letter):
    page = client.get(letter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Carta sobre las restricciones al asilo" in page
    assert "solo existe en" not in page


def test_a_reader_whose_language_it_lacks_reads_the_original_and_is_told(client, make_letter):
    letter = make_letter(slug="only-english", title="Only in English")

    spanish = client.get(letter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get(letter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Only in English" in spanish
    assert "Esta carta solo existe en inglés." in spanish
    assert "exists only in" not in english


def test_asking_for_a_missing_language_says_so_too(client, make_letter):
    letter = make_letter(slug="solo-espanol", language="es", title="Solo en español")

    page = client.get(letter.get_absolute_url(), {"lang": "en"}).content.decode()

    assert "This letter exists only in Spanish." in page
    assert not LetterVersion.objects.filter(letter=letter, language="en").exists()
