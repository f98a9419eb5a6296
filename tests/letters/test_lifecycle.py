"""An owner opens, closes, reopens and delivers a letter; the delivered list stays as sent."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from letters.models import Delivery, Letter, LetterEvent
from signatures.exports.delivery import deliver
from signatures.exports.formats import Export
from signatures.exports.text import render_text, signatory_block

pytestmark = pytest.mark.django_db


def step(client, letter, name):
    return client.post(reverse("letters:lifecycle_step", args=[letter.slug, name]))


def status(letter):
    return Letter.objects.get(pk=letter.pk).status


def sign_page(client, letter):
    return client.get(reverse("signing:sign_organization", args=[letter.slug]))


def test_an_owner_opens_a_draft_and_signing_starts(client, as_user, owner, letter):
    Letter.objects.filter(pk=letter.pk).update(status="draft")
    response = step(as_user(owner), letter, "open")

    assert response.status_code == 302
    assert status(letter) == "open"
    event = LetterEvent.objects.get(letter=letter)
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "opened",
        owner,
        "draft",
        "open",
    )
    client.logout()
    assert sign_page(client, letter).status_code == 200


def test_closing_stops_signing_at_once_and_reopening_starts_it_again(
    client, as_user, owner, letter
):
    client = as_user(owner)
    step(client, letter, "close")
    assert status(letter) == "closed"
    client.logout()
    closed = sign_page(client, letter)
    assert closed.status_code == 403
    assert "Sign this letter" not in client.get(letter.get_absolute_url()).content.decode()

    step(as_user(owner), letter, "reopen")
    assert status(letter) == "open"
    assert [e.action for e in LetterEvent.objects.filter(letter=letter).order_by("pk")] == [
        "closed",
        "reopened",
    ]


def test_reopening_drops_a_closing_date_already_past(as_user, owner, letter):
    past = timezone.now() - timedelta(days=1)
    Letter.objects.filter(pk=letter.pk).update(status="closed", closes_at=past)
    step(as_user(owner), letter, "reopen")

    letter.refresh_from_db()
    assert (letter.status, letter.closes_at) == ("open", None)
    assert letter.is_accepting_signatures()
    event = LetterEvent.objects.get(letter=letter)
    assert event.changes == {"closes_at": [past.isoformat(), None]}


def test_a_step_that_does_not_apply_changes_nothing(as_user, owner, letter):
    response = step(as_user(owner), letter, "reopen")  # the letter is open

    assert status(letter) == "open"
    assert not LetterEvent.objects.exists()
    assert "that is not possible now" in str(list(response.wsgi_request._messages)[0])
    assert step(as_user(owner), letter, "explode").status_code == 404


def test_delivering_freezes_exactly_the_list_that_the_export_writes(
    as_user, owner, letter, signature
):
    signature("Casa Monarca", status="approved")
    signature("GTPM", kind="network", status="approved", members=["Sin Fronteras", "CELS"])
    signature("Ana Hurtado", kind="individual", title="Investigadora", status="approved")
    signature("Persona en riesgo", kind="individual", visibility="delivery_only", status="approved")
    signature("Aún pendiente")
    expected = {
        language: render_text(
            signatory_block(Export(letter=letter, format="text", language=language))
        )
        for language in ("en", "es")
    }
    response = as_user(owner).post(
        reverse("exports:deliver", args=[letter.slug]),
        {
            "delivered_on": "2023-12-18",
            "recipient": "the Secretary",
            "method": "email",
            "confirm": "on",
        },
    )

    assert response.status_code == 302
    delivery = Delivery.objects.get(letter=letter)
    assert delivery.texts == expected
    assert "Persona en riesgo" in delivery.texts["en"]
    assert "Aún pendiente" not in delivery.texts["en"]
    assert "Organizaciones de la sociedad civil" in delivery.texts["es"]
    assert (delivery.organizations, delivery.individuals, delivery.signatures) == (4, 2, 4)
    assert (delivery.delivered_on, delivery.actor) == (date(2023, 12, 18), owner)
    assert status(letter) == "delivered"
    assert LetterEvent.objects.get(letter=letter).action == "delivered"


def test_the_delivered_list_does_not_change_when_signatures_do(
    client, as_user, owner, letter, signature
):
    casa = signature("Casa Monarca", status="approved")
    late = signature("Llegó tarde")
    delivery = deliver(letter, by=owner, delivered_on=date(2023, 12, 18))
    frozen = dict(delivery.texts)

    late.approve()
    casa.edit({"name": "Casa Monarca Ayuda Humanitaria"})
    delivery.refresh_from_db()

    assert delivery.texts == frozen
    assert "Llegó tarde" not in delivery.texts["en"]
    download = as_user(owner).get(reverse("exports:delivered_text", args=[letter.slug, "en"]))
    assert download.content.decode() == frozen["en"]
    assert "2023-12-18" in download["Content-Disposition"]


def test_the_database_refuses_to_change_a_delivery(owner, letter):
    delivery = deliver(letter, by=owner)

    with (
        pytest.raises(IntegrityError, match="history is kept"),
        transaction.atomic(),
    ):
        Delivery.objects.filter(pk=delivery.pk).update(organizations=999)
    delivery.refresh_from_db()
    assert delivery.organizations == 0


def test_a_letter_is_delivered_once_and_never_from_a_draft(owner, letter, make_letter):
    assert deliver(letter, by=owner) is not None
    assert deliver(letter, by=owner) is None
    draft = make_letter(slug="borrador", status="draft")
    assert deliver(draft, by=owner) is None
    assert status(draft) == "draft"
    assert Delivery.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            letter=letter, delivered_on=date.today(), texts={}, organizations=0,
            individuals=0, signatures=0,
        )  # fmt: skip


def test_delivering_needs_the_confirmation_box(as_user, owner, letter):
    response = as_user(owner).post(
        reverse("exports:deliver", args=[letter.slug]), {"delivered_on": "2023-12-18"}
    )

    assert response.status_code == 400
    assert status(letter) == "open"
    assert not Delivery.objects.exists()


def test_the_owner_turns_on_emails_on_approval_and_the_change_is_audited(as_user, owner, letter):
    as_user(owner).post(
        reverse("letters:settings", args=[letter.slug]),
        {"email_signers_on_approval": "on", "closes_at": ""},
    )

    letter.refresh_from_db()
    assert letter.email_signers_on_approval is True
    event = LetterEvent.objects.get(letter=letter, action="settings")
    assert (event.actor, event.changes) == (owner, {"email_signers_on_approval": [False, True]})


def test_the_letters_history_says_who_changed_what(as_user, owner, letter):
    client = as_user(owner)
    step(client, letter, "close")
    client.post(
        reverse("letters:settings", args=[letter.slug]),
        {"email_signers_on_approval": "on", "closes_at": ""},
    )
    page = client.get(reverse("letters:lifecycle", args=[letter.slug])).content.decode()
    html = page.split('id="letter-history"', 1)[1]

    assert "email signers when a moderator approves them: no → yes" in html
    assert html.index("Settings changed") < html.index("Closed")  # newest first
    assert "duena" in html
