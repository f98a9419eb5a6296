"""The header's language switch: links, kept in a cookie, back to the same page on this site."""

import html as html_lib
import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from signatures.models import Signature
from tests.signatures.signing.helpers import INDIVIDUAL, sign_url

pytestmark = pytest.mark.django_db

SWITCH = re.compile(
    r'<a href="(?P<href>[^"]*)" hreflang="(?P<code>\w+)" lang="(?P=code)"[^>]*>(?P<name>[^<]*)</a>'
)


@pytest.fixture
def letter(make_letter):
    from letters.models import LetterVersion

    cache.clear()
    letter = make_letter(slug="asylum-letter", title="Letter on asylum restrictions")
    LetterVersion.objects.create(
        letter=letter, language="es", title="Carta sobre las restricciones al asilo", body="Hola"
    )
    return letter


def switch_links(response):
    """{language code: (its name as shown, the link's address)} in the page's header."""
    header = response.content.decode().split('class="language-switcher', 1)[1].split("</div>", 1)[0]
    return {m["code"]: (m["name"], html_lib.unescape(m["href"])) for m in SWITCH.finditer(header)}


def switch(code, next_url):
    """The switch's address for `code`, back to `next_url`."""
    return reverse("language", args=[code]) + "?" + urlencode({"next": next_url})


@pytest.mark.parametrize("interface", ["en", "es"])
def test_the_switch_is_two_links_each_named_in_its_own_language(client, letter, interface):
    for url in [reverse("home"), letter.get_absolute_url(), sign_url(letter, "individual")]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=interface)
        page = response.content.decode()

        assert switch_links(response) == {
            "es": ("Español", f"/i18n/es/?next={url.replace('/', '%2F')}"),
            "en": ("English", switch("en", url)),
        }
        # The switch is no form: a page without one of its own has no token.
        assert 'action="/i18n/' not in page
        current = re.search(r'<a [^>]*aria-current="true"[^>]*>', page).group(0)
        assert f'lang="{interface}"' in current


def test_the_switch_comes_back_to_the_same_page_with_its_query(client, letter):
    url = sign_url(letter, "network") + "?network=Red+de+Apoyo"

    links = switch_links(client.get(url))

    assert links["es"][1] == switch("es", url)


def test_on_the_letter_page_the_version_read_follows_the_switch(client, letter):
    url = letter.get_absolute_url() + "?lang=en&page=2"

    links = switch_links(client.get(url))

    assert links["es"][1] == switch("es", "/letters/asylum-letter/?lang=es&page=2")
    assert links["en"][1] == switch("en", "/letters/asylum-letter/?lang=en&page=2")


def test_the_choice_is_kept_for_the_next_pages(client, letter):
    page = letter.get_absolute_url()
    assert '<html lang="en">' in client.get(page).content.decode()

    response = client.get(reverse("language", args=["es"]), {"next": page})

    assert response.status_code == 302
    assert response["Location"] == page
    cookie = response.cookies["django_language"]
    assert cookie.value == "es" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]
    spanish = client.get(page).content.decode()
    assert '<html lang="es">' in spanish
    assert "Carta sobre las restricciones al asilo" in spanish  # the version in Spanish
    assert '<html lang="es">' in client.get(reverse("home")).content.decode()

    client.get(reverse("language", args=["en"]), {"next": page})

    assert "Letter on asylum restrictions" in client.get(page).content.decode()


def test_the_cached_letter_page_follows_each_readers_choice(letter):
    spanish, english = Client(), Client()
    spanish.get(reverse("language", args=["es"]), {"next": "/"})
    for reader in [english, spanish, english, spanish]:  # rendered, then from the cache
        reader.get(letter.get_absolute_url())

    assert '<html lang="es">' in spanish.get(letter.get_absolute_url()).content.decode()
    assert '<html lang="en">' in english.get(letter.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "",
        "letters/",
    ],
)
def test_a_next_page_on_another_site_is_refused_for_home(client, next_url):
    response = client.get(reverse("language", args=["es"]), {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert response.cookies["django_language"].value == "es"


def test_no_next_page_leads_home(client):
    response = client.get(reverse("language", args=["en"]), HTTP_REFERER="https://evil.example/")

    assert response["Location"] == reverse("home")


def test_an_unknown_language_is_not_found_and_sets_nothing(client):
    response = client.get("/i18n/fr/", {"next": "/"})

    assert response.status_code == 404
    assert "django_language" not in response.cookies


def test_the_switch_takes_no_post(client):
    response = client.post(reverse("language", args=["es"]), {"next": "/"})

    assert response.status_code == 405
    assert "django_language" not in response.cookies


def test_the_signing_form_keeps_its_token_and_signs_after_a_switch(letter):
    url = sign_url(letter, "individual")
    Client().get(url)  # the shared form, in the cache
    reader = Client(enforce_csrf_checks=True)
    link = switch_links(reader.get(url))["es"][1]

    assert reader.get(link)["Location"] == url
    form = reader.get(url)
    page = form.content.decode()
    assert '<html lang="es">' in page and "Firmar la carta" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert reader.post(url, INDIVIDUAL).status_code == 403  # without the token: refused
    assert reader.post(url, {**INDIVIDUAL, "csrfmiddlewaretoken": token}).status_code == 302
    signature = Signature.objects.get()
    assert signature.email_language == "es"  # emails in the language the signer chose
