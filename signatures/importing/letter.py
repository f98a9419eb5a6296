"""Importing an existing letter: its text, and the signatory block pasted under it.

`parse_letter` reads the text without touching the database; `import_letter`
stores what it read, all or nothing. The signatory-block heuristics live in
`signatures.importing.parsing`; every guess they make is returned as a warning.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone

from letters.authoring import texts
from letters.models import Letter, LetterVersion
from signatures import duplicate_keys
from signatures.importing.headings import (
    INDIVIDUAL,
    NETWORK,
    ORGANIZATION,
    PERSON,
    UNKNOWN,
    heading_section,
    strip_markdown,
)
from signatures.importing.parsing import ParsedEntry, parse_signatories, quote
from signatures.models import Member, Network, Signature, SignatureEvent
from signatures.names import fold, identity_key, sort_key

__all__ = [
    "LetterExists",
    "LetterImportError",
    "ParsedLetter",
    "ImportSummary",
    "parse_letter",
    "import_letter",
]


class LetterImportError(ValueError):
    """The text cannot be imported as asked; the message says why, for an operator."""


class LetterExists(LetterImportError):
    """A letter with the slug exists and `replace` was not asked for."""


@dataclass
class ParsedLetter:
    date: datetime.date | None
    recipient: str
    body: str
    closing: str
    entries: list[ParsedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def of_kind(self, kind):
        return [entry for entry in self.entries if entry.kind == kind]


_EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_ES_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
_MONTHS = {
    name: number for names in (_EN_MONTHS, _ES_MONTHS) for number, name in enumerate(names, 1)
}
_MONTHS["setiembre"] = 9
_MONTH = "(?P<month>" + "|".join(_MONTHS) + ")"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b"
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:o|ro|º|°)?\s+de\s+{_MONTH}\s+(?:de|del)\s+(?P<year>\d{{4}})\b"
    ),
)
# "Kindly," "Atentamente,": a short line ending with a comma, or a usual closing.
_CLOSINGS = {
    "atentamente", "sincerely", "kindly", "cordialmente", "respetuosamente", "respectfully",
    "saludos cordiales", "best regards", "regards", "sinceramente",
}  # fmt: skip


def find_date(text):
    """The date written in `text` ("December 18, 2023", "18 de diciembre de 2023").

    Returns (date or None, the matched text). A match that is no real date
    (February 30) gives (None, the text).
    """
    folded = fold(text)
    for pattern in _DATES:
        if match := pattern.search(folded):
            day, month, year = int(match["day"]), _MONTHS[match["month"]], int(match["year"])
            try:
                return datetime.date(year, month, day), match.group(0)
            except ValueError:
                return None, match.group(0)
    return None, ""


_SALUTATIONS = ("dear", "estimad", "querid", "senor", "honorable", "to ", "a ", "para ")


def _is_closing(line):
    text = strip_markdown(line)
    key = fold(text)
    if key.rstrip(",.") in _CLOSINGS:
        return True
    if key.startswith(_SALUTATIONS):  # "Dear Minister," opens the body
        return False
    return text.endswith(",") and len(text) <= 40 and len(text.split()) <= 4 and text[0].isalpha()


def _paragraphs(lines):
    """(first line, line after the last) of each run of non-blank lines."""
    spans, start = [], None
    for index, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            spans.append((start, index))
            start = None
    return spans


def _join(lines):
    return "\n".join(lines).strip("\n").rstrip()


def parse_letter(text):
    """Read a letter: date, recipient, body, closing and signatory block. No database."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs = _paragraphs(lines)
    if not paragraphs:
        raise LetterImportError("The text is empty.")
    warnings, first = [], 0
    date, date_text = None, ""
    start, end = paragraphs[0]
    if end - start <= 2:
        date, date_text = find_date(" ".join(lines[start:end]))
        first = 1 if date_text else 0
    if date_text and not date:
        warnings.append(f'"{date_text}" is not a valid date: the letter has no date.')
    elif not date:
        warnings.append("Found no date before the recipient: the letter has no date.")

    # The block follows the closing ("Kindly,") and opens with a section heading; a
    # list without headings starts after the last closing, one without a closing at
    # the first heading.
    heading = next(
        (
            index
            for index, (start, _) in enumerate(paragraphs[first:], first)
            if heading_section(lines[start]) not in (None, UNKNOWN)
        ),
        len(paragraphs),
    )
    closings = [
        index
        for index, (start, end) in enumerate(paragraphs[first:heading], first)
        if end - start == 1 and _is_closing(lines[start])
    ]
    closing_at = closings[-1] if closings else None
    if closing_at is not None:
        block = paragraphs[closing_at][1]
    elif heading < len(paragraphs):
        block = paragraphs[heading][0]
    else:
        raise LetterImportError(
            "Found no signatory block: expected a closing line such as “Kindly,” or "
            "“Atentamente,” or a heading such as “Organizations” before the list."
        )
    body_end = paragraphs[closing_at if closing_at is not None else heading][0]
    if closing_at is None:
        warnings.append("Found no closing line (such as “Kindly,”) before the signatory list.")

    # The recipient: the first paragraph after the date, a few short lines.
    recipient, (start, end) = "", paragraphs[first]
    body_start = min(start, body_end)
    short = all(len(line.strip()) <= 120 for line in lines[start:end]) and end - start <= 8
    if end < body_end and short:
        recipient, body_start = _join(lines[start:end]), end
    else:
        warnings.append("Found no recipient block (a few short lines after the date).")
    body = _join(lines[body_start:body_end])
    if not body:
        warnings.append("The letter's body is empty.")

    entries, block_warnings = parse_signatories(lines[block:])
    if not entries:
        raise LetterImportError("The signatory block lists nobody.")
    return ParsedLetter(
        date=date,
        recipient=recipient,
        body=body,
        closing=lines[paragraphs[closing_at][0]].strip() if closing_at is not None else "",
        entries=entries,
        warnings=warnings + block_warnings,
    )


