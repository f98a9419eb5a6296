"""A letter's texts: creating a letter, saving its language versions, amending it.

No HTTP here: the pages (letters.authoring.views) call these. Every save checks
the edit-conflict token the page was given (token()), so that of two people
editing at once the second is refused instead of overwriting the first. A text
that someone signed is never overwritten: the save makes a new revision, and
each signature keeps the one its signer read (Signature.revision).
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from letters.authoring import diff
from letters.authoring.revisions import TEXT_FIELDS, LetterRevision
from letters.markdown import render_markdown
from letters.models import Letter, LetterEvent, LetterRole, LetterVersion

# Sent by the edit page when the owner chooses to email the signers of earlier texts
# about an amendment (argument: `revision`, the new one). The signatures app, which
# knows the signers, connects the emails to it (signatures.apps); letters cannot.
notify_signers = Signal()


class EditConflict(Exception):
    """Someone else saved the texts since the page was opened; `revision` is theirs."""

    def __init__(self, revision):
        super().__init__("the texts changed since the page was opened")
        self.revision = revision


@dataclass
class Saved:
    """What a save did: the revision now current, and whether it is a new one."""

    revision: LetterRevision
    amended: bool = False
    languages: list = field(default_factory=list)  # the languages whose text changed

    @property
    def changed(self):
        return bool(self.languages)


def snapshot(letter):
    """{language: {field: text}} of the letter's versions as they are now."""
    return {
        version.language: {name: getattr(version, name) for name in TEXT_FIELDS}
        for version in LetterVersion.objects.filter(letter=letter)
    }


def current_revision(letter):
    """The letter's latest revision; its first, from the texts as they are, if it has none.

    Letters from before revisions, or made in the admin, get theirs here; two
    signers asking at once get the same one (get_or_create retries on the
    unique constraint).
    """
    latest = letter.revisions.order_by("-number").first()
    if latest is not None:
        return latest
    try:
        revision, _created = LetterRevision.objects.get_or_create(
            letter=letter, number=1, defaults={"texts": snapshot(letter)}
        )
    except IntegrityError:  # the letter itself was deleted meanwhile
        raise LetterRevision.DoesNotExist from None
    return revision


def token(revision):
    """The edit-conflict token of the texts as `revision` has them."""
    return f"{revision.pk}.{int(revision.updated_at.timestamp() * 1_000_000)}"


def previous(revision):
    """The revision before `revision`, or None for the first."""
    return (
        LetterRevision.objects.filter(letter_id=revision.letter_id, number__lt=revision.number)
        .order_by("-number")
        .first()
    )


def is_signed(revision):
    """Whether someone was given this text. A signature with no text recorded (from
    before revisions were kept) counts as given the first."""
    given = Q(revision=revision)
    if revision.number == 1:
        given |= Q(revision__isnull=True)
    return revision.letter.signatures.filter(given).exists()


@transaction.atomic
def create_letter(letter, language, text, by):
    """Saves a new draft `letter` (unsaved, its options set) with its original text in
    `language`; `by` becomes its owner. Returns the letter."""
    letter.status = Letter.Status.DRAFT
    letter.save()
    LetterVersion.objects.create(letter=letter, language=language, is_original=True, **text)
    LetterRole.objects.create(letter=letter, user=by, role=LetterRole.Role.OWNER)
    LetterRevision.objects.create(letter=letter, number=1, texts={language: text}, actor=by)
    letter.events.create(
        action=LetterEvent.Action.CREATED, actor=by, changes={"slug": [None, letter.slug]}
    )
    return letter


def save_texts(letter, texts, *, expected_token, by, note=""):
    """Saves the language versions in `texts` ({language: {field: text}}; a language
    left out is left as it is). Returns a Saved.

    Raises EditConflict if the texts changed since `expected_token` was given out.
    A change to a text someone signed makes a new revision (an amendment); a new
    language, or a change nobody signed yet, updates the current one.
    """
    with transaction.atomic():
        Letter.objects.select_for_update().only("pk").get(pk=letter.pk)
        revision = current_revision(letter)
        if token(revision) != expected_token:
            raise EditConflict(revision)
        before = snapshot(letter)
        changed = [lang for lang, text in texts.items() if before.get(lang) != text]
        if not changed:
            return Saved(revision)
        amended = any(lang in revision.texts for lang in changed) and is_signed(revision)
        _write_versions(letter, texts, changed)
        after = snapshot(letter)
        if amended:
            revision = LetterRevision.objects.create(
                letter=letter, number=revision.number + 1, texts=after, note=note, actor=by
            )
        else:
            revision.texts = after
            revision.note = note or revision.note
            revision.save(update_fields=["texts", "note", "updated_at"])
        letter.events.create(
            action=LetterEvent.Action.AMENDED if amended else LetterEvent.Action.TEXT_EDITED,
            actor=by,
            changes={"languages": [None, changed], "revision": [None, revision.number]},
        )
        # The letter's updated_at is part of every cached page's key (signatures.public.caching).
        letter.save(update_fields=["updated_at"])
    return Saved(revision, amended=amended, languages=changed)


def _write_versions(letter, texts, languages):
    has_original = LetterVersion.objects.filter(letter=letter, is_original=True).exists()
    for language in languages:
        LetterVersion.objects.update_or_create(
            letter=letter,
            language=language,
            defaults=texts[language],
            create_defaults={**texts[language], "is_original": not has_original},
        )
        has_original = True


def recipient_lines(recipients):
    """Each recipient of the "one a line: name, position, institution" text, as its parts."""
    return [
        [part.strip() for part in line.split(",") if part.strip()]
        for line in (recipients or "").splitlines()
        if line.strip()
    ]


def address_html(version):
    """The letter's address block as HTML: its recipients, one paragraph each, escaped;
    or, for a letter that has none (an imported one), its recipient in Markdown,
    sanitized."""
    if not version:
        return ""
    if version.recipients.strip():
        return format_html_join(
            "",
            "<p>{}</p>",
            (
                (format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts)),)
                for parts in recipient_lines(version.recipients)
            ),
        )
    return render_markdown(version.recipient)


def changes_between(older, newer, language):
    """(language compared, [diff.FieldChange]) between two revisions' texts: in
    `language` when both have it, else in the older one's first language."""
    if language not in older.texts or language not in newer.texts:
        shared = [lang for lang in older.texts if lang in newer.texts]
        language = shared[0] if shared else language
    return language, diff.compare(older.text(language), newer.text(language))
