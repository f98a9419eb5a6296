"""The tokens in emailed links cannot be guessed, and each opens one thing for one purpose.

A signer's link is /letters/<slug>/signatures/<public_id>/<purpose>/<token>/: the
public id is a random UUID, the token an HMAC-SHA256 of it (salted per purpose,
keyed with SECRET_KEY) with a timestamp. A token works only with its own
signature, its own letter and its own purpose, and only until it expires.
"""

import base64
import re
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse

from signatures import tokens
from signatures.models import Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(make_letter):
    return make_letter(slug="carta")


@pytest.fixture
def other_letter(make_letter):
    return make_letter(slug="otra-carta")


@pytest.fixture
def first(make_signature, letter):
    return make_signature(letter, "Casa Monarca", email="casa@example.org", status="unconfirmed")


@pytest.fixture
def second(make_signature, letter):
    return make_signature(letter, "Cristosal", email="cristosal@example.org", status="unconfirmed")


def url(name, signature, token, slug=None):
    return reverse(
        f"signing:{name}", args=[slug or signature.letter.slug, signature.public_id, token]
    )


def test_the_public_id_is_a_random_uuid(first, second):
    assert first.public_id.version == 4
    assert first.public_id != second.public_id


def test_a_token_is_a_timestamp_and_a_256_bit_mac(first):
    token = tokens.make_token(first, tokens.MANAGE)
    timestamp, mac = token.split(":")

    assert re.fullmatch(r"[0-9A-Za-z]{1,8}", timestamp)
    assert re.fullmatch(r"[-_0-9A-Za-z]{43}", mac)
    assert len(base64.urlsafe_b64decode(mac + "=")) == 32  # SHA-256: 256 bits, not guessable


def test_tokens_differ_by_signature_and_by_purpose(first, second):
    made = {
        tokens.make_token(signature, purpose)
        for signature in (first, second)
        for purpose in (tokens.CONFIRM, tokens.MANAGE)
    }
    macs = {token.split(":")[1] for token in made}

    assert len(macs) == 4


def test_a_token_is_keyed_with_the_secret_key(first):
    token = tokens.make_token(first, tokens.MANAGE)

    with override_settings(SECRET_KEY="another-secret-key-of-some-fifty-characters-or-more"):
        assert tokens.check_token(first.public_id, token, tokens.MANAGE) == tokens.INVALID
    assert tokens.check_token(first.public_id, token, tokens.MANAGE) == tokens.VALID


def test_changing_any_character_of_a_token_breaks_it(first):
    token = tokens.make_token(first, tokens.MANAGE)
    for position in range(len(token)):
        if token[position] == ":":
            continue
        replacement = "A" if token[position] != "A" else "B"
        forged = token[:position] + replacement + token[position + 1 :]
        assert tokens.check_token(first.public_id, forged, tokens.MANAGE) != tokens.VALID, position


def test_a_confirm_token_does_not_open_the_manage_page(client, first):
    confirm_token = tokens.make_token(first, tokens.CONFIRM)

    assert client.get(url("confirm", first, confirm_token)).status_code == 200
    for name in ("manage", "withdraw", "restore"):
        response = client.post(url(name, first, confirm_token), {"name": "Hackeada"})
        assert response.status_code == 404, name
    first.refresh_from_db()
    assert (first.name, first.status) == ("Casa Monarca", "unconfirmed")


def test_a_manage_token_does_not_confirm(client, first):
    manage_token = tokens.make_token(first, tokens.MANAGE)

    response = client.post(url("confirm", first, manage_token))

    assert response.status_code == 404
    first.refresh_from_db()
    assert first.status == "unconfirmed"


def test_a_token_for_one_signature_opens_no_other(client, first, second):
    token = tokens.make_token(first, tokens.MANAGE)

    page = client.get(url("manage", second, token))
    edit = client.post(url("manage", second, token), {"name": "Hackeada", "visibility": "public"})
    withdraw = client.post(url("withdraw", second, token))
    confirm = client.post(url("confirm", second, tokens.make_token(first, tokens.CONFIRM)))

    assert [r.status_code for r in (page, edit, withdraw, confirm)] == [404] * 4
    assert "Cristosal" not in page.content.decode()
    second.refresh_from_db()
    assert (second.name, second.status) == ("Cristosal", "unconfirmed")


def test_a_token_under_another_letters_address_fails(client, first, other_letter, make_signature):
    theirs = make_signature(other_letter, "Otra", email="otra@example.org", status="unconfirmed")
    token = tokens.make_token(first, tokens.MANAGE)

    # The right signature and token under the other letter's slug, and the other
    # letter's signature with this letter's slug: neither resolves.
    wrong_slug = client.get(url("manage", first, token, slug=other_letter.slug))
    wrong_pair = client.get(url("manage", theirs, token))
    withdraw = client.post(url("withdraw", first, token, slug=other_letter.slug))

    assert [wrong_slug.status_code, wrong_pair.status_code, withdraw.status_code] == [404] * 3
    first.refresh_from_db()
    assert first.status == "unconfirmed"


def test_an_unknown_public_id_and_a_known_one_look_the_same(client, first):
    forged = "1abcde:" + "A" * 43
    unknown = Signature(letter=first.letter, public_id=uuid.uuid4())

    known_page = client.get(url("manage", first, forged))
    unknown_page = client.get(url("manage", unknown, forged))

    assert known_page.status_code == unknown_page.status_code == 404

    def comparable(page, public_id):  # the address is in the language switcher
        html = page.content.decode().replace(str(public_id), "ID")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert comparable(known_page, first.public_id) == comparable(unknown_page, unknown.public_id)


def test_an_expired_token_acts_on_nothing_and_offers_a_new_link(client, first, settings):
    token = tokens.make_token(first, tokens.MANAGE)
    later = (
        signing.time.time() + timedelta(days=settings.FIRMAS_MANAGE_LINK_DAYS + 1).total_seconds()
    )

    with mock.patch("django.core.signing.time.time", return_value=later):
        page = client.get(url("manage", first, token))
        withdraw = client.post(url("withdraw", first, token))

    assert page.status_code == 410
    assert withdraw.status_code == 302  # the request for a new link, not a withdrawal
    assert withdraw["Location"] == reverse("signing:link_sent", args=[first.letter.slug])
    first.refresh_from_db()
    assert first.status == "unconfirmed"


def test_an_invitation_link_opens_its_own_invitation_only(client, letter, make_letter):
    from letters import invitations

    other = make_letter(slug="tercera")
    mine = letter.invite("invitada@example.org")
    theirs = other.invite("otra@example.org")
    token = invitations.make_token(mine)

    def accept_url(invitation, token):
        return reverse("accept_invitation", args=[invitation.token, token])

    assert client.get(accept_url(mine, token)).status_code == 200
    assert client.get(accept_url(theirs, token)).status_code == 404
    assert mine.token.version == 4
