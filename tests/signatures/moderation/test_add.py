"""Signatures that arrive by email or on paper, typed in by a moderator."""

import pytest
from django.core import mail
from django.urls import reverse

from signatures.models import Signature

pytestmark = pytest.mark.django_db

PAPER = {
    "kind": "organization",
    "name": "Casa Monarca Ayuda Humanitaria al Migrante",
    "acronym": "",
    "title": "",
    "country": "MX",
    "city": "Monterrey",
    "website": "",
    "visibility": "public",
    "contact_name": "Sor Consuelo",
    "contact_role": "",
    "email": "",
    "note": "Signed sheet handed in at the forum",
    "origin": "paper",
    "status": "approved",
}


def add_url(letter):
    return reverse("moderation:add", args=[letter.slug])


def test_a_paper_signature_is_added_with_its_origin_and_who_typed_it(
    as_user, moderator, letter, post
):
    as_user(moderator)
    response = post(add_url(letter), PAPER)

    added = Signature.objects.get(letter=letter)
    assert response.status_code == 302
    assert response.url == reverse("moderation:detail", args=[letter.slug, added.public_id])
    assert (added.origin, added.status, added.contact_name) == ("paper", "approved", "Sor Consuelo")
    assert added.decided_at is not None
    event = added.events.get()
    assert (event.action, event.actor, event.to_status) == ("created", moderator, "approved")
    assert event.changes == {"origin": [None, "paper"]}
    assert mail.outbox == []  # no confirmation email to a paper signatory


def test_an_emailed_signature_can_wait_for_another_moderator(as_user, moderator, letter):
    as_user(moderator).post(
        add_url(letter),
        {**PAPER, "origin": "email", "status": "pending", "email": "casa@example.org"},
    )

    added = Signature.objects.get(letter=letter)
    assert (added.origin, added.status, added.decided_at) == ("email", "pending", None)


def test_an_address_that_already_signed_as_that_kind_is_refused(
    as_user, moderator, letter, signature
):
    signature("Casa Monarca", email="casa@example.org")
    response = as_user(moderator).post(
        add_url(letter), {**PAPER, "origin": "email", "email": "CASA@example.org"}
    )

    assert response.status_code == 200
    assert "already signed this letter" in response.content.decode()
    assert Signature.objects.filter(letter=letter).count() == 1
