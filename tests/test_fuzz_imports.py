"""Hostile input on the import pages, posted by a moderator: files of any bytes, lists
of any text, corrections of any value.

Never a 500: an upload is refused with its message and nothing saved, or read into a
draft that shows escaped; a commit creates signatures whose public fields hold one
line each, fit their columns and carry no email address, or refuses with a message.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from letters.models import LetterRole
from signatures.importing.pipeline.contacts import EMAIL
from signatures.models import ImportBatch, Member, Signature
from tests.hostile import (
    assert_no_raw_markup,
    assert_public_fields_one_line,
    example_rolled_back,
    fuzz_letter,  # noqa: F401 (the `letter` fixture)
    fuzz_settings,
    hostile_text,
    plain_templates,  # noqa: F401 (an autouse fixture)
    text_examples,
)
from tests.signatures.importing.files import ROWS, csv_bytes, xlsx_bytes, zip_bomb

pytestmark = pytest.mark.django_db

# Each example reads, reviews and commits a whole import: a third of the profile's
# examples keeps these near the other hostile-input tests' time (`make fuzz` still
# explores ten times more).
import_settings = hypothesis_settings(
    fuzz_settings, max_examples=max(1, hypothesis_settings.default.max_examples // 3)
)

NAMES = st.sampled_from(["f.csv", "f.xlsx", "f.ods", "f.txt", "f", "../../f.xlsx", "f\x00.csv"])
BYTES = st.one_of(
    st.binary(max_size=2000),
    st.sampled_from([csv_bytes(ROWS), xlsx_bytes(ROWS), b"PK\x03\x04" + b"\x00" * 100]),
    st.builds(lambda good, cut: good[:cut], st.just(xlsx_bytes(ROWS)), st.integers(0, 6000)),
    st.lists(hostile_text(), max_size=8).map(lambda cells: ";".join(cells).encode("utf-8")),
)


@pytest.fixture
def moderator(django_user_model, letter):
    user = django_user_model.objects.create_user("fuzz-moderadora", password="x")
    LetterRole.objects.create(letter=letter, user=user, role=LetterRole.Role.MODERATOR)
    return user


def _commit_and_check(client, letter, response):
    draft = response.url
    review = client.get(draft)
    assert review.status_code == 200
    assert_no_raw_markup(review.content.decode())
    commit = client.post(draft.rstrip("/") + "/commit/", {"status": "approved"})
    assert commit.status_code == 302
    for signature in Signature.objects.filter(letter=letter, origin="import"):
        assert_public_fields_one_line(signature)
        for value in (signature.name, signature.acronym, signature.title, signature.city):
            assert not EMAIL.search(value)
            assert "\x00" not in value
    for member in Member.objects.filter(network_signature__letter=letter):
        assert not EMAIL.search(member.name) and "\x00" not in member.name
    page = client.get(reverse("public:letter", args=[letter.slug]))
    assert page.status_code == 200
    assert_no_raw_markup(page.content.decode())


@import_settings
@text_examples("data", shape=str.encode, name="f.csv")
@given(name=NAMES, data=BYTES)
def test_any_uploaded_file_is_refused_with_a_message_or_read(client, letter, moderator, name, data):
    with example_rolled_back():
        upload(client, letter, moderator, name, data)


def upload(client, letter, moderator, name, data):
    client.force_login(moderator)
    start = reverse("importing:start", args=[letter.slug])

    response = client.post(start, {"file": SimpleUploadedFile(name, data)})

    if response.status_code == 400:
        assert "alert-danger" in response.content.decode() or "invalid-feedback" in (
            response.content.decode()
        )
        assert not ImportBatch.objects.filter(letter=letter).exists()
        assert not Signature.objects.filter(letter=letter, origin="import").exists()
    else:
        assert response.status_code == 302
        _commit_and_check(client, letter, response)


@import_settings
@text_examples("lines", shape=lambda line: [line, "Sin Fronteras, Director"])
@given(lines=st.lists(hostile_text(), min_size=1, max_size=8))
def test_any_pasted_list_is_read_and_committed_cleanly(client, letter, moderator, lines):
    with example_rolled_back():
        paste(client, letter, moderator, lines)


def paste(client, letter, moderator, lines):
    client.force_login(moderator)
    text = "\n".join(lines)
    response = client.post(reverse("importing:start", args=[letter.slug]), {"text": text})
    if response.status_code == 302:
        _commit_and_check(client, letter, response)
    else:
        assert response.status_code == 400
        assert not ImportBatch.objects.filter(letter=letter).exists()


def test_a_zip_bomb_upload_is_refused_and_nothing_is_saved(client, letter, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("importing:start", args=[letter.slug]),
        {"file": SimpleUploadedFile("bomb.xlsx", zip_bomb())},
    )

    assert response.status_code == 400
    assert "unpacks to more than 50 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()
