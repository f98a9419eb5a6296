"""Hostile input is shown as text everywhere; contact details never reach public pages."""

import re

import pytest
from django.core import mail

from signatures.models import Signature
from tests.signatures.signing.helpers import (
    INDIVIDUAL,
    NETWORK,
    ORGANIZATION,
    html_of,
    link,
    public_html,
    thanks_url,
)

SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'

HOSTILE = {
    "organization": dict(
        ORGANIZATION,
        name=f"Org {SCRIPT}",
        acronym="<b>A</b>",
        city=f"City {IMAGE}",
        contact_name=f"Contact {SCRIPT}",
        contact_role=f"Role {IMAGE}",
        note=f"Note {SCRIPT}",
        new_networks=f"Net {SCRIPT}",
    ),
    "individual": dict(INDIVIDUAL, name=f"Person {SCRIPT}", title=f"Title {IMAGE}", note=SCRIPT),
    "network": dict(
        NETWORK,
        name=f"Network {SCRIPT}",
        acronym="<i>N</i>",
        member_organizations=f"Member {SCRIPT}, Role {IMAGE}",
        member_people=f"Person {IMAGE}",
        contact_name=f"Rep {SCRIPT}",
        note=f"Note {IMAGE}",
    ),
}


ESCAPED_NAME = {
    "organization": "Org &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;",
    "individual": "Person &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;",
    "network": "Network &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;",
}


def assert_no_markup(html):
    # The only scripts are the app's own static files, never markup a signer typed.
    assert all(tag.startswith('<script src="/static/') for tag in re.findall("<script[^>]*>", html))
    # The page has images of its own (the Firmas mark): none with the signer's markup.
    assert "<img src=x" not in html and 'onerror="' not in html
    assert "<b>A</b>" not in html and "<i>N</i>" not in html


@pytest.mark.parametrize("kind", ["organization", "individual", "network"])
def test_html_in_every_field_is_shown_escaped(client, letter, sign, post, moderator, kind):
    sign(letter, kind, HOSTILE[kind])
    message = mail.outbox[0]
    confirm, manage = link(message, "confirm"), link(message, "manage")

    confirm_page = client.get(confirm).content.decode()
    post(confirm)
    Signature.objects.get().approve(by=moderator)
    public = public_html(client, letter)
    manage_page = client.get(manage).content.decode()
    email_html = html_of(message)

    for html in [confirm_page, public, manage_page]:
        assert_no_markup(html)
        assert ESCAPED_NAME[kind] in html
    # The email goes to whatever address was typed: nothing typed travels in it.
    assert_no_markup(email_html)
    assert "alert" not in email_html and "alert" not in message.body
    # The manage page shows every field the signer typed, private ones too.
    assert manage_page.count("&lt;script&gt;") >= 3
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in manage_page
    if kind == "network":
        assert "Member &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; (Role &lt;img" in public
        assert "Person &lt;img" in public


def test_the_plain_text_email_shows_the_title_as_written(letter, sign):
    letter.versions.filter(language="en").update(title="Ana & Co <Investigación>")
    sign(letter, "individual", dict(INDIVIDUAL, language="en"))

    assert "“Ana & Co <Investigación>”" in mail.outbox[0].body
    assert "Ana &amp; Co &lt;Investigación&gt;" in html_of(mail.outbox[0])


def test_no_contact_detail_reaches_any_public_page(client, letter, sign, post, moderator):
    for kind in ["organization", "individual", "network"]:
        sign(letter, kind)
        post(link(mail.outbox[-1], "confirm"))
        Signature.objects.get(kind=kind).approve(by=moderator)
    private = [
        "gretchen@imumi.example",
        "xochitl@example.org",
        "secretaria@gtpm.example",
        "Gretchen Contacto",
        "Representante Privada",
        "Directora",
        "Private note",
    ]

    pages = [
        public_html(client, letter),
        public_html(client, letter, lang="es"),
        client.get(thanks_url(letter)).content.decode(),
        client.get("/").content.decode(),
        body(client.get(f"/letters/{letter.slug}/signatories.json")),
        body(client.get(f"/letters/{letter.slug}/signatories.csv")),
    ]

    assert "Grupo de Trabajo sobre Política Migratoria" in pages[0]
    for page in pages:
        for detail in private:
            assert detail not in page


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()
