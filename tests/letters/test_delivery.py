"""Delivering records when, to whom and how; the public page says so; the delivered letter
downloads as it was sent; afterwards only the note and the recipient's answer change."""

from datetime import date

import pytest
from django.urls import reverse

from letters.models import Delivery, DeliveryAnswer, Letter, LetterEvent
from signatures.exports.delivery import deliver
from tests.signatures.exports.helpers import docx_paragraphs, pdf_text

pytestmark = pytest.mark.django_db

SECRETARY = "the Secretary of Foreign Affairs of Mexico"


def deliver_by_page(client, letter, **data):
    return client.post(
        reverse("exports:deliver", args=[letter.slug]),
        {
            "delivered_on": "2023-12-18",
            "recipient": SECRETARY,
            "method": "in_person",
            "confirm": "on",
            **data,
        },
    )


def frozen(delivery):
    """Every column of the delivery record, as the database holds it."""
    return Delivery.objects.filter(pk=delivery.pk).values().get()


def test_delivery_records_when_to_whom_and_how_with_a_note(as_user, owner, letter, signature):
    signature("Casa Monarca", status="approved")

    response = deliver_by_page(as_user(owner), letter, note="Handed to the under-secretary.")

    assert response.status_code == 302
    delivery = Delivery.objects.get(letter=letter)
    assert (delivery.delivered_on, delivery.recipient, delivery.method) == (
        date(2023, 12, 18),
        SECRETARY,
        "in_person",
    )
    assert delivery.follow_up.note == "Handed to the under-secretary."
    assert delivery.documents["es"]["title"] == "Carta sobre las restricciones al asilo"
    assert delivery.documents["en"]["sections"] == [
        ["Civil society organizations", ["Casa Monarca"]]
    ]


def test_delivering_needs_to_whom_and_how(as_user, owner, letter):
    response = deliver_by_page(as_user(owner), letter, recipient="", method="by pigeon")

    assert response.status_code == 400
    assert Letter.objects.get(pk=letter.pk).status == "open"
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", f"Delivered on 18 December 2023 to {SECRETARY}."),
        ("es", f"Entregada el 18 de diciembre de 2023 a {SECRETARY}."),
    ],
)
def test_the_public_page_says_when_and_to_whom_in_the_readers_language(
    client, owner, letter, language, sentence
):
    deliver(letter, by=owner, delivered_on=date(2023, 12, 18), recipient=SECRETARY, method="email")

    page = client.get(letter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)

    assert sentence in " ".join(page.content.decode().split())


def test_the_delivered_letter_downloads_as_pdf_and_docx_as_it_was_sent(
    as_user, owner, moderator, letter, signature
):
    casa = signature("Casa Monarca", status="approved")
    late = signature("Llegó tarde")
    deliver(letter, by=owner, delivered_on=date(2023, 12, 18), recipient=SECRETARY, method="post")
    # After delivery, nothing that happens to the signatures or the text changes the files.
    late.approve()
    casa.edit({"name": "Casa Monarca Ayuda Humanitaria"})
    letter.versions.filter(language="es").update(body="Otro texto")
    client = as_user(moderator)

    def download(language, fmt):
        url = reverse("exports:delivered_letter", args=[letter.slug, language, fmt])
        response = client.get(url)
        assert response.status_code == 200
        assert f"delivered-2023-12-18-{language}.{fmt}" in response["Content-Disposition"]
        return response.content

    english = docx_paragraphs(download("en", "docx"))
    assert english[:4] == [
        "The Minister",
        "We, the undersigned, ask you to act.",
        "Kindly,",
        "Civil society organizations",
    ]
    assert english[4:] == ["Casa Monarca", "1 organization and 0 individuals"]
    spanish = docx_paragraphs(download("es", "docx"))
    assert "Hola" in spanish and "Otro texto" not in spanish
    assert "Organizaciones de la sociedad civil" in spanish
    pdf = pdf_text(download("es", "pdf"))
    assert "Hola" in pdf and "Casa Monarca" in pdf
    assert "Llegó tarde" not in pdf and "Ayuda Humanitaria" not in pdf
    missing = reverse("exports:delivered_letter", args=[letter.slug, "fr", "pdf"])
    assert client.get(missing).status_code == 404


def test_after_delivery_the_note_and_answer_change_and_the_record_does_not(as_user, owner, letter):
    delivery = deliver(letter, by=owner, delivered_on=date(2023, 12, 18), recipient=SECRETARY)
    before = frozen(delivery)
    client = as_user(owner)
    url = reverse("letters:delivery_answer", args=[letter.slug])

    response = client.post(
        url,
        {"note": "Received by the office", "answered_on": "2024-01-20", "answer": "We will reply."},
    )

    assert response.status_code == 302
    answer = DeliveryAnswer.objects.get(delivery=delivery)
    assert (answer.note, answer.answered_on, answer.answer) == (
        "Received by the office",
        date(2024, 1, 20),
        "We will reply.",
    )
    assert answer.updated_by == owner
    assert frozen(delivery) == before
    event = LetterEvent.objects.get(letter=letter, action="delivery_note")
    assert event.changes["answer"] == [None, "We will reply."]
    page = client.get(reverse("letters:lifecycle", args=[letter.slug])).content.decode()
    assert "We will reply." in page
    assert client.post(url, {"note": "Received by the office", "answered_on": "2024-01-20",
                             "answer": "We will reply."}).status_code == 302  # fmt: skip
    assert LetterEvent.objects.filter(action="delivery_note").count() == 1  # nothing changed


def test_the_answer_has_no_page_before_delivery(as_user, owner, letter):
    url = reverse("letters:delivery_answer", args=[letter.slug])
    assert as_user(owner).post(url, {"answer": "Too soon"}).status_code == 404
    assert not DeliveryAnswer.objects.exists()


def test_after_delivery_the_settings_are_read_only_and_say_why(as_user, owner, letter):
    deliver(letter, by=owner, delivered_on=date(2023, 12, 18), recipient=SECRETARY)
    client = as_user(owner)

    page = client.get(reverse("letters:lifecycle", args=[letter.slug])).content.decode()
    refused = client.post(
        reverse("letters:settings", args=[letter.slug]),
        {"email_signers_on_approval": "on", "closes_at": ""},
    )

    assert "its settings no longer change" in page
    assert reverse("letters:settings", args=[letter.slug]) not in page
    assert reverse("letters:delivery_answer", args=[letter.slug]) in page
    assert refused.status_code == 400
    assert Letter.objects.get(pk=letter.pk).email_signers_on_approval is False
