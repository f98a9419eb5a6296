"""An owner edits the texts side by side: preview as readers see it, paste damage,
a translation added, and two people saving at once."""

import pytest

from letters.authoring import paste, texts
from letters.models import LetterEvent
from tests.letters.authoring.helpers import current_text, edit_data, edit_url

pytestmark = pytest.mark.django_db

ORIGINAL = {"title": "Letter on asylum", "body": "We ask you to act.", "closing": "Kindly,"}
SPANISH = {"title": "Carta sobre el asilo", "body": "Le pedimos actuar.", "closing": "Atentamente,"}


def test_the_page_shows_both_languages_with_the_original_marked(client, as_user, owner, letter):
    page = as_user(owner).get(edit_url(letter)).content.decode()

    assert page.index("English") < page.index("Original") < page.index("Spanish")
    assert 'name="en-title"' in page and 'name="es-title"' in page


def test_the_preview_renders_the_text_sanitized_and_saves_nothing(client, as_user, owner, letter):
    hostile = {
        **ORIGINAL,
        "recipients": "<b>Ministra</b>, Secretaría, <script>xss()</script>",
        "body": "**Bold** <script>xss()</script> [x](javascript:xss()) <img src=x onerror=xss()>",
    }
    before = current_text(letter, "en")

    response = as_user(owner).post(
        edit_url(letter), edit_data(letter, {"en": hostile}, preview="1", save="")
    )

    page = response.content.decode()
    assert response.status_code == 200
    preview = page[page.index('id="preview-title"') :]
    assert "<strong>Bold</strong>" in preview
    assert "<script>" not in page  # in the form, escaped
    assert "onerror" not in preview and "javascript:" not in preview
    assert "<script>" not in preview and "&lt;script&gt;xss()&lt;/script&gt;" in preview
    assert "&lt;b&gt;Ministra&lt;/b&gt;<br>Secretaría" in preview
    assert current_text(letter, "en") == before


def test_saving_a_translation_adds_the_language_version(client, as_user, owner, make_letter):
    from letters.models import LetterRole

    letter = make_letter(slug="solo-ingles", status="draft")
    LetterRole.objects.create(letter=letter, user=owner, role="owner")

    response = as_user(owner).post(
        edit_url(letter), edit_data(letter, {"en": current_text(letter, "en"), "es": SPANISH})
    )

    assert response.status_code == 302
    spanish = letter.versions.get(language="es")
    assert (spanish.title, spanish.is_original) == (SPANISH["title"], False)
    assert letter.original_version().language == "en"
    assert LetterEvent.objects.get(letter=letter).action == "text_edited"
    assert letter.revisions.get().texts["es"]["title"] == SPANISH["title"]


def test_a_translation_needs_a_title_and_a_text_once_begun(client, as_user, owner, letter):
    data = edit_data(letter, {"en": ORIGINAL, "es": {"closing": "Atentamente,"}})

    response = as_user(owner).post(edit_url(letter), data)

    assert response.status_code == 400
    assert letter.versions.get(language="es").title == "Carta sobre las restricciones al asilo"


def test_paste_damage_needs_a_second_look_before_saving(client, as_user, owner, letter):
    damaged = {**ORIGINAL, "body": "## Our demands on\nthe minister\n\n• 2) Stop deportations"}
    client = as_user(owner)

    refused = client.post(edit_url(letter), edit_data(letter, {"en": damaged}))
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "A heading continues on the next line" in page
    assert "A bullet in front of a number" in page
    assert current_text(letter, "en")["body"] != damaged["body"]

    saved = client.post(edit_url(letter), edit_data(letter, {"en": damaged}, accept_warnings="on"))
    assert saved.status_code == 302
    assert current_text(letter, "en")["body"] == damaged["body"]


@pytest.mark.parametrize(
    "text, problems",
    [
        ("A **bold** word", []),
        ("A **bold word\n\nand more", ["stars"]),
        ("- 1. First", ["bullet_number"]),
        ("• 2) Second", ["bullet_number"]),
        ("1. First\n2.\n3. Third", ["empty_item"]),
        ("- one\n- \n", ["empty_item"]),
        ("## A heading\nthat goes on", ["split_heading"]),
        ("## A heading\n\nA paragraph", []),
        ("## A heading\n- a list", []),
        ("1. A real list\n2. of items", []),
    ],
)
def test_paste_damage_is_found_where_it_is(text, problems):
    assert [warning.problem for warning in paste.check(text)] == problems


def test_the_second_of_two_saves_is_refused_and_shows_the_first(client, as_user, owner, letter):
    stale = edit_data(letter, {"en": {**ORIGINAL, "body": "Mine: we ask you to act."}})
    first = edit_data(letter, {"en": {**ORIGINAL, "body": "Theirs: we ask you to act now."}})
    client = as_user(owner)
    assert client.post(edit_url(letter), first).status_code == 302

    response = client.post(edit_url(letter), stale)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this letter" in page
    assert (
        "<del>Theirs:</del><ins>Mine:</ins> we ask you to <del>act now.</del><ins>act.</ins>"
        in page
    )
    assert "Mine: we ask you to act." in page  # still in the form, nothing lost
    assert current_text(letter, "en")["body"] == "Theirs: we ask you to act now."
    # The page now carries their token: saving again keeps this text, deliberately.
    token = response.context["save_form"]["token"].value()
    assert token == texts.token(texts.current_revision(letter))
    again = client.post(edit_url(letter), {**stale, "token": token})
    assert again.status_code == 302
    assert current_text(letter, "en")["body"] == "Mine: we ask you to act."


def test_a_moderator_cannot_edit_the_text(client, as_user, moderator, letter):
    before = current_text(letter, "en")
    data = edit_data(letter, {"en": {**ORIGINAL, "body": "Changed"}})

    assert as_user(moderator).post(edit_url(letter), data).status_code == 403
    assert current_text(letter, "en") == before


def test_a_delivered_letter_s_text_no_longer_changes(client, as_user, owner, letter):
    from letters.models import Letter

    Letter.objects.filter(pk=letter.pk).update(status="delivered")
    before = current_text(letter, "en")
    data = edit_data(letter, {"en": {**ORIGINAL, "body": "Changed after delivery"}})

    response = as_user(owner).post(edit_url(letter), data)

    assert response.status_code == 409
    assert "its text no longer changes" in response.content.decode()
    assert current_text(letter, "en") == before


def test_a_draft_s_date_and_signing_options_change_on_the_same_page(client, as_user, owner, letter):
    from letters.models import Letter

    Letter.objects.filter(pk=letter.pk).update(status="draft")
    data = edit_data(letter, {"en": current_text(letter, "en"), "es": current_text(letter, "es")})
    data.update({"details-date": "2023-12-18"})
    data.pop("details-allow_networks", None)

    response = as_user(owner).post(edit_url(letter), data)

    assert response.status_code == 302
    letter.refresh_from_db()
    assert (str(letter.date), letter.allow_networks, letter.allow_organizations) == (
        "2023-12-18",
        False,
        True,
    )
    event = LetterEvent.objects.get(letter=letter, action="settings")
    assert event.changes["allow_networks"] == [True, False]


def test_an_open_letter_s_signing_options_are_not_on_the_page(client, as_user, owner, letter):
    page = as_user(owner).get(edit_url(letter)).content.decode()

    assert 'name="details-date"' in page
    assert 'name="details-allow_networks"' not in page
