"""A signer's choice to be named only in the delivered letter is theirs (security
review, finding 3): moderators may make a public signer delivered-only, never the
reverse, and a delivered-only organization goes on a public network's member list
only if it named that network when it signed."""

import pytest
from django.urls import reverse

from signatures.models import Member, Network, Signature
from signatures.public.listing import build_signatory_list
from tests.signatures.moderation.test_edit import EDIT

pytestmark = pytest.mark.django_db

DELIVERY_ONLY = Signature.Visibility.DELIVERY_ONLY


def url(name, signature):
    return reverse(f"moderation:{name}", args=[signature.letter.slug, signature.public_id])


def public_text(letter):
    entries = build_signatory_list(Signature.objects.filter(letter=letter).public())
    return " | ".join(entry.text for entry in entries.organizations)


def test_a_moderator_cannot_publish_a_signer_who_chose_the_delivered_letter_only(
    as_user, moderator, letter, signature
):
    hidden = signature("Colectivo Resguardado", status="approved", visibility=DELIVERY_ONLY)

    response = as_user(moderator).post(url("edit", hidden), {**EDIT, "name": hidden.name})

    assert response.status_code == 400
    hidden.refresh_from_db()
    assert hidden.visibility == DELIVERY_ONLY
    assert "Colectivo Resguardado" not in public_text(letter)
    page = as_user(moderator).get(url("detail", hidden)).content.decode()
    assert "Only they can change that" in page


def test_a_moderator_may_still_make_a_public_signer_delivered_only(
    as_user, moderator, letter, signature
):
    imumi = signature("IMUMI", status="approved")

    response = as_user(moderator).post(url("edit", imumi), {**EDIT, "visibility": DELIVERY_ONLY})

    assert response.status_code == 302
    imumi.refresh_from_db()
    assert imumi.visibility == DELIVERY_ONLY


def test_an_entry_the_team_typed_in_keeps_its_visibility_editable(
    as_user, moderator, letter, signature
):
    paper = signature("Casa del Papel", status="approved", visibility=DELIVERY_ONLY, origin="paper")

    response = as_user(moderator).post(url("edit", paper), EDIT)

    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.visibility == "public"


def test_a_delivered_only_organization_is_not_put_on_a_public_networks_list(
    as_user, moderator, letter, signature
):
    gtpm = signature("GTPM", kind="network", status="approved", members=["Sin Fronteras"])
    hidden = signature("Colectivo Resguardado", status="approved", visibility=DELIVERY_ONLY)

    response = as_user(moderator).post(url("attach", hidden), {"network_signature": gtpm.pk})

    assert response.status_code == 400
    assert "named when it signed" in response.content.decode()
    assert not Member.objects.filter(signature=hidden).exists()
    assert "Colectivo Resguardado" not in public_text(letter)


def test_it_is_when_it_named_that_network_itself(as_user, moderator, letter, signature):
    network = Network.objects.create(name="GTPM")
    gtpm = signature("GTPM", kind="network", status="approved", network=network)
    hidden = signature("Colectivo Resguardado", status="approved", visibility=DELIVERY_ONLY)
    hidden.member_of.add(network)

    response = as_user(moderator).post(url("attach", hidden), {"network_signature": gtpm.pk})

    assert response.status_code == 302
    assert Member.objects.filter(signature=hidden, network_signature=gtpm).exists()
