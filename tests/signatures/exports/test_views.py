"""Downloads over HTTP: public data for anyone, every format for the letter's moderators."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters.models import LetterRole
from signatures.exports.formats import FORMATS
from signatures.models import ExportRecord
from tests.signatures.exports.helpers import (
    CONTACT_EMAILS,
    csv_rows,
    pdf_text,
    readable_text,
    rich_letter,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(make_letter, make_signature):
    return rich_letter(make_letter, make_signature)


def user_with_role(letter, role, username=None):
    user = get_user_model().objects.create_user(username or role, password="pw")
    if letter is not None:
        LetterRole.objects.create(letter=letter, user=user, role=role)
    return user


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def public_url(letter, format):
    return reverse("exports:public_signatories", args=[letter.slug, format])


def export_url(letter, format):
    return reverse("exports:download", args=[letter.slug, format])


# Public data -----------------------------------------------------------------


def test_anyone_gets_the_public_json_with_cache_headers(client, letter):
    response = client.get(public_url(letter, "json"))
    document = json.loads(content(response))

    assert response.streaming  # written entry by entry, whatever the size of the list
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert response["ETag"].startswith('"json-')
    assert response["Last-Modified"]
    assert "attachment" not in response.get("Content-Disposition", "")
    assert [row["name"] for row in document["signatories"]][:3] == [
        "Zeta Convocante",
        '=HYPERLINK("http://evil.example")',
        "Árbol de la Vida",
    ]


def test_public_csv_answers_not_modified_until_a_signature_changes(client, letter):
    first = client.get(public_url(letter, "csv"))
    content(first)

    assert first.streaming
    again = client.get(public_url(letter, "csv"), HTTP_IF_NONE_MATCH=first["ETag"])
    letter.signatures.get(name="Alexandra Hunt").withdraw()
    changed = client.get(public_url(letter, "csv"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert changed.status_code == 200
    assert "Alexandra Hunt" not in [row["name"] for row in csv_rows(content(changed))]


def test_public_data_of_a_draft_letter_is_not_found(client, make_letter, make_signature):
    draft = make_letter(slug="borrador", status="draft")
    make_signature(draft, "Casa Monarca")

    assert client.get(public_url(draft, "json")).status_code == 404
    assert client.get(public_url(draft, "csv")).status_code == 404
    assert client.get(f"/letters/{draft.slug}/signatories.xlsx").status_code == 404


def test_public_data_accepts_no_post(client, letter):
    assert client.post(public_url(letter, "csv")).status_code == 405


def test_public_data_answers_head_with_its_headers_and_no_body(client, letter):
    response = client.head(public_url(letter, "json"))

    assert response.status_code == 200
    assert response["ETag"]
    assert content(response) == b""


# Moderator downloads -------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, letter):
    response = client.get(export_url(letter, "csv"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_moderator_of_another_letter_cannot_download(client, letter, make_letter):
    other = make_letter(slug="otra")
    client.force_login(user_with_role(other, LetterRole.Role.MODERATOR))

    assert client.get(export_url(letter, "csv")).status_code == 403
    assert client.post(export_url(letter, "csv")).status_code == 403
    assert client.get(reverse("exports:index", args=[letter.slug])).status_code == 403
    assert ExportRecord.objects.count() == 0


@pytest.mark.parametrize("format", list(FORMATS))
def test_moderator_downloads_every_format_without_contacts(client, letter, format):
    client.force_login(user_with_role(letter, LetterRole.Role.MODERATOR))

    response = client.get(export_url(letter, format), {"lang": "es"})
    text = readable_text(format, content(response))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(FORMATS[format].content_type.split(";")[0])
    # Named for what it holds, its language and the export's day, not the letter's date.
    what = "letter" if format in ("docx", "pdf") else "signatories"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="carta-abierta-{what}-es-{day}.{FORMATS[format].extension}"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "Discreta A.C." in text  # delivery-only signers are delivered
    assert "Pendiente" not in text
    assert [email for email in CONTACT_EMAILS if email in text] == []
    assert ExportRecord.objects.count() == 0


def test_moderator_can_download_pending_signatures(client, letter):
    client.force_login(user_with_role(letter, LetterRole.Role.MODERATOR))

    response = client.get(export_url(letter, "csv"), {"status": ["pending", "bogus"]})
    rows = csv_rows(content(response))

    assert [(row["name"], row["status"]) for row in rows] == [("Pendiente", "Pending")]
    assert "pending" in response["Content-Disposition"]


def test_owner_downloads_contacts_by_post_and_it_is_recorded(letter):
    owner = user_with_role(letter, LetterRole.Role.OWNER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    index = client.get(reverse("exports:index", args=[letter.slug]))
    token = index.context["csrf_token"]

    refused = client.post(export_url(letter, "csv"))
    response = client.post(export_url(letter, "csv"), {"csrfmiddlewaretoken": token})
    rows = csv_rows(content(response))

    assert refused.status_code == 403
    assert response.status_code == 200
    assert "with-contacts" in response["Content-Disposition"]
    assert {row["email"] for row in rows} >= {"arbol@example.org", "gtpm@example.org"}
    record = ExportRecord.objects.get()
    assert (record.letter, record.actor, record.format, record.include_contacts, record.via) == (
        letter,
        owner,
        "csv",
        True,
        "web",
    )


def test_contacts_cannot_be_asked_for_in_a_letter_format(client, letter):
    client.force_login(user_with_role(letter, LetterRole.Role.OWNER))

    response = client.post(export_url(letter, "pdf"))

    assert response.status_code == 400
    assert ExportRecord.objects.count() == 0


def test_unknown_format_is_not_found(client, letter):
    client.force_login(user_with_role(letter, LetterRole.Role.OWNER))

    assert client.get(export_url(letter, "exe")).status_code == 404


def test_pdf_download_is_the_letter(client, letter):
    client.force_login(user_with_role(letter, LetterRole.Role.MODERATOR))

    response = client.get(export_url(letter, "pdf"), {"lang": "en"})
    text = pdf_text(content(response))

    assert "Civil society organizations" in text
    assert "We, the undersigned, ask you to act." in text


def test_export_page_lists_every_download_for_moderators(client, letter):
    client.force_login(user_with_role(letter, LetterRole.Role.MODERATOR))

    response = client.get(reverse("exports:index", args=[letter.slug]))
    page = response.content.decode()

    assert response.status_code == 200
    for format in FORMATS:
        assert f'href="{export_url(letter, format)}?lang=es"' in page
        assert f'href="{export_url(letter, format)}?lang=en"' in page
    for format in ("csv", "xlsx", "json"):
        assert f'<form method="post" action="{export_url(letter, format)}">' in page
    assert f'<form method="post" action="{export_url(letter, "pdf")}">' not in page
    assert "csrfmiddlewaretoken" in page


def test_superuser_may_download_any_letter(client, letter):
    admin = get_user_model().objects.create_superuser("admin", password="pw")
    client.force_login(admin)

    response = client.get(export_url(letter, "xlsx"))

    assert response.status_code == 200
    assert io.BytesIO(content(response)).read(2) == b"PK"  # a zip, as XLSX files are
