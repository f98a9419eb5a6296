"""An organizer starts a letter from "My letters": a draft they own, at a free address."""

import pytest
from django.urls import reverse

from letters.models import Letter, LetterEvent, LetterRole

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Carta sobre el asilo en México",
    "slug": "",
    "language": "es",
    "date": "2023-12-18",
    "recipients": "Andrés Manuel López Obrador, Presidente, Gobierno de México",
    "body": "Las organizaciones firmantes pedimos...\n\n1. Primero\n2. Segundo",
    "closing": "Atentamente,",
    "allow_organizations": "on",
    "allow_networks": "on",
    "require_confirmation": "on",
    "closes_at": "",
}


def test_my_letters_offers_new_letter_only_to_organizers(client, as_user, organizer, moderator):
    assert "New letter" in as_user(organizer).get(reverse("my_letters")).content.decode()
    assert "New letter" not in as_user(moderator).get(reverse("my_letters")).content.decode()


def test_an_organizer_creates_a_draft_they_own_with_the_slug_made_from_the_title(
    client, as_user, organizer
):
    response = as_user(organizer).post(reverse("new_letter"), NEW)

    letter = Letter.objects.get(slug="carta-sobre-el-asilo-en-mexico")
    assert response.status_code == 302
    assert response.url == reverse("letters:authoring:edit", args=[letter.slug])
    assert letter.status == "draft"
    assert (letter.allow_organizations, letter.allow_individuals) == (True, False)
    assert (letter.require_confirmation, letter.require_moderation) == (True, False)
    assert LetterRole.objects.get(letter=letter).user == organizer
    assert LetterRole.objects.get(letter=letter).role == "owner"
    original = letter.original_version()
    assert (original.language, original.title) == ("es", NEW["title"])
    assert original.recipients == NEW["recipients"]
    assert letter.revisions.get().number == 1
    assert LetterEvent.objects.get(letter=letter).action == "created"


def test_a_taken_slug_is_refused_with_a_free_one_proposed(client, as_user, organizer, letter):
    Letter.objects.create(slug="carta-2")

    response = as_user(organizer).post(reverse("new_letter"), {**NEW, "slug": "carta"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Another letter already has the address /letters/carta/" in page
    assert "carta-3" in page
    assert Letter.objects.filter(slug__startswith="carta").count() == 2


def test_a_title_that_collides_once_slugified_is_refused_too(
    client, as_user, organizer, make_letter
):
    make_letter(slug="carta-sobre-el-asilo-en-mexico")

    response = as_user(organizer).post(reverse("new_letter"), NEW)

    assert response.status_code == 400
    assert "carta-sobre-el-asilo-en-mexico-2" in response.content.decode()


def test_a_letter_needs_one_kind_of_signer(client, as_user, organizer):
    data = {k: v for k, v in NEW.items() if not k.startswith("allow_")}

    response = as_user(organizer).post(reverse("new_letter"), data)

    assert response.status_code == 400
    assert "Choose at least one kind of signer." in response.content.decode()
    assert not Letter.objects.exists()


def test_paste_damage_is_shown_before_the_draft_is_saved(client, as_user, organizer):
    client = as_user(organizer)
    damaged = {**NEW, "body": "Pedimos **que se respete el asilo.\n\n- 1. Primero\n-\n"}

    first = client.post(reverse("new_letter"), damaged)
    page = first.content.decode()
    assert first.status_code == 400
    assert "without its pair" in page
    assert "A bullet in front of a number" in page
    assert "An empty list item." in page
    assert not Letter.objects.exists()

    second = client.post(reverse("new_letter"), {**damaged, "accept_warnings": "on"})
    assert second.status_code == 302
    assert Letter.objects.get().original_version().body == damaged["body"].strip()


def test_someone_without_the_permission_cannot_start_a_letter(client, as_user, owner):
    response = as_user(owner).post(reverse("new_letter"), NEW)

    assert response.status_code == 403
    assert not Letter.objects.filter(slug__startswith="carta-sobre").exists()


def test_an_address_taken_between_the_check_and_the_save_is_refused_too(
    client, as_user, organizer, monkeypatch
):
    from letters.authoring import forms

    # As if another organizer saved the same address right after this form checked it.
    original = forms.NewLetterForm.clean_slug

    def clean_then_taken(form):
        slug = original(form)
        Letter.objects.create(slug=slug)
        return slug

    monkeypatch.setattr(forms.NewLetterForm, "clean_slug", clean_then_taken)
    monkeypatch.setattr(forms.NewLetterForm, "validate_unique", lambda form: None)

    response = as_user(organizer).post(reverse("new_letter"), NEW)

    assert response.status_code == 400
    assert "Another letter already has the address" in response.content.decode()
    assert Letter.objects.get().versions.count() == 0  # only the other one's
    assert not LetterRole.objects.exists()