@dataclass
class NetworkSummary:
    name: str
    organizations: int
    people: int

    @property
    def members(self):
        return self.organizations + self.people


@dataclass
class ImportSummary:
    letter: Letter
    organizations: int
    individuals: int
    networks: list[NetworkSummary]
    linked_members: int
    warnings: list[str]

    @property
    def member_organizations(self):
        return sum(network.organizations for network in self.networks)

    @property
    def member_people(self):
        return sum(network.people for network in self.networks)


def title_from_slug(slug):
    """ "mexico-asylum-letter-2023-12-18" → "Mexico asylum letter 2023-12-18"."""
    date = re.search(r"\d{4}-\d{2}-\d{2}$", slug)
    words = slug[: date.start()] if date else slug
    title = re.sub(r"[-_]+", " ", words).strip()
    title = f"{title} {date.group(0)}".strip() if date else title
    return title[:1].upper() + title[1:]


def _check(parsed, slug, language, status, title):
    try:
        validate_slug(slug)
    except ValidationError:
        raise LetterImportError(
            f"“{slug}” is not a valid slug: use letters, numbers, hyphens or underscores."
        ) from None
    if len(slug) > Letter._meta.get_field("slug").max_length:
        raise LetterImportError(f"The slug “{slug}” is too long.")
    if language not in dict(settings.LANGUAGES):
        codes = ", ".join(dict(settings.LANGUAGES))
        raise LetterImportError(f"Unknown language “{language}”: use one of {codes}.")
    if status not in Letter.Status.values:
        codes = ", ".join(Letter.Status.values)
        raise LetterImportError(f"Unknown status “{status}”: use one of {codes}.")
    limits = [("title", title, LetterVersion), ("closing", parsed.closing, LetterVersion)]
    for entry in parsed.entries:
        limits += [("name", entry.name, Signature), ("acronym", entry.acronym, Signature)]
        limits += [("title", entry.title, Signature)]
        limits += [(f, getattr(m, f), Member) for m in entry.members for f in ("name", "role")]
    for name, value, model in limits:
        if len(value) > model._meta.get_field(name).max_length:
            raise LetterImportError(
                f"A {model._meta.verbose_name}'s {name} is too long, which usually means the "
                f"list was misread: “{quote(value, 120)}”."
            )


def _link_members(members, signatures):
    """Point each member to the same organization's (or person's) own signature here."""
    by_key = {}
    for signature in signatures:
        group = PERSON if signature.kind == INDIVIDUAL else ORGANIZATION
        keys = [identity_key(signature.name, signature.acronym)]
        if signature.acronym:
            keys.append(fold(signature.acronym))
        for key in keys:
            by_key.setdefault((group, key), signature)
    linked = 0
    for member, parsed in members:
        own = by_key.get((parsed.kind, identity_key(parsed.core_name)))
        if own is not None and own.pk != member.network_signature_id:
            member.signature = own
            linked += 1
    return linked


