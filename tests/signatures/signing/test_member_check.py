"""The network form's member boxes: what a signer pastes is read before it counts.

Rows pasted from a spreadsheet, numbered lines and contact details: "Check the
list" shows the reading before anything is sent, and the lists that are saved
never carry an email address, a phone number or a web address in a public name.
"""

import pytest

from signatures.importing.pipeline import members
from signatures.models import Member, Signature
from tests.signatures.signing.helpers import NETWORK, sign_url

PASTED = (
    "1. Casa del Migrante 13\tMéxico\tcontacto13@x.org\n"
    "2. Colectivo Hermanos +52 55 1234 5678\n"
    "3. Formación y Capacitación, A.C. (FOCA)\n"
    "• Red X www.redx.org\n"
    "Brenda Valdés\n"
)


def test_the_reading_says_what_the_lists_hold_and_what_stays_private():
    reading = members.read(PASTED, "Melissa Vertiz, Secretaria Técnica\nAna López")

    assert reading.organizations_text.splitlines() == [
        "Casa del Migrante 13",
        "Colectivo Hermanos",
        "Formación y Capacitación, A.C. (FOCA)",
        "Red X",
        "Brenda Valdés",
    ]
    assert (reading.organizations, reading.people) == (5, 2)
    assert (reading.emails, reading.phones, reading.numbered, reading.tabbed) == (1, 1, 4, 1)
    assert "contacto13@x.org" in reading.private and "+52 55 1234 5678" in reading.private
    summary = reading.summary()
    assert summary.startswith("5 organizations and 2 people; 1 line held an email address")
    assert "which will stay private" in summary
    assert any("Brenda Valdés" in message for _box, _line, message in reading.notes)


@pytest.mark.django_db
def test_check_the_list_shows_the_reading_and_saves_nothing(client, letter):
    data = {**NETWORK, "member_organizations": PASTED, "check_members": "1"}

    page = client.post(sign_url(letter, "network"), data)

    assert page.status_code == 200
    html = page.content.decode()
    assert "How the lists were read:" in html
    assert "1 line held an email address, which will stay private" in html
    assert "contacto13@x.org" not in html  # not even back in the box
    assert "Casa del Migrante 13\nColectivo Hermanos" in html
    assert page.context["form"].initial["name"] == NETWORK["name"]
    assert not Signature.objects.exists()


@pytest.mark.django_db
def test_check_the_list_speaks_spanish(client, letter):
    data = {**NETWORK, "member_organizations": PASTED, "check_members": "1"}

    page = client.post(sign_url(letter, "network"), data, HTTP_ACCEPT_LANGUAGE="es")

    html = page.content.decode()
    assert "5 organizaciones y 1 persona;" in html
    assert "se mantendrá privada" in html


@pytest.mark.django_db(transaction=True)
def test_a_pasted_list_signed_without_checking_keeps_contacts_out_of_member_names(client, letter):
    data = {**NETWORK, "member_organizations": PASTED, "member_people": ""}

    client.post(sign_url(letter, "network"), data)

    signature = Signature.objects.get()
    names = list(signature.members.order_by("position").values_list("name", flat=True))
    assert names == [
        "Casa del Migrante 13",
        "Colectivo Hermanos",
        "Formación y Capacitación, A.C. (FOCA)",
        "Red X",
        "Brenda Valdés",
    ]
    assert not Member.objects.filter(name__contains="@").exists()
    assert "contacto13@x.org" in signature.note and "+52 55 1234 5678" in signature.note


@pytest.mark.django_db
def test_moderators_see_the_members_to_check_on_the_signatures_page(
    client, letter, moderator, make_signature
):
    from django.urls import reverse

    network = make_signature(
        letter,
        "Red Mixta",
        kind="network",
        status="pending",
        members=["Casa del Migrante", "Brenda Valdés", {"name": "7. Colectivo Siete"}],
    )
    client.force_login(moderator)

    page = client.get(reverse("moderation:detail", args=[letter.slug, network.public_id]))

    html = page.content.decode()
    assert "2 members to check:" in html
    assert "“Brenda Valdés”: Looks like a person&#x27;s name" in html
    assert "“7. Colectivo Siete”: Starts with a number or bullet" in html
