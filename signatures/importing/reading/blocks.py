"""A signatory block: sections, entries, networks, and the lines that are no entries.

Lists pasted from a PDF are messy (see "Real lists are messy" in the product
brief); every reading that is a guess adds a note that quotes the text, so the
operator and the moderators can check it. The rules are small vocabularies and
shapes, not knowledge of particular organizations.
"""

import re

from django.utils.translation import gettext

from signatures.importing.headings import (
    INDIVIDUAL,
    LEAD,
    NETWORK,
    ORGANIZATION,
    PERSON,
    SIGNATORIES,
    UNKNOWN,
    heading_section,
    is_totals_line,
    strip_markdown,
)
from signatures.importing.reading import noise
from signatures.importing.reading.acronyms import split_acronym
from signatures.importing.reading.cleaning import strip_numbering
from signatures.importing.reading.entry import read_entry, strip_trailing_period
from signatures.importing.reading.layout import pairs
from signatures.importing.reading.members import GLUED, read_network
from signatures.importing.reading.model import ParsedEntry, add_flag, quote, quote_end
from signatures.importing.reading.noise import reason_text
from signatures.importing.reading.people import STRONG, read_kind, split_person
from signatures.importing.reading.people import UNKNOWN as NO_EVIDENCE
from signatures.names import sort_key

_PEOPLE_MAJORITY = 0.6  # the share of people that makes a weak reading a person
_ORGANIZATION_MAJORITY = 0.85  # of organizations: people stand out in mixed lists


def parse_entry(text, section, notes=None):
    """The entries one cleaned line stands for (usually one) in `section`."""
    notes = [] if notes is None else notes
    if section == INDIVIDUAL:
        return [read_entry(text, kind=INDIVIDUAL, notes=notes)]
    kind = None if section in (SIGNATORIES, None) else ORGANIZATION
    if "\t" in text:  # a row pasted from a sheet is one entry, whatever its cells say
        return [read_entry(text, kind=kind, notes=notes)]
    unnumbered, numbered = strip_numbering(text)
    name, colon, rest = unnumbered.partition(": ")
    if colon and name.strip() and len(name) <= 200 and re.search(r"[,;]", rest):
        network = read_network(name, rest, notes, source=text)
        if numbered:
            add_flag(network.flags, "numbering")
        return [network]
    if colon and section != SIGNATORIES:
        notes.append(
            gettext('Read "%(text)s" as one organization: no list follows its colon.')
            % {"text": quote(text)}
        )
    parts = [part.strip() for part in GLUED.split(text)]
    entries = []
    for index, part in enumerate(parts):
        if index:
            notes = [
                gettext('Split "%(before)s. %(after)s" after the period into two organizations.')
                % {"before": quote_end(parts[index - 1]), "after": quote(part)}
            ]
        entries.append(read_entry(part, kind=kind, notes=notes))
    return entries


def _names_a_person(text):
    """ "Evgeny Morozov / writer and researcher on …" is a person with a long role."""
    reading = read_kind(strip_numbering(text)[0])
    return reading.kind == PERSON and reading.strength == STRONG


