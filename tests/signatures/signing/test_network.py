"""Signing on behalf of a network, with its member organizations and people."""

import pytest
from django.core import mail
from django.urls import reverse

from signatures.models import Member, Network, Signature
from signatures.signing.service import MemberLine, parse_member_lines
from tests.signatures.signing.helpers import NETWORK, link, public_html, run_worker, sign_url


@pytest.mark.django_db(transaction=True)
def test_a_network_signs_with_its_members_and_appears_after_approval(client, letter, moderator):
    client.post(sign_url(letter, "network"), NETWORK)
    signature = Signature.objects.get()
    assert (signature.kind, signature.status) == ("network", "unconfirmed")
    assert signature.network.name == "Grupo de Trabajo sobre Política Migratoria"
    assert [(m.kind, m.name, m.role) for m in signature.members.order_by("position")] == [
        ("organization", "Aldeas Infantiles SOS México, I.A.P.", ""),
        ("organization", "IDC International Detention Coalition", "Observadoras"),
        ("organization", "Sin Fronteras", ""),
        ("person", "Melissa Vertiz", "Secretaria Técnica"),
    ]

    run_worker()
    assert mail.outbox[0].to == ["secretaria@gtpm.example"]
    confirm = link(mail.outbox[0], "confirm")
    client.get(confirm)
    assert Signature.objects.get().status == "unconfirmed"
    client.post(confirm)
    signature.refresh_from_db()
    assert signature.status == "pending"

    signature.approve(by=moderator)

    html = public_html(client, letter)
    assert (
        "Grupo de Trabajo sobre Política Migratoria (GTPM)</span>: "
        '<span class="signatory-members">Aldeas Infantiles SOS México, I.A.P.; '
        "IDC International Detention Coalition (Observadoras); Sin Fronteras; "
        "Melissa Vertiz, Secretaria Técnica</span>"
    ) in html
    assert "Representante Privada" not in html


def test_member_lines_take_a_role_after_the_last_comma():
    text = "\n".join(
        [
            "  IDC International Detention Coalition,  Observadoras ",
            "Aldeas Infantiles SOS México, I.A.P.",
            "Casa del Migrante, A.C.",
            "Servicios Integrales, S.A. de C.V.",
            "- Sin Fronteras",
            "• Alianza Américas",
            "",
            "sin fronteras",
        ]
    )

    assert parse_member_lines(text) == [
        MemberLine("IDC International Detention Coalition", "Observadoras"),
        MemberLine("Aldeas Infantiles SOS México, I.A.P."),
        MemberLine("Casa del Migrante, A.C."),
        MemberLine("Servicios Integrales, S.A. de C.V."),
        MemberLine("Sin Fronteras"),  # the bullet is dropped; the repeat below too
        MemberLine("Alianza Américas"),
    ]


def test_people_are_listed_in_their_own_box(letter, sign):
    sign(letter, "network", dict(NETWORK, member_organizations="", member_people="Brenda Valdés"))

    member = Member.objects.get()
    assert (member.kind, member.name, member.role) == ("person", "Brenda Valdés", "")


def test_an_overlong_member_line_is_refused_with_its_line_number(letter, sign):
    data = dict(NETWORK, member_organizations="Casa Monarca\n" + "x" * 301)
    html = sign(letter, "network", data).content.decode()

    assert Signature.objects.count() == 0
    assert "Line 2: the name is too long (at most 300 characters)." in html
    assert "Casa Monarca" in html  # what was typed is kept


def test_a_known_network_starts_from_its_last_public_member_list(
    client, letter, make_letter, make_signature
):
    gtpm = Network.objects.create(name="GTPM")
    earlier = make_letter(slug="earlier-letter")
    make_signature(
        earlier,
        "GTPM",
        kind="network",
        network=gtpm,
        acronym="GTPM",
        members=[
            "Old member",
            {"name": "IDC", "role": "Observadoras"},
            {"name": "Melissa Vertiz", "role": "Secretaria Técnica", "kind": "person"},
        ],
    )
    make_signature(
        earlier, "GTPM", kind="network", network=gtpm, status="pending", members=["Unreviewed"]
    )

    blank = client.get(sign_url(letter, "network")).content.decode()
    prefilled = client.get(sign_url(letter, "network"), {"network": "gtpm"}).content.decode()

    assert '<option value="GTPM">GTPM</option>' in blank
    assert "Old member" not in blank
    assert "Old member\nIDC, Observadoras</textarea>" in prefilled
    assert "Melissa Vertiz, Secretaria Técnica</textarea>" in prefilled
    assert "Unreviewed" not in prefilled  # a list no moderator approved is never shown


def test_a_network_signing_again_under_the_same_name_reuses_the_network(letter, sign):
    existing = Network.objects.create(name="Grupo de Trabajo sobre Política Migratoria")

    sign(letter, "network", dict(NETWORK, name="grupo de trabajo sobre política migratoria"))

    assert Signature.objects.get().network == existing
    assert Network.objects.count() == 1


def test_a_draft_letters_networks_and_members_never_reach_the_network_form(
    client, letter, make_letter, make_signature
):
    """Security review, finding 5: only listed letters feed a public page."""
    secret = Network.objects.create(name="Red Secreta")
    draft = make_letter(slug="borrador", status="draft")
    make_signature(
        draft, "Red Secreta", kind="network", network=secret, members=["Miembro Secreto"]
    )

    blank = client.get(sign_url(letter, "network")).content.decode()
    prefilled = client.get(sign_url(letter, "network"), {"network": "red secreta"}).content.decode()

    assert "Red Secreta" not in blank
    assert "Miembro Secreto" not in prefilled

    draft.open(by=None)
    listed = client.get(sign_url(letter, "network")).content.decode()
    assert '<option value="Red Secreta">Red Secreta</option>' in listed


def test_the_new_link_page_of_a_draft_letter_is_not_found(client, make_letter):
    """Security review, finding 5: /sign/new-link-sent/ of a draft shows nothing of it."""
    draft = make_letter(slug="borrador", status="draft", title="Secret draft title")

    response = client.get(reverse("signing:link_sent", args=[draft.slug]))

    assert response.status_code == 404
    assert "Secret draft title" not in response.content.decode()
