"""Signing on behalf of an organization, from the form to the public page."""

import pytest
from django.core import mail
from django.urls import reverse

from signatures.models import Network, Signature, SignatureEvent
from tests.signatures.signing.helpers import (
    ORGANIZATION,
    html_of,
    link,
    public_html,
    run_worker,
    sign_url,
    thanks_url,
)


@pytest.mark.django_db(transaction=True)
def test_an_organization_signs_confirms_by_post_and_appears_after_approval(
    client, letter, moderator
):
    response = client.post(sign_url(letter, "organization"), ORGANIZATION)

    assert response.status_code == 302
    assert response["Location"] == thanks_url(letter)
    signature = Signature.objects.get()
    assert (signature.kind, signature.status) == ("organization", "unconfirmed")
    assert (signature.name, signature.acronym, signature.country.code) == (
        "Instituto para las Mujeres en la Migración",
        "IMUMI",
        "MX",
    )
    assert (signature.contact_name, signature.contact_role) == ("Gretchen Contacto", "Directora")
    assert signature.email == "gretchen@imumi.example"
    assert signature.language == "es"
    assert signature.events.get().action == SignatureEvent.Action.CREATED
    # Mail is left to the worker: nothing is sent inside the request.
    assert mail.outbox == []

    run_worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gretchen@imumi.example"]
    assert "Confirm your signature" in message.subject
    confirm = link(message, "confirm")
    assert confirm and confirm in html_of(message)
    assert link(message, "manage")

    page = client.get(confirm)
    signature.refresh_from_db()
    assert page.status_code == 200
    assert "Confirm my signature" in page.content.decode()
    assert signature.status == "unconfirmed"  # a GET, as a mail scanner makes, changes nothing

    response = client.post(confirm)
    signature.refresh_from_db()
    assert response.status_code == 302
    assert signature.status == "pending"
    assert signature.confirmed_at is not None
    assert "Instituto para las Mujeres" not in public_html(client, letter)

    assert signature.approve(by=moderator)

    html = public_html(client, letter)
    assert "Instituto para las Mujeres en la Migración (IMUMI)" in html
    assert "gretchen@imumi.example" not in html
    assert "Gretchen Contacto" not in html
    assert list(signature.events.values_list("action", flat=True).order_by("pk")) == [
        "created",
        "confirmed",
        "approved",
    ]


def test_the_thank_you_page_says_to_check_the_email(client, letter, sign):
    response = sign(letter, "organization")
    page = client.get(response["Location"]).content.decode()

    assert "Check your email to confirm your signature." in page
    assert "0 organizations" in page


def test_the_form_is_offered_with_every_field(client, letter):
    html = client.get(sign_url(letter, "organization")).content.decode()

    for field in [
        "name",
        "acronym",
        "country",
        "city",
        "website",
        "new_networks",
        "contact_name",
        "contact_role",
        "email",
        "authorized",
        "consent",
        "visibility",
        "language",
        "note",
    ]:
        assert f'name="{field}"' in html, field
    assert "Privacy notice" in html
    assert 'value="delivery_only"' in html
    assert '<option value="MX">Mexico</option>' in html


def test_missing_fields_are_explained_next_to_them_and_typed_values_kept(client, letter, sign):
    data = dict(ORGANIZATION, email="not-an-email", authorized="", contact_name="")
    response = sign(letter, "organization", data)
    html = response.content.decode()

    assert response.status_code == 200
    assert Signature.objects.count() == 0
    assert "Enter a valid email address." in html
    # Next to the authorization box and the contact name, and in the summary above the form.
    assert html.count("<strong>This field is required.</strong>") == 2
    assert '<a href="#id_contact_name">Your name: This field is required.</a>' in html
    assert html.count("This field is required.") == 4
    assert 'value="Instituto para las Mujeres en la Migración"' in html
    assert 'value="not-an-email"' in html
    assert "Please correct the errors below." in html


def test_overlong_fields_are_refused(client, letter, sign):
    data = dict(ORGANIZATION, name="N" * 301, acronym="A" * 51, note="x" * 2001)
    html = sign(letter, "organization", data).content.decode()

    assert Signature.objects.count() == 0
    assert "Ensure this value has at most 300 characters (it has 301)." in html
    assert "Ensure this value has at most 50 characters (it has 51)." in html
    assert "Ensure this value has at most 2000 characters (it has 2001)." in html


def test_a_website_must_be_a_web_address(client, letter, sign):
    html = sign(letter, "organization", dict(ORGANIZATION, website="javascript:alert(1)"))

    assert Signature.objects.count() == 0
    assert "Enter a valid URL." in html.content.decode()


def test_an_organization_declares_known_and_new_networks(client, letter, sign, make_signature):
    gtpm = Network.objects.create(name="GTPM")
    make_signature(letter, "GTPM", kind="network", network=gtpm)
    Network.objects.create(name="Red Jesuita con Migrantes")

    form = client.get(sign_url(letter, "organization")).content.decode()
    assert f'value="{gtpm.pk}"' in form  # the networks on this letter are offered

    data = dict(
        ORGANIZATION,
        networks=[gtpm.pk],
        new_networks="red jesuita con migrantes\nBloque Latinoamericano\n\n",
    )
    sign(letter, "organization", data)

    signature = Signature.objects.get(kind="organization")
    assert sorted(n.name for n in signature.member_of.all()) == [
        "Bloque Latinoamericano",
        "GTPM",
        "Red Jesuita con Migrantes",  # the existing network, whatever the case typed
    ]
    assert Network.objects.count() == 3


def test_the_authorization_and_consent_are_recorded(letter, sign):
    sign(letter, "organization")

    event = Signature.objects.get().events.get()
    assert event.changes == {"consent": {"consent": True, "authorized": True}}


def test_a_letter_that_takes_no_organizations_does_not_offer_the_form(client, letter):
    letter.allow_organizations = False
    letter.save()

    choose = client.get(reverse("signing:sign", args=[letter.slug])).content.decode()

    assert client.get(sign_url(letter, "organization")).status_code == 404
    assert sign_url(letter, "organization") not in choose
    assert sign_url(letter, "individual") in choose