class _Lines:
    """Walks the block's lines into units: (heading section or None, text, notes)."""

    def __init__(self):
        self.units, self.skipped = [], []
        self.in_notes = False
        self.in_prose = False  # the rest of a paragraph that began as a sentence

    def has_entries(self):
        return any(heading is None for heading, _, _ in self.units)

    def heading(self, text, section, continues):
        """Takes a heading line; True when `text` was one (or continued one)."""
        last = self.units[-1] if self.units else None
        if continues and last and last[0] not in (None, UNKNOWN):
            joined = f"{last[1]} {text}"  # "Organizaciones" / "Internacionales y Regionales"
            if noise.is_heading_text(joined):
                self.units[-1] = (heading_section(joined) or last[0], joined, [])
                return True
        if noise.is_notes_heading(text):
            self.in_notes = True
            self.skipped.append((text, "footnote"))
            return True
        if section:
            self.in_notes = False
            self.units.append((section, text, []))
            return True
        if self.in_notes and noise.reopens_list(text):
            self.in_notes = False  # "[SUBSEQUENT SIGNERS]" after the endnotes
            self.skipped.append((text, "editorial"))
            return True
        return False

    def skip_reason(self, text, tab_row, after_blank):
        if tab_row:
            return "header" if noise.is_header_row(text.split("\t")) else ""
        self.in_prose = self.in_prose and not after_blank
        if self.has_entries() and (noise.is_bare_number(text) or noise.footnote_mark(text)):
            self.in_notes = True  # a numbered note after the list: what follows is notes too
        if reason := noise.why_not_a_signatory(text):
            # "Ways to sign this letter:" — the lines after it are its steps.
            self.in_notes = self.in_notes or (reason == "instruction" and text.endswith(":"))
            return reason
        if self.in_notes:
            return "footnote"
        if self.in_prose or (noise.is_prose(text) and not _names_a_person(text)):
            # A sentence wrapped over lines goes on until one ends it.
            self.in_prose = not text.rstrip().endswith((".", "!", "?", ":", ")"))
            return "prose"
        return ""

    def entry(self, text, after_blank, tab_row):
        last = self.units[-1] if self.units else None
        reason = ""
        if last and last[0] is None and not tab_row and "\t" not in last[1]:
            reason = _join_reason(last[1], text)
        if not reason:
            self.units.append((None, text, []))
            return
        _, previous, notes = last
        notes.append(
            gettext(
                'Joined "%(first)s" and "%(second)s" into one entry: %(reason)s '
                "(a page or line break)."
            )
            % {"first": quote_end(previous), "second": quote(text), "reason": reason}
        )
        self.units[-1] = (None, f"{previous} {text}", notes)


def _units(lines):
    """(heading section or None, text, notes) per line, re-joining lines broken mid-entry,
    and the lines left out as no entries, with why."""
    walker, after_blank = _Lines(), True
    for raw in lines:
        if not raw.strip():
            after_blank = True
            continue
        if is_totals_line(raw):
            continue
        tab_row = "\t" in raw.strip()
        text = raw.strip() if tab_row else strip_markdown(re.sub(r"<br\s*/?>", " ", raw))
        section = None if tab_row else heading_section(raw)
        if not tab_row and walker.heading(text, section, continues=not after_blank):
            after_blank = False
            continue
        if reason := walker.skip_reason(text, tab_row, after_blank):
            walker.skipped.append((text, reason))
        else:
            walker.entry(text, after_blank, tab_row)
        after_blank = False
    return walker.units, walker.skipped


_CONNECTORS = {
    "y", "e", "o", "and", "or", "of", "for", "de", "del", "la", "las", "los", "el", "en",
    "para", "por", "con", "the", "in", "on", "to", "a", "da", "do", "des", "du", "et",
}  # fmt: skip


def _join_reason(previous, text):
    """Why `text` continues the entry before it (a page or line break inside it), or "".

    A network's list broken over a page goes on in lower case or after a comma; any
    line that starts with a joining word ("y Refugiados …", "of Sociology") goes on.
    Otherwise a line in lower case is an entry of its own ("sbi", "theresa aiello").
    """
    network = bool(re.search(r"\S: .*[,;]", previous))
    if text[0].islower() and (network or text.split()[0] in _CONNECTORS):
        return gettext("the second part starts in lower case")
    if network and previous.endswith((",", ";", ":")):
        return gettext('the first part ends with "%(mark)s"') % {"mark": previous[-1]}
    return ""


def _resolve_glued_tails(entries):
    """Decide whether a network's glued last member is really the next standalone entry.

    The standalone list is alphabetical: "Center for Gender & Refugee Studies (CGRS)"
    after "Bloque ...: ..., (RIMD)." sorts between "Bloque" and the next entry
    "Centro de Apoyo", so it is an entry; "Melissa Vertiz Hernández" after
    GTPM's "(Observadoras)." is a person and out of order, so she stays a member.
    """
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if not entry.tail_glued:
            continue
        candidate, previous = entry.members[-1], entry.tail_glued
        following = next((e for e in entries[index:] if e.kind != INDIVIDUAL), None)
        in_order = not entry.is_lead and sort_key(entry.name) < sort_key(candidate.name)
        if following:
            in_order = in_order and sort_key(candidate.name) < sort_key(following.name)
        names = {"name": candidate.name, "previous": quote_end(previous), "network": entry.name}
        intro = gettext('"%(name)s" follows "%(previous)s." in the list of "%(network)s"') % names
        if candidate.kind == ORGANIZATION and not candidate.role and in_order:
            entry.members.pop()
            name, acronym = split_acronym(candidate.name)
            if following:
                note = gettext(
                    "%(intro)s: read it as a separate organization, as it sorts between "
                    '"%(network)s" and "%(following)s".'
                ) % {"intro": intro, "network": entry.name, "following": following.name}
            else:
                note = gettext(
                    "%(intro)s: read it as a separate organization, as it sorts last."
                ) % {"intro": intro}
            split_off = ParsedEntry(ORGANIZATION, name, acronym, source=candidate.name)
            split_off.warnings.append(note)
            entries.insert(index, split_off)
        elif candidate.kind == PERSON:
            entry.warnings.append(
                gettext("%(intro)s: kept it as the last member, as it is a person.")
                % {"intro": intro}
            )
        else:
            entry.warnings.append(
                gettext(
                    "%(intro)s: kept it as the last member, as it is out of alphabetical order."
                )
                % {"intro": intro}
            )


