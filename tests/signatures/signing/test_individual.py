"""Signing as an individual, and signers who want to be delivered only."""

import pytest
from django.core import mail

from signatures.models import Signature
from signatures.public.listing import count_signatories
from tests.signatures.signing.helpers import INDIVIDUAL, link, public_html, run_worker, sign_url


@pytest.mark.django_db(transaction=True)
def test_an_individual_signs_confirms_and_appears_with_their_title(client, letter, moderator):
    client.post(sign_url(letter, "individual"), INDIVIDUAL)
    signature = Signature.objects.get()
    assert (signature.kind, signature.status) == ("individual", "unconfirmed")
    assert mail.outbox == []

    run_worker()
    confirm = link(mail.outbox[0], "confirm")
    client.get(confirm)
    signature.refresh_from_db()
    assert signature.status == "unconfirmed"

    client.post(confirm)
    signature.refresh_from_db()
    assert signature.status == "pending"

    signature.approve(by=moderator)

    html = public_html(client, letter)
    assert "Xóchitl Rodríguez Quintero, Investigadora" in html
    assert "xochitl@example.org" not in html


def test_the_individual_form_asks_only_for_what_a_person_gives(client, letter):
    html = client.get(sign_url(letter, "individual")).content.decode()

    for field in ["name", "title", "country", "email", "note", "visibility", "language"]:
        assert f'name="{field}"' in html, field
    for field in ["acronym", "contact_name", "authorized", "new_networks", "member_people"]:
        assert f'name="{field}"' not in html, field
    assert "for identification only" in html


def test_a_delivered_only_signer_is_counted_but_never_listed(client, letter, sign, moderator):
    sign(letter, "individual", dict(INDIVIDUAL, visibility="delivery_only"))
    signature = Signature.objects.get()
    signature.confirm()
    signature.approve(by=moderator)

    response = client.get(f"/letters/{letter.slug}/")
    html = response.content.decode()

    assert signature.visibility == "delivery_only"
    assert "Xóchitl" not in html
    assert response.context["count"].individuals == 1
    assert "1 individual" in html
    assert count_signatories(Signature.objects.filter(letter=letter).approved()).individuals == 1
    assert not Signature.objects.public().exists()


@pytest.mark.django_db
def test_the_form_checks_the_names_and_choices_the_database_constraints_guard_without_a_query(
    client, letter
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        refused = client.post(
            sign_url(letter, "individual"), {**INDIVIDUAL, "name": "   ", "visibility": "secret"}
        )
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert set(errors) == {"name", "visibility"}
    assert Signature.objects.count() == 0

    with CaptureQueriesContext(connection) as queries:
        client.post(sign_url(letter, "individual"), INDIVIDUAL)
    assert Signature.objects.get().name == INDIVIDUAL["name"]
    assert not [q for q in queries if '"_check"' in q["sql"]]
