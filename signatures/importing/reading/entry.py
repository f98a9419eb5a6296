"""One entry from one cell or pasted line: `read_entry`.

A spreadsheet's name cell, a member line, a row pasted from a sheet
(name<TAB>country<TAB>email) or a line of a letter's list. The rules, in order:
numbering and bullets go; contact details leave the name (privately kept, and
said); a trailing country becomes the country; the kind is read from the text
unless the column says it; a person's role leaves their name; an acronym in
parentheses becomes the acronym, legal forms stay in the name.
"""

import re

from django.utils.translation import gettext

from signatures.importing.headings import INDIVIDUAL, NETWORK, ORGANIZATION
from signatures.importing.reading.acronyms import split_acronym
from signatures.importing.reading.cleaning import clean
from signatures.importing.reading.countries import country_code, split_country
from signatures.importing.reading.model import (
    LONG_NAME,
    ParsedEntry,
    ParsedMember,
    add_flag,
    quote,
)
from signatures.importing.reading.noise import reason_text, why_not_a_signatory
from signatures.importing.reading.people import PERSON, STRONG, read_kind, split_person
from signatures.names import fold

_NUMBER_CELL = re.compile(r"^\(?\d{1,5}[.)]?$")
_TRAILING_ACRONYM = re.compile(r"^(?P<name>[^,]*\S)\s*,\s*(?P<acronym>[A-Z][A-Z0-9&-]{1,14})$")
_PLACE_CELL = re.compile(r"^[^\W\d_][^\d@/]{1,40}$")
_ABBREVIATIONS = {"inc", "ltd", "co", "corp", "jr", "sr", "dr", "dra", "st", "mr", "mrs", "ms"}


def strip_trailing_period(text):
    """Drop the period ending a line, unless it ends an abbreviation ("I.A.P.", "A. C.")."""
    text = text.strip()
    if not text.endswith(".") or text.endswith(".."):
        return text
    last = text[:-1].rsplit(" ", 1)[-1]
    if "." in last or len(last) == 1 or fold(last) in _ABBREVIATIONS:
        return text
    return text[:-1].rstrip()


def _take_contacts(entry, cleaned, notes, name_for_note):
    moved = []
    if cleaned.emails or cleaned.phones or cleaned.dropped:
        entry.email = entry.email or (cleaned.emails[0] if cleaned.emails else "")
        entry.phone = entry.phone or (cleaned.phones[0] if cleaned.phones else "")
        add_flag(entry.flags, "contact")
        if cleaned.emails or cleaned.dropped:
            moved.append(gettext("an email address"))
        if cleaned.phones:
            moved.append(gettext("a phone number"))
    if cleaned.urls:
        entry.website = entry.website or cleaned.urls[0]
        add_flag(entry.flags, "website")
        moved.append(gettext("a web address"))
    if moved:
        notes.append(
            gettext('Moved %(what)s out of "%(name)s": it is not part of a public name.')
            % {"what": gettext(" and ").join(moved), "name": quote(name_for_note)}
        )
    if cleaned.numbered:
        add_flag(entry.flags, "numbering")


def _other_cells(entry, cells, notes):
    """Country, contacts and the rest (an affiliation, a description) from the row's other cells."""
    rest, place = [], ""
    for cell in cells:
        cleaned = clean(cell)
        _take_contacts(entry, cleaned, notes, cell)
        text = cleaned.text
        if not text or text == "-":
            continue
        if code := country_code(text):
            entry.country = entry.country or code
        elif _PLACE_CELL.match(text) and len(text.split()) <= 3 and not re.search(r"[.,;:]", text):
            rest.append(text)
            place = place or text  # may be a country spelled in a way we do not know
        else:
            rest.append(text)
    return rest, place


def read_entry(text, *, kind=None, notes=None):
    """The entry one cell or pasted line stands for, every rule applied.

    `kind` (ORGANIZATION, NETWORK or INDIVIDUAL) is the column's or the section's
    word and is not second-guessed; without it the kind is read from the text and
    the reason is noted. Notes (every guess) go to `notes` and to the entry.
    """
    notes = [] if notes is None else notes
    kind = INDIVIDUAL if kind == "person" else kind
    entry = ParsedEntry(kind or ORGANIZATION, "", source=text.strip())
    cells = [cell.strip() for cell in text.split("\t")] if "\t" in text else [text.strip()]
    cells = [cell for cell in cells if cell] or [""]
    if len(cells) > 1 and _NUMBER_CELL.match(cells[0]):
        cells = cells[1:]
        add_flag(entry.flags, "numbering")
    cleaned = clean(cells[0])
    _take_contacts(entry, cleaned, notes, cleaned.text or cells[0])
    rest, place = _other_cells(entry, cells[1:], notes)
    name = strip_trailing_period(cleaned.text)
    name, code, written = split_country(name)
    if code:
        name = strip_trailing_period(name)
        if not entry.country:
            entry.country = code
        notes.append(
            gettext('Read "%(place)s" at the end of "%(name)s" as its country.')
            % {"place": written, "name": quote(name)}
        )
    if reason := why_not_a_signatory(cleaned.text or cells[0]):
        add_flag(entry.flags, "not-a-signatory")
        notes.append(
            gettext('"%(text)s" may not be a signatory (%(reason)s).')
            % {"text": quote(cells[0]), "reason": reason_text(reason)}
        )
    _decide(entry, name, kind, rest, notes)
    acronyms = [cell for cell in rest if re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,14}", cell)]
    if entry.kind != INDIVIDUAL and acronyms and not entry.acronym:
        entry.acronym = acronyms[0]
    if place and not entry.country and place not in acronyms and entry.kind != INDIVIDUAL:
        add_flag(entry.flags, "unknown-country")
    if len(entry.name) > LONG_NAME:
        add_flag(entry.flags, "long-name")
    entry.warnings = notes
    return entry


def _decide(entry, name, kind, rest, notes):
    entry.written = name
    if kind == INDIVIDUAL:
        entry.name, entry.title = split_person(name)
        entry.title = entry.title or ", ".join(rest)
        return
    reading = None if kind in (ORGANIZATION, NETWORK) else read_kind(name)
    if reading and reading.kind == PERSON:
        entry.kind, entry.name, entry.title = INDIVIDUAL, reading.name, reading.role
        entry.title = entry.title or ", ".join(rest)
        entry.evidence = reading.strength
        if reading.strength != STRONG:
            add_flag(entry.flags, "person-or-organization")
        notes.append(
            gettext('Read "%(text)s" as a person: %(reason)s.')
            % {"text": quote(name), "reason": reading.reason}
        )
        return
    if reading:
        entry.evidence = reading.strength
        if reading.strength != STRONG:
            add_flag(entry.flags, "person-or-organization")
    entry.name, entry.acronym = split_acronym(name)
    if not entry.acronym and (match := _TRAILING_ACRONYM.match(entry.name)):
        entry.name, entry.acronym = match["name"], match["acronym"]


def read_member(text, *, notes=None):
    """A network's member from one line (the signing form's member box, a cell): the
    same rules as `read_entry`, as a ParsedMember (a person's title becomes the role)."""
    entry = read_entry(text, notes=notes)
    kind = PERSON if entry.kind == INDIVIDUAL else ORGANIZATION
    name = f"{entry.name} ({entry.acronym})" if entry.acronym else entry.name
    return ParsedMember(
        kind,
        name,
        entry.title,
        country=entry.country,
        email=entry.email,
        phone=entry.phone,
        website=entry.website,
        flags=entry.flags,
    )
