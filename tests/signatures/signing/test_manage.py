"""The manage link: see, correct or withdraw a signature, and sign again."""

import pytest
from django.core import mail
from django.urls import reverse

from signatures import tokens
from signatures.models import Member, Network, Signature
from tests.signatures.signing.helpers import INDIVIDUAL, NETWORK, ORGANIZATION, link, public_html


@pytest.fixture
def approved(letter, sign, post, moderator):
    """Signs as `kind`, confirms and has a moderator approve; returns (signature, manage path)."""

    def approved(kind):
        sign(letter, kind)
        message = mail.outbox[-1]
        post(link(message, "confirm"))
        signature = Signature.objects.get(kind=kind)
        signature.approve(by=moderator)
        return signature, link(message, "manage")

    return approved


def edit_data(data, **changes):
    """The persona as the manage form posts it: without email, consent or bot field."""
    skip = {"email", "consent", "authorized"}
    return {key: value for key, value in {**data, **changes}.items() if key not in skip}


def test_the_manage_page_shows_the_signature_with_its_private_details(client, approved):
    signature, manage = approved("organization")

    html = client.get(manage).content.decode()

    assert "Approved: your signature appears on the letter." in html
    assert "Instituto para las Mujeres en la Migración (IMUMI)" in html
    assert "gretchen@imumi.example" in html  # the signer's own page, not a public one
    assert 'value="Ciudad de México"' in html
    assert 'name="email"' not in html  # the address that signed is not changed here


def test_a_public_correction_goes_back_to_moderation(client, letter, post, approved):
    signature, manage = approved("organization")

    response = post(manage, edit_data(ORGANIZATION, name="IMUMI, Instituto para las Mujeres"))
    signature.refresh_from_db()

    assert response.status_code == 302
    assert signature.name == "IMUMI, Instituto para las Mujeres"
    assert signature.status == "pending"
    event = signature.events.latest("pk")
    assert (event.action, event.from_status, event.to_status) == ("edited", "approved", "pending")
    assert event.changes == {
        "name": ["Instituto para las Mujeres en la Migración", "IMUMI, Instituto para las Mujeres"]
    }
    assert "will review them before they appear" in client.get(manage).content.decode()
    assert "IMUMI, Instituto" not in public_html(client, letter)


def test_a_private_correction_keeps_the_signature_listed(client, letter, post, approved):
    signature, manage = approved("organization")

    post(manage, edit_data(ORGANIZATION, contact_role="Coordinadora", note="Nueva nota"))
    signature.refresh_from_db()

    assert signature.status == "approved"
    assert (signature.contact_role, signature.note) == ("Coordinadora", "Nueva nota")
    assert "Instituto para las Mujeres" in public_html(client, letter)


def test_a_signer_at_risk_leaves_the_public_page_at_once_but_stays_counted(
    client, letter, post, approved
):
    signature, manage = approved("individual")

    post(manage, edit_data(INDIVIDUAL, visibility="delivery_only"))
    signature.refresh_from_db()
    page = client.get(letter.get_absolute_url())

    assert (signature.status, signature.visibility) == ("approved", "delivery_only")
    assert "Xóchitl" not in page.content.decode()
    assert page.context["count"].individuals == 1


def test_a_correction_on_an_unmoderated_letter_shows_at_once(client, letter, post, approved):
    letter.require_moderation = False
    letter.save()
    signature, manage = approved("individual")

    post(manage, edit_data(INDIVIDUAL, title="Profesora"))
    signature.refresh_from_db()

    assert signature.status == "approved"
    assert "Xóchitl Rodríguez Quintero, Profesora" in public_html(client, letter)


def test_saving_without_changes_records_nothing(client, post, approved):
    signature, manage = approved("individual")
    events = signature.events.count()

    post(manage, edit_data(INDIVIDUAL))
    signature.refresh_from_db()

    assert signature.status == "approved"
    assert signature.events.count() == events
    assert "Nothing was changed." in client.get(manage).content.decode()


def test_an_invalid_correction_changes_nothing_and_explains(client, post, approved):
    signature, manage = approved("organization")

    response = post(manage, edit_data(ORGANIZATION, name="", website="not a site"))
    signature.refresh_from_db()
    html = response.content.decode()

    assert response.status_code == 200
    assert "This field is required." in html
    assert "Enter a valid URL." in html
    assert signature.name == "Instituto para las Mujeres en la Migración"
    assert signature.status == "approved"


