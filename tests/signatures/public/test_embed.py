"""The sign box other websites frame, and the count badge they show as an image."""

import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.test_csp import assert_strict

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(make_letter, make_signature):
    from letters.models import LetterVersion

    letter = make_letter(slug="carta", title="Letter on <asylum> & refuge")
    LetterVersion.objects.create(
        letter=letter, language="es", title="Carta sobre el asilo", body="."
    )
    make_signature(letter, "Casa Monarca", email="private@casa.example", contact_name="Lupita")
    make_signature(letter, "GTPM", kind="network", members=["CELS", "Sin Fronteras"])
    make_signature(letter, "Ana Hurtado", kind="individual", email="ana@private.example")
    make_signature(letter, "Persona en riesgo", kind="individual", visibility="delivery_only")
    make_signature(letter, "Pendiente A.C.", status="pending")
    make_signature(letter, "Rechazada A.C.", status="rejected")
    return letter


def embed_url(letter, **params):
    query = "".join(f"?{key}={value}" for key, value in params.items())
    return reverse("public:embed", args=[letter.slug]) + query


def badge_url(letter, **params):
    query = "".join(f"?{key}={value}" for key, value in params.items())
    return reverse("public:badge", args=[letter.slug]) + query


PRIVATE = ["private@casa.example", "Lupita", "ana@private.example", "Persona en riesgo"]
NOT_APPROVED = ["Pendiente A.C.", "Rechazada A.C."]


def test_any_site_may_frame_the_sign_box_and_only_it(client, letter):
    box = client.get(embed_url(letter))
    page = client.get(letter.get_absolute_url())

    assert box.status_code == 200
    assert "X-Frame-Options" not in box.headers
    policy = box.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    # Everything else in the policy stays as strict as on every other page.
    assert_strict_but_frameable(box)
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def assert_strict_but_frameable(response):
    response.headers["Content-Security-Policy"] = response.headers[
        "Content-Security-Policy"
    ].replace("frame-ancestors *", "frame-ancestors 'none'")
    assert_strict(response)


def test_the_sign_box_shows_the_title_the_count_and_a_button_that_opens_a_new_tab(client, letter):
    html = client.get(embed_url(letter), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    assert "Letter on &lt;asylum&gt; &amp; refuge" in html
    # Approved signatures, "delivered only" included: 2 organizations plus the
    # network's 2 members, 2 individuals.
    assert "6 signatories: 4 organizations and 2 individuals" in text
    sign = f'href="{reverse("signing:sign", args=[letter.slug])}" target="_blank" rel="noopener"'
    assert sign in html
    assert f'href="{letter.get_absolute_url()}?lang=en" target="_blank"' in html


def test_the_sign_box_holds_nothing_private_and_nothing_that_acts(client, letter):
    response = client.get(embed_url(letter))
    html = response.content.decode()

    for private in PRIVATE + NOT_APPROVED:
        assert private not in html
    # No form, no session, no CSRF cookie: inside a frame nothing can be made to act.
    assert "<form" not in html
    assert "csrftoken" not in response.cookies
    assert "sessionid" not in response.cookies
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=300" in response.headers["Cache-Control"]


def test_the_sign_box_speaks_the_language_the_site_asks_for(client, letter):
    html = client.get(embed_url(letter, lang="es"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="es">' in html
    assert "Carta sobre el asilo" in html


def test_a_closed_letter_s_sign_box_says_so_without_a_button(client, letter):
    letter.status = "closed"
    letter.save()

    html = client.get(embed_url(letter), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "This letter no longer takes signatures." in html
    assert reverse("signing:sign", args=[letter.slug]) not in html


def test_drafts_have_no_sign_box_and_no_badge(client, make_letter):
    draft = make_letter(slug="borrador", status="draft")

    assert client.get(embed_url(draft)).status_code == 404
    assert client.get(badge_url(draft)).status_code == 404


def test_the_badge_is_a_cacheable_svg_with_the_count(client, letter):
    response = client.get(badge_url(letter, lang="en"))
    svg = response.content.decode()

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=300" in response.headers["Cache-Control"]
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    assert root.get("aria-label") == "6 signatories"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["signatories", "6"]
    for private in PRIVATE + NOT_APPROVED + ["Casa Monarca"]:
        assert private not in svg


def test_the_badge_groups_thousands_and_fits_its_text(client, letter, make_signature):
    from signatures.models import Signature

    Signature.objects.bulk_create(
        Signature(letter=letter, kind="individual", name=f"Persona {n}", status="approved")
        for n in range(1200)
    )

    svg = client.get(badge_url(letter, lang="en")).content
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)

    number = list(root.iter("{http://www.w3.org/2000/svg}text"))[1]
    assert number.text == "1,206"
    assert int(number.get("textLength")) < int(root.get("width"))


def test_the_letter_page_offers_the_code_to_copy(client, letter, settings):
    settings.SITE_URL = "https://firmas.example.org"

    html = client.get(letter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Put this letter on your website" in html
    # Shown as text to copy: the page escapes the code, whose own attributes are escaped.
    assert (
        "&lt;iframe src=&quot;https://firmas.example.org/letters/carta/embed/?lang=en&quot; "
        "title=&quot;Letter on &amp;lt;asylum&amp;gt; &amp;amp; refuge&quot;"
    ) in html
    badge = "https://firmas.example.org/letters/carta/badge.svg?lang=en"
    assert f"&lt;img src=&quot;{badge}&quot;" in html
    # The preview comes from this site, whatever SITE_URL says.
    assert '<img src="/letters/carta/badge.svg?lang=en"' in html


def test_the_badge_and_the_sign_box_speak_spanish(client, letter):
    # Pending the Spanish catalog: "signatory/signatories" is to read "firmante/firmantes".
    svg = client.get(badge_url(letter, lang="es")).content
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    box = client.get(embed_url(letter, lang="es")).content.decode()

    assert [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")] == ["firmantes", "6"]
    assert "Firmar esta carta" in box
    assert "firmantes:" in box
