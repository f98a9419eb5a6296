"""Moderators' corrections: public fields, lead signatories, networks and member lists."""

import pytest
from django.urls import reverse

from signatures.models import Member, Network, Signature, SignatureEvent
from signatures.public.listing import build_signatory_list

pytestmark = pytest.mark.django_db


def url(name, signature):
    return reverse(f"moderation:{name}", args=[signature.letter.slug, signature.public_id])


def public_names(letter):
    entries = build_signatory_list(Signature.objects.filter(letter=letter).public())
    return [entry.text for entry in entries.organizations]


EDIT = {
    "name": "Instituto para las Mujeres en la Migración",
    "acronym": "IMUMI",
    "title": "",
    "country": "MX",
    "city": "Ciudad de México",
    "website": "https://imumi.example",
    "visibility": "public",
}


def test_a_moderator_fixes_spelling_and_acronym_and_the_audit_keeps_before_and_after(
    as_user, moderator, letter, signature
):
    imumi = signature("instituto para las mujeres en la migracion", status="approved")
    response = as_user(moderator).post(url("edit", imumi), EDIT)

    assert response.status_code == 302
    imumi.refresh_from_db()
    assert (imumi.name, imumi.acronym, imumi.country.code) == (EDIT["name"], "IMUMI", "MX")
    # A moderator's correction is the review: it stays approved and shows at once.
    assert imumi.status == "approved"
    assert public_names(letter) == ["Instituto para las Mujeres en la Migración (IMUMI)"]
    event = SignatureEvent.objects.get(signature=imumi, action="edited")
    assert event.actor == moderator
    assert event.changes["name"] == ["instituto para las mujeres en la migracion", EDIT["name"]]
    assert event.changes["acronym"] == ["", "IMUMI"]
    assert event.changes["country"] == ["", "MX"]