def test_a_network_corrects_its_members_keeping_links_to_own_signatures(
    client, letter, post, approved, make_signature
):
    network, manage = approved("network")
    sin_fronteras = make_signature(letter, "Sin Fronteras IAP")
    Member.objects.filter(name="Sin Fronteras").update(signature=sin_fronteras)

    members = "Sin Fronteras\nCasa Monarca, Observadoras"
    post(manage, edit_data(NETWORK, member_organizations=members))
    network.refresh_from_db()

    assert network.status == "pending"
    assert [(m.kind, m.name, m.role) for m in network.members.order_by("position")] == [
        ("organization", "Sin Fronteras", ""),
        ("organization", "Casa Monarca", "Observadoras"),
        ("person", "Melissa Vertiz", "Secretaria Técnica"),
    ]
    assert network.members.get(name="Sin Fronteras").signature == sin_fronteras
    assert "members" in network.events.latest("pk").changes


def test_an_organization_changes_the_networks_it_belongs_to(post, approved):
    signature, manage = approved("organization")

    post(manage, edit_data(ORGANIZATION, new_networks="Red Jesuita con Migrantes"))
    signature.refresh_from_db()

    assert [n.name for n in signature.member_of.all()] == ["Red Jesuita con Migrantes"]
    assert signature.status == "pending"
    assert Network.objects.filter(name="Red Jesuita con Migrantes").exists()


def test_withdrawing_removes_the_signature_from_the_list_and_count_at_once(
    client, letter, post, approved
):
    signature, manage = approved("organization")
    assert client.get(letter.get_absolute_url()).context["count"].organizations == 1

    response = post(manage + "withdraw/")
    signature.refresh_from_db()

    assert response["Location"] == manage
    assert signature.status == "withdrawn"
    page = client.get(letter.get_absolute_url())
    assert "Instituto para las Mujeres" not in page.content.decode()
    assert page.context["count"].organizations == 0
    assert mail.outbox[-1].subject.startswith("Your signature is withdrawn")
    html = client.get(manage).content.decode()
    assert "You withdrew this signature" in html
    assert "Withdraw my signature" not in html


def test_withdrawing_is_a_post(client, approved):
    signature, manage = approved("individual")

    response = client.get(manage + "withdraw/")
    signature.refresh_from_db()

    assert response.status_code == 405
    assert signature.status == "approved"


def test_a_signer_at_risk_can_withdraw_after_the_letter_closed(client, letter, post, approved):
    signature, manage = approved("individual")
    letter.status = "closed"
    letter.save()

    html = client.get(manage).content.decode()
    assert "can no longer be corrected here" in html
    assert 'name="title"' not in html

    post(manage, edit_data(INDIVIDUAL, name="Changed after closing"))
    post(manage + "withdraw/")
    signature.refresh_from_db()

    assert signature.name == "Xóchitl Rodríguez Quintero"
    assert signature.status == "withdrawn"


def test_a_withdrawn_signature_signs_again_through_moderation(client, letter, post, approved):
    signature, manage = approved("organization")
    post(manage + "withdraw/")

    post(manage + "restore/")
    signature.refresh_from_db()

    assert signature.status == "pending"
    assert signature.events.latest("pk").action == "restored"


def test_a_manage_link_opens_no_other_signature(client, letter, sign, approved):
    signature, manage = approved("organization")
    sign(letter, "individual")
    other = Signature.objects.get(kind="individual")
    token = manage.rstrip("/").rsplit("/", 1)[1]

    response = client.get(reverse("signing:manage", args=[letter.slug, other.public_id, token]))

    assert response.status_code == 404
    assert "Xóchitl" not in response.content.decode()


def test_a_confirm_token_does_not_open_the_manage_page(client, letter, sign):
    sign(letter, "individual")
    signature = Signature.objects.get()
    token = tokens.make_token(signature, tokens.CONFIRM)

    response = client.get(reverse("signing:manage", args=[letter.slug, signature.public_id, token]))

    assert response.status_code == 404
