"""Hostile input on the forms that write a letter: "New letter" and the edit page
(preview and save), posted by an organizer and by the letter's owner.

Never a 500: each form answers with its errors, its warnings, a preview or a
redirect. Whatever it saved holds no NUL byte, and the letter's page (the team's
draft preview, the preview itself) shows the text escaped or sanitized, never raw.
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from letters.authoring import texts
from letters.models import Letter, LetterRole, LetterVersion
from tests.hostile import (
    MARKUP,
    assert_no_raw_markup,
    choice_like,
    fuzz_settings,
    hostile_examples,
    hostile_post,
    hostile_text,
    plain_templates,  # noqa: F401 (an autouse fixture)
)
from tests.letters.authoring.helpers import edit_data, edit_url

pytestmark = pytest.mark.django_db

CHECKBOX = st.sampled_from(["on", "", "0", "\x00"])
# Markdown that pasting produces, mixed with markup a sanitizer must take out.
MARKDOWN = st.lists(
    st.one_of(
        hostile_text(),
        st.sampled_from(["**", "- 1. ", "• 2) ", "## ", "\n", "\n\n", "- ", "[x](", ")"]),
        st.sampled_from(MARKUP),
    ),
    max_size=8,
).map("".join)

NEW_LETTER = {
    "title": "Carta abierta",
    "slug": "",
    "language": "es",
    "date": "2023-12-18",
    "recipients": "Ministra, Secretaría de Gobernación",
    "body": "Pedimos que se respete el asilo.",
    "closing": "Atentamente,",
    "allow_organizations": "on",
}
NEW_LETTER_FIELDS = {
    "title": hostile_text(),
    "slug": hostile_text(),
    "language": choice_like(["es", "en"]),
    "date": st.one_of(st.sampled_from(["2023-02-30", "0000-00-00"]), hostile_text()),
    "recipients": hostile_text(),
    "body": MARKDOWN,
    "closing": hostile_text(),
    "allow_organizations": CHECKBOX,
    "allow_individuals": CHECKBOX,
    "closes_at": hostile_text(),
    "accept_warnings": CHECKBOX,
}


def assert_texts_clean():
    for version in LetterVersion.objects.all():
        for name in ("title", "recipients", "body", "closing"):
            value = getattr(version, name)
            assert "\x00" not in value, name
            assert len(value) <= (LetterVersion._meta.get_field(name).max_length or len(value))


def test_new_letter_survives_hostile_input(client, organizer):
    client.force_login(organizer)

    @fuzz_settings
    @hostile_examples(NEW_LETTER, ["title", "recipients", "body", "closing"])
    @given(data=hostile_post(NEW_LETTER, NEW_LETTER_FIELDS))
    def post(data):
        before = set(Letter.objects.values_list("pk", flat=True))
        response = client.post(reverse("new_letter"), data)

        assert response.status_code in (200, 302, 400), response.status_code
        assert_no_raw_markup(response.content.decode())
        assert_texts_clean()
        created = Letter.objects.exclude(pk__in=before)
        if response.status_code == 302:
            letter = created.get()
            assert letter.status == "draft"
            assert "\x00" not in letter.slug
            page = client.get(letter.get_absolute_url())
            assert page.status_code == 200
            assert_no_raw_markup(page.content.decode())
        else:
            assert not created.exists()

    post()


def text_fields(language):
    return {
        f"{language}-title": hostile_text(),
        f"{language}-recipients": hostile_text(),
        f"{language}-body": MARKDOWN,
        f"{language}-closing": hostile_text(),
    }


def test_the_edit_page_survives_hostile_input(client, make_letter, django_user_model):
    owner = django_user_model.objects.create_user("duena-fuzz", password="x")
    letter = make_letter(slug="fuzz-draft", status="draft", title="A draft under attack")
    LetterRole.objects.create(letter=letter, user=owner, role="owner")
    client.force_login(owner)
    fields = {
        **text_fields("en"),
        **text_fields("es"),
        "token": st.one_of(hostile_text(), st.just("1.1")),
        "note": hostile_text(),
        "notify": CHECKBOX,
        "accept_warnings": CHECKBOX,
        "preview": st.sampled_from(["1", ""]),
        "details-date": NEW_LETTER_FIELDS["date"],
        "details-allow_individuals": CHECKBOX,
        "details-require_moderation": CHECKBOX,
    }

    valid = {**edit_data(letter, {"en": {"title": "A draft", "body": "Text"}}), "token": "now"}

    @fuzz_settings
    @hostile_examples(valid, [*text_fields("en"), *text_fields("es"), "note"])
    @given(data=hostile_post(valid, fields))
    def post(data):
        if data.get("token") == "now":  # the token of the texts as they are: a save can work
            data["token"] = texts.token(texts.current_revision(letter))
        response = client.post(edit_url(letter), data)

        assert response.status_code in (200, 302, 400, 409), response.status_code
        assert_no_raw_markup(response.content.decode())
        assert_texts_clean()
        page = client.get(letter.get_absolute_url())
        assert page.status_code == 200
        assert_no_raw_markup(page.content.decode())

    post()
