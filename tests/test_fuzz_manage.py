"""Hostile input on the signer's own pages: the manage form and the links from emails.

The manage form corrects a signature through its emailed link: never a 500, and
either a message or a saved, escaped value. A mangled or forged token, whatever
its bytes, gets the "link not valid" page and changes nothing.
"""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from signatures import tokens
from signatures.models import Signature
from tests.hostile import (
    INDIVIDUAL_FIELDS,
    MEMBER_LINES,
    NETWORK_FIELDS,
    ORGANIZATION_FIELDS,
    TYPED_FIELDS,
    assert_form_refused,
    assert_no_raw_markup,
    assert_saved_cleanly,
    assert_shown_escaped,
    fuzz_letter,  # noqa: F401 (the `letter` fixture)
    fuzz_settings,
    hostile_examples,
    hostile_post,
    hostile_text,
    plain_templates,  # noqa: F401 (an autouse fixture)
    text_examples,
)

pytestmark = pytest.mark.django_db

EDITABLE = {"email", "consent", "authorized", "extra_info"}

EDIT_DATA = {
    "organization": {
        "name": "Casa del Migrante",
        "acronym": "CdM",
        "country": "MX",
        "city": "Saltillo",
        "website": "https://casa.example",
        "new_networks": "",
        "contact_name": "Contacto Privado",
        "contact_role": "Coordinación",
        "note": "",
        "visibility": "public",
        "language": "es",
    },
    "individual": {
        "name": "Ana Hurtado",
        "title": "Investigadora",
        "country": "MX",
        "note": "",
        "visibility": "public",
        "language": "en",
    },
    "network": {
        "name": "Red de Defensoras",
        "acronym": "RD",
        "website": "https://red.example",
        "member_organizations": "Sin Fronteras\nAsylum Access, Observadora",
        "member_people": "Melissa Vertiz, Secretaria Técnica",
        "contact_name": "Representante Privada",
        "note": "",
        "visibility": "public",
        "language": "es",
    },
}

FIELDS = {
    "organization": ORGANIZATION_FIELDS,
    "individual": INDIVIDUAL_FIELDS,
    "network": {**NETWORK_FIELDS, "member_organizations": MEMBER_LINES},
}


def _without(fields, names):
    return {name: strategy for name, strategy in fields.items() if name not in names}


@pytest.fixture
def signed(letter, make_signature):
    """A pending signature of each kind, with the links its signer was emailed."""

    def make(kind):
        data = dict(EDIT_DATA[kind])
        for name in ("member_organizations", "member_people", "new_networks"):
            data.pop(name, None)
        return make_signature(letter, kind=kind, email=f"{kind}@example.org", **data)

    return make


def manage_url(signature, token=None, action=""):
    """The manage link with the signer's token, or with `token` whatever its bytes."""
    name = f"signing:{action}" if action else "signing:manage"
    args = [signature.letter.slug, signature.public_id]
    if token is None:
        return reverse(name, args=[*args, tokens.make_token(signature, tokens.MANAGE)])
    return reverse(name, args=[*args, "T"]).replace("/T/", f"/{quote(token, safe='')}/")


def check_edit(client, signature, data):
    url = manage_url(signature)
    response = client.post(url, data)

    assert response.status_code in (200, 302), response.status_code
    page = response.content.decode()
    assert_no_raw_markup(page)
    signature.refresh_from_db()
    assert_saved_cleanly(signature)
    if response.status_code == 200:
        assert_form_refused(page)
        return
    assert response["Location"] == url
    assert_shown_escaped(client, signature)


@pytest.mark.parametrize("kind", ["organization", "individual", "network"])
def test_manage_form_survives_hostile_input(client, letter, signed, kind):
    signature = signed(kind)
    fields = _without(FIELDS[kind], EDITABLE)

    @fuzz_settings
    @hostile_examples(EDIT_DATA[kind], [name for name in fields if name in TYPED_FIELDS])
    @given(data=hostile_post(EDIT_DATA[kind], fields))
    def correct(data):
        Signature.objects.filter(pk=signature.pk).update(status="pending")
        check_edit(client, signature, data)

    correct()


TOKEN = st.one_of(
    hostile_text().filter(lambda t: t != ""),
    st.sampled_from(["abc", "1abc:xyz", ":", "::::", "%00", "..", "a" * 5000]),
)


def test_forged_links_change_nothing(client, letter, signed):
    signature = signed("individual")

    @fuzz_settings
    @text_examples("token", purpose="manage", method="post", body={"name": "x" * 10_000})
    @given(
        token=TOKEN,
        purpose=st.sampled_from(["confirm", "manage", "withdraw", "restore"]),
        method=st.sampled_from(["get", "post"]),
        body=st.dictionaries(st.sampled_from(["name", "csrfmiddlewaretoken", "x"]), hostile_text()),
    )
    def forge(token, purpose, method, body):
        if purpose == "confirm":
            url = reverse("signing:confirm", args=[letter.slug, signature.public_id, "T"])
            url = url.replace("/T/", f"/{quote(token, safe='')}/")
        else:
            action = "" if purpose == "manage" else purpose
            url = manage_url(signature, token=token, action=action)
        cache.clear()
        response = getattr(client, method)(url, body)

        if response.status_code == 405:  # withdraw and restore take POST only
            assert method == "get" and purpose in ("withdraw", "restore")
        else:
            assert response.status_code == 404, response.status_code
            if "/" not in token:  # else no route matches: the plain 404 page
                assert "This link is not valid" in response.content.decode()
        assert "Ana Hurtado" not in response.content.decode()
        signature.refresh_from_db()
        assert (signature.status, signature.name) == ("approved", "Ana Hurtado")

    forge()
