"""Private details leave only in exports that ask for them; public data holds public names only."""

import pytest
from django.urls import reverse

from signatures.exports.formats import FORMATS, Export, ExportError
from tests.signatures.exports.helpers import (
    CONTACT_EMAILS,
    export_bytes,
    readable_text,
    rich_letter,
)

pytestmark = pytest.mark.django_db

PRIVATE = [*CONTACT_EMAILS, "Ana Secreta", "Nota privada para moderación"]


@pytest.mark.parametrize("format", list(FORMATS))
def test_no_export_without_contacts_holds_a_contact_detail(make_letter, make_signature, format):
    letter = rich_letter(make_letter, make_signature)

    for options in [{}, {"statuses": ("pending", "approved", "rejected")}]:
        text = readable_text(format, export_bytes(letter, format, **options))

        assert "Árbol de la Vida" in text  # the export has content
        assert [detail for detail in PRIVATE if detail in text] == []


@pytest.mark.parametrize("format", ["csv", "json"])
def test_public_exports_hold_public_signatures_only(make_letter, make_signature, format):
    letter = rich_letter(make_letter, make_signature)

    text = readable_text(format, export_bytes(letter, format, public=True))

    assert [detail for detail in PRIVATE if detail in text] == []
    assert "Discreta" not in text  # delivery only: never on the website
    assert "Pendiente" not in text
    assert "Rechazada" not in text
    assert "delivery_only" not in text and "status" not in text.split("\n", 1)[0]
    assert "Xóchitl Rodríguez Quintero" in text


@pytest.mark.parametrize("format", ["csv", "json"])
def test_public_endpoints_hold_no_contact_detail(client, make_letter, make_signature, format):
    letter = rich_letter(make_letter, make_signature)

    response = client.get(reverse("exports:public_signatories", args=[letter.slug, format]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")

    assert response.status_code == 200
    assert "Árbol de la Vida" in text
    assert [detail for detail in PRIVATE if detail in text] == []
    assert "Discreta" not in text


@pytest.mark.parametrize(
    "options",
    [
        {"format": "csv", "public": True, "include_contacts": True},
        {"format": "text", "include_contacts": True},
        {"format": "pdf", "include_contacts": True},
        {"format": "text", "public": True},
        {"format": "json", "public": True, "statuses": ("pending",)},
    ],
)
def test_exports_that_would_leak_cannot_be_made(make_letter, options):
    letter = make_letter()

    with pytest.raises(ExportError):
        Export(letter=letter, **options)
