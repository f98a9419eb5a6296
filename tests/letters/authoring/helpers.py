"""What the authoring tests share: the edit page's address and form data."""

from django.urls import reverse

from letters.authoring import texts
from letters.authoring.forms import SIGNING_OPTIONS


def edit_url(letter):
    return reverse("letters:authoring:edit", args=[letter.slug])


def edit_data(letter, texts_by_language, **extra):
    """The edit page's POST: every language's fields (empty when not given), the letter's
    date and options as they are, and the token of the texts as they are now."""
    data = {"token": texts.token(texts.current_revision(letter)), "save": "1"}
    letter.refresh_from_db()
    data["details-date"] = letter.date.isoformat() if letter.date else ""
    for name in SIGNING_OPTIONS:
        if getattr(letter, name):
            data[f"details-{name}"] = "on"
    for language in ("es", "en"):
        text = texts_by_language.get(language, {})
        for name in ("title", "recipients", "body", "closing"):
            data[f"{language}-{name}"] = text.get(name, "")
    data.update(extra)
    return data


def current_text(letter, language):
    version = letter.versions.get(language=language)
    return {name: getattr(version, name) for name in ("title", "recipients", "body", "closing")}