def test_an_invalid_correction_changes_nothing(as_user, moderator, letter, signature):
    imumi = signature("IMUMI")
    response = as_user(moderator).post(url("edit", imumi), {**EDIT, "name": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Signature.objects.get(pk=imumi.pk).name == "IMUMI"
    assert not SignatureEvent.objects.exists()


def test_lead_signatories_come_first_in_the_order_set(as_user, moderator, letter, signature):
    alianza = signature("Alianza Americas", status="approved")
    zeta = signature("Zeta Colectivo", status="approved")
    imumi = signature("IMUMI", status="approved")
    client = as_user(moderator)
    client.post(url("lead", zeta), {"is_lead": "on", "lead_order": "1"})
    client.post(url("lead", imumi), {"is_lead": "on", "lead_order": "2"})

    assert public_names(letter) == ["Zeta Colectivo", "IMUMI", "Alianza Americas"]
    event = SignatureEvent.objects.get(signature=zeta, action="edited")
    assert event.changes == {"is_lead": [False, True], "lead_order": [None, 1]}

    client.post(url("lead", zeta), {"lead_order": "1"})  # unticked: no longer a lead
    zeta.refresh_from_db()
    assert (zeta.is_lead, zeta.lead_order) == (False, None)
    assert alianza.pk


def test_an_organization_is_added_to_a_networks_list_and_taken_off_again(
    as_user, moderator, letter, signature
):
    gtpm = signature("GTPM", kind="network", status="approved", members=["Sin Fronteras"])
    imumi = signature("IMUMI", status="approved")
    client = as_user(moderator)

    client.post(url("attach", imumi), {"network_signature": gtpm.pk, "role": "Observadora"})
    member = Member.objects.get(network_signature=gtpm, signature=imumi)
    assert (member.name, member.role, member.position) == ("IMUMI", "Observadora", 2)
    assert public_names(letter) == ["GTPM: Sin Fronteras, IMUMI (Observadora)", "IMUMI"]
    on_network = SignatureEvent.objects.get(signature=gtpm, action="edited")
    assert on_network.changes["members"] == [
        ["organization: Sin Fronteras"],
        ["organization: Sin Fronteras", "organization: IMUMI, Observadora"],
    ]
    on_imumi = SignatureEvent.objects.get(signature=imumi, action="edited")
    assert on_imumi.changes["memberships"] == [[], ["GTPM"]]

    client.post(url("detach", imumi), {"member": member.pk})
    assert not Member.objects.filter(pk=member.pk).exists()
    assert public_names(letter) == ["GTPM: Sin Fronteras", "IMUMI"]
    assert Signature.objects.get(pk=gtpm.pk).status == "approved"


def test_a_member_of_another_signature_cannot_be_detached_through_this_one(
    as_user, moderator, letter, signature
):
    gtpm = signature("GTPM", kind="network", members=["Sin Fronteras"])
    imumi = signature("IMUMI")
    member = Member.objects.get(network_signature=gtpm)
    response = as_user(moderator).post(url("detach", imumi), {"member": member.pk})

    assert response.status_code == 404
    assert Member.objects.filter(pk=member.pk).exists()


def test_declared_networks_are_edited(as_user, moderator, letter, signature):
    gie = Network.objects.create(name="GIE")
    signature("GIE", kind="network", network=gie, status="approved")
    imumi = signature("IMUMI", status="approved")
    as_user(moderator).post(url("networks", imumi), {"networks": [gie.pk]})

    assert list(imumi.member_of.all()) == [gie]
    event = SignatureEvent.objects.get(signature=imumi, action="edited")
    assert event.changes == {"member_of": [[], ["GIE"]]}
    assert Signature.objects.get(pk=imumi.pk).status == "approved"


def test_a_networks_member_list_is_replaced_keeping_links(as_user, moderator, letter, signature):
    sin = signature("Sin Fronteras", status="approved")
    gtpm = signature("GTPM", kind="network", status="approved", members=["Sin Fronteras", "CELS"])
    Member.objects.filter(name="Sin Fronteras").update(signature=sin)
    as_user(moderator).post(
        url("members", gtpm),
        {
            "member_organizations": "Sin Fronteras\nAldeas Infantiles SOS México, I.A.P.",
            "member_people": "Melissa Vertiz, Secretaria Técnica",
        },
    )

    members = list(gtpm.members.order_by("position"))
    assert [(m.name, m.role, m.kind) for m in members] == [
        ("Sin Fronteras", "", "organization"),
        ("Aldeas Infantiles SOS México, I.A.P.", "", "organization"),
        ("Melissa Vertiz", "Secretaria Técnica", "person"),
    ]
    assert members[0].signature == sin
    event = SignatureEvent.objects.get(signature=gtpm, action="edited")
    assert event.changes["members"][0] == ["organization: Sin Fronteras", "organization: CELS"]


def test_a_member_is_linked_to_its_own_signature_and_unlinked(
    as_user, moderator, letter, signature
):
    sin = signature("Sin Fronteras, I.A.P.", status="approved")
    gtpm = signature("GTPM", kind="network", status="approved", members=["Sin Fronteras"])
    member = gtpm.members.get()
    client = as_user(moderator)

    page = client.get(url("detail", gtpm))
    assert [s.pk for s in page.context["members"][0].suggestions] == [sin.pk]

    client.post(url("link", gtpm), {"member": member.pk, "target": sin.pk})
    member.refresh_from_db()
    assert member.signature == sin
    event = SignatureEvent.objects.filter(signature=gtpm, action="edited").get()
    assert event.changes["member_links"] == [[], ["Sin Fronteras → Sin Fronteras, I.A.P."]]

    client.post(url("link", gtpm), {"member": member.pk, "target": ""})
    member.refresh_from_db()
    assert member.signature is None


def test_the_signature_page_shows_everything_and_its_history(as_user, moderator, letter, signature):
    imumi = signature(
        "IMUMI",
        email="gretchen@imumi.example",
        contact_name="Gretchen Contacto",
        note="Please list us under GTPM",
    )
    imumi.reject(by=moderator, reason="Spam or not a real signatory")
    response = as_user(moderator).get(url("detail", imumi))

    html = response.content.decode()
    assert "gretchen@imumi.example" in html
    assert "Gretchen Contacto" in html
    assert "Please list us under GTPM" in html
    assert "Spam or not a real signatory" in html
    assert "moderadora" in html
