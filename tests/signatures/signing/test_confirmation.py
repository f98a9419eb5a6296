"""Email confirmation: links that expire, serve one purpose, and act only on POST."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse

from signatures import tokens
from signatures.models import Signature
from tests.signatures.signing.helpers import link


@pytest.fixture
def signed(letter, sign):
    """An organization has signed; its confirmation email is in the outbox."""
    sign(letter, "organization")
    return Signature.objects.get()


def test_a_get_on_the_confirm_link_only_shows_a_button(client, signed):
    response = client.get(link(mail.outbox[0], "confirm"))
    signed.refresh_from_db()

    assert response.status_code == 200
    assert '<button type="submit" class="btn btn-primary btn-lg">Confirm my signature' in (
        response.content.decode()
    )
    assert signed.status == "unconfirmed"
    assert signed.confirmed_at is None


def test_confirming_twice_changes_nothing_the_second_time(client, post, signed):
    confirm = link(mail.outbox[0], "confirm")
    post(confirm)
    post(confirm)
    signed.refresh_from_db()

    assert signed.status == "pending"
    assert signed.events.filter(action="confirmed").count() == 1
    page = client.get(confirm).content.decode()
    assert "The organizers will review it before it appears" in page
    assert "See, correct or withdraw your signature" in page


def test_a_letter_without_moderation_approves_on_confirmation(client, letter, post, signed):
    letter.require_moderation = False
    letter.save()

    post(link(mail.outbox[0], "confirm"))
    signed.refresh_from_db()

    assert signed.status == "approved"
    assert signed.decided_at is not None
    assert "Instituto para las Mujeres" in client.get(letter.get_absolute_url()).content.decode()


def test_a_manage_token_does_not_confirm(client, post, signed):
    manage_token = tokens.make_token(signed, tokens.MANAGE)
    url = reverse("signing:confirm", args=[signed.letter.slug, signed.public_id, manage_token])

    response = post(url)
    signed.refresh_from_db()

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    assert signed.status == "unconfirmed"


def test_a_token_for_another_signature_does_not_confirm(letter, post, sign, signed):
    sign(letter, "individual")
    other = Signature.objects.get(kind="individual")
    token = tokens.make_token(other, tokens.CONFIRM)

    response = post(reverse("signing:confirm", args=[letter.slug, signed.public_id, token]))
    signed.refresh_from_db()

    assert response.status_code == 404
    assert signed.status == "unconfirmed"


def test_a_mangled_link_gets_a_clear_page(client, post, signed):
    confirm = link(mail.outbox[0], "confirm")
    mangled = confirm[:-3] + "x/"

    response = post(mangled)
    signed.refresh_from_db()

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    assert signed.status == "unconfirmed"


def test_an_expired_link_does_not_confirm_and_offers_a_new_one(
    client, post, signed, settings, monkeypatch
):
    confirm = link(mail.outbox[0], "confirm")
    later = (
        signing.time.time() + timedelta(days=settings.FIRMAS_CONFIRM_LINK_DAYS + 1).total_seconds()
    )
    monkeypatch.setattr(signing.time, "time", lambda: later)

    page = client.get(confirm)
    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()

    response = post(confirm)
    signed.refresh_from_db()

    assert signed.status == "unconfirmed"
    assert response["Location"] == reverse("signing:link_sent", args=[signed.letter.slug])
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("A new link for your signature")
    assert link(mail.outbox[1], "confirm") != confirm

    monkeypatch.undo()
    post(link(mail.outbox[1], "confirm"))
    signed.refresh_from_db()
    assert signed.status == "pending"


def test_the_link_expiry_is_a_setting(signed, settings, monkeypatch):
    token = tokens.make_token(signed, tokens.CONFIRM)
    settings.FIRMAS_CONFIRM_LINK_DAYS = 2
    in_three_days = signing.time.time() + timedelta(days=3).total_seconds()

    assert tokens.check_token(signed.public_id, token, tokens.CONFIRM) == tokens.VALID
    monkeypatch.setattr(signing.time, "time", lambda: in_three_days)
    assert tokens.check_token(signed.public_id, token, tokens.CONFIRM) == tokens.EXPIRED
    settings.FIRMAS_CONFIRM_LINK_DAYS = 4
    assert tokens.check_token(signed.public_id, token, tokens.CONFIRM) == tokens.VALID


def test_a_letter_closed_before_confirmation_does_not_take_the_signature(
    client, letter, post, signed
):
    letter.status = "closed"
    letter.save()

    response = post(link(mail.outbox[0], "confirm"))
    signed.refresh_from_db()

    assert signed.status == "unconfirmed"
    assert "It closed before your signature was confirmed." in response.content.decode()


def test_without_confirmation_a_signature_waits_for_moderation_and_gets_its_manage_link(
    client, letter, sign
):
    letter.require_confirmation = False
    letter.save()

    sign(letter, "individual")
    signature = Signature.objects.get()

    assert signature.status == "pending"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Your signature")
    assert link(mail.outbox[0], "confirm") is None
    manage = link(mail.outbox[0], "manage")
    assert "Confirmed. The organizers will review it" in client.get(manage).content.decode()
    assert (
        "Check your email." in client.get(f"/letters/{letter.slug}/sign/thanks/").content.decode()
    )


def test_without_confirmation_or_moderation_a_signature_is_listed_at_once(client, letter, sign):
    letter.require_confirmation = False
    letter.require_moderation = False
    letter.save()

    sign(letter, "individual")

    assert Signature.objects.get().status == "approved"
    assert "It is counted on the letter from now on." in mail.outbox[0].body
    assert "Xóchitl Rodríguez Quintero" in client.get(letter.get_absolute_url()).content.decode()