def _settle_kinds(entries):
    """Weak readings follow their section: in a list of people, a line that might be an
    organization is a person, and the other way round; a line that says nothing of its
    kind ("Jess", "Greenpeace") follows the list. Says so for each change."""
    readable = [e for e in entries if e.evidence and e.kind != NETWORK]
    known = [e for e in readable if e.evidence != NO_EVIDENCE]
    if len(readable) < 3:
        return
    share = sum(e.kind == INDIVIDUAL for e in known) / len(known) if known else 0.0
    majority = ""
    if known and share >= _PEOPLE_MAJORITY:
        majority = INDIVIDUAL
    elif known and share <= 1 - _ORGANIZATION_MAJORITY:
        majority = ORGANIZATION
    for entry in readable:
        if entry.evidence == STRONG:
            continue
        if not majority:
            add_flag(entry.flags, "person-or-organization")
            continue
        if entry.kind == majority:
            if "person-or-organization" in entry.flags:
                entry.flags.remove("person-or-organization")
            continue
        if entry.evidence == NO_EVIDENCE or len(known) >= 3:
            _turn(entry, majority)


def _turn(entry, kind):
    if kind == INDIVIDUAL:
        written = entry.written or entry.name
        entry.kind, entry.acronym = INDIVIDUAL, ""
        entry.name, entry.title = split_person(strip_trailing_period(written))
        note = gettext('Read "%(name)s" as a person, as most entries around it are people.')
    else:
        entry.kind, entry.title = ORGANIZATION, ""
        written = entry.written or entry.name
        entry.name, entry.acronym = split_acronym(strip_trailing_period(written))
        note = gettext(
            'Read "%(name)s" as an organization, as most entries around it are organizations.'
        )
    entry.warnings.append(note % {"name": quote(entry.name)})


def parse_signatories(lines):
    """The entries of a signatory block (the lines after the closing) and every guess made."""
    items, section, lead_order, sections = [], None, 0, [[]]
    lines, comments = pairs(lines)
    units, skipped = _units(lines)
    skipped += comments
    for heading, text, notes in units:
        if heading == UNKNOWN:
            items.append(
                gettext('Ignored the heading "%(text)s": it names no known section.')
                % {"text": text}
            )
            continue
        if heading:
            section = heading
            sections.append([])
            continue
        if not re.search(r"\w", text):
            items.append(
                gettext('Ignored the line "%(text)s": it has no name in it.') % {"text": text}
            )
            continue
        if section is None:
            section = SIGNATORIES
            notes.insert(
                0,
                gettext(
                    'Found no heading before the first entry, "%(text)s": read the kind of '
                    "each entry from its text."
                )
                % {"text": quote(text)},
            )
        for entry in parse_entry(text, section, notes):
            if section == LEAD:
                lead_order += 1
                entry.is_lead, entry.lead_order = True, lead_order
            items.append(entry)
            sections[-1].append(entry)
    for group in sections:
        _settle_kinds(group)
    entries = [item for item in items if isinstance(item, ParsedEntry)]
    _resolve_glued_tails(entries)
    # Warnings in reading order; an entry split off a network's list follows it.
    preceding, pending = {}, []
    for item in items:
        if isinstance(item, str):
            pending.append(item)
        else:
            preceding[id(item)], pending = pending, []
    warnings = []
    for entry in entries:
        warnings += preceding.get(id(entry), []) + entry.warnings
    left_out = [
        gettext('Left out "%(text)s": %(reason)s.')
        % {"text": quote(text), "reason": reason_text(reason)}
        for text, reason in skipped
    ]
    return entries, warnings + pending + left_out