def _duplicates(signatures):
    seen, warnings = {}, []
    for signature in signatures:
        key = (signature.kind == INDIVIDUAL, identity_key(signature.name, signature.acronym))
        if key in seen:
            warnings.append(
                f"“{seen[key].name}” and “{signature.name}” look like one signatory; "
                "both were imported, for a moderator to merge."
            )
        seen.setdefault(key, signature)
    return warnings


def import_letter(parsed_or_text, *, slug, language="en", title=None, status="open", replace=False):
    """Create the letter, its original version and its approved signatures, all or nothing.

    With `replace`, an existing letter with this slug is deleted first, in the
    same transaction; without it, an existing slug is an error.
    """
    parsed = parse_letter(parsed_or_text) if isinstance(parsed_or_text, str) else parsed_or_text
    title = title or title_from_slug(slug)
    _check(parsed, slug, language, status, title)
    now = timezone.now()
    try:
        with transaction.atomic():
            existing = Letter.objects.select_for_update().filter(slug=slug).first()
            if existing and not replace:
                raise LetterExists(
                    f"A letter with the slug “{slug}” exists already: "
                    "choose another slug, or replace it."
                )
            if existing:
                existing.delete()
            letter = Letter.objects.create(slug=slug, date=parsed.date, status=status)
            LetterVersion.objects.create(
                letter=letter,
                language=language,
                is_original=True,
                title=title,
                recipient=parsed.recipient,
                body=parsed.body,
                closing=parsed.closing,
            )
            return _create_signatures(letter, parsed, language, now)
    except IntegrityError as error:
        raise LetterImportError(f"The database refused the import: {error}") from error


def _create_signatures(letter, parsed, language, now):
    networks = {}
    for entry in parsed.of_kind(NETWORK):
        network, _ = Network.objects.get_or_create(
            name__iexact=entry.name, defaults={"name": entry.name, "acronym": entry.acronym}
        )
        networks[id(entry)] = network
    # The imported list signed the letter's text as imported: its first revision.
    revision = texts.current_revision(letter)
    signatures = Signature.objects.bulk_create(
        Signature(
            letter=letter,
            revision=revision,
            kind=entry.kind,
            network=networks.get(id(entry)),
            name=entry.name,
            sort_name=sort_key(entry.name),
            acronym=entry.acronym,
            title=entry.title,
            status=Signature.Status.APPROVED,
            visibility=Signature.Visibility.PUBLIC,
            origin=Signature.Origin.IMPORT,
            language=language,
            is_lead=entry.is_lead,
            lead_order=entry.lead_order,
            decided_at=now,
        )
        for entry in parsed.entries
    )
    SignatureEvent.objects.bulk_create(
        SignatureEvent(
            signature=signature,
            action=SignatureEvent.Action.IMPORTED,
            to_status=Signature.Status.APPROVED,
            # What the importer guessed about this entry, for the moderators.
            reason="\n".join(entry.warnings),
        )
        for signature, entry in zip(signatures, parsed.entries, strict=True)
    )
    members = [
        (
            Member(
                network_signature=signature,
                position=position,
                kind=member.kind,
                name=member.name,
                role=member.role,
            ),
            member,
        )
        for signature, entry in zip(signatures, parsed.entries, strict=True)
        for position, member in enumerate(entry.members, 1)
    ]
    linked = _link_members(members, signatures)
    Member.objects.bulk_create(member for member, _ in members)
    # bulk_create skips Signature.save(): the keys of duplicate suggestions, here.
    duplicate_keys.refresh(letter)
    return ImportSummary(
        letter=letter,
        organizations=len(parsed.of_kind(ORGANIZATION)),
        individuals=len(parsed.of_kind(INDIVIDUAL)),
        networks=[
            NetworkSummary(
                entry.name,
                organizations=sum(m.kind == ORGANIZATION for m in entry.members),
                people=sum(m.kind == PERSON for m in entry.members),
            )
            for entry in parsed.of_kind(NETWORK)
        ],
        linked_members=linked,
        warnings=parsed.warnings + _duplicates(signatures),
    )
