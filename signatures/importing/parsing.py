"""Reading a pasted signatory block: sections, entries, networks and their members.

Pure functions, no database. Lists pasted from a PDF are messy (see "Real lists
are messy" in the product brief); every reading that is a guess adds a note that
quotes the text, so the operator and the moderators can check it. The rules are
small vocabularies and shapes, not knowledge of particular organizations.
"""

import re
from dataclasses import dataclass, field

from signatures.importing.headings import (
    INDIVIDUAL,
    LEAD,
    NETWORK,
    ORGANIZATION,
    PERSON,
    UNKNOWN,
    heading_section,
    is_totals_line,
    strip_markdown,
)
from signatures.names import fold, has_trailing_tag, is_role, person_reason, sort_key

_SPACES = re.compile(r"\s+")
_UPPER = "A-ZÁÉÍÓÚÑÜÇÀÈÌÒÙÂÊÎÔÛÃÕ"

# "(RIMD). Center for Gender ...": a period right after a closing parenthesis,
# then a capital, is where a PDF glued two entries. Periods elsewhere are part
# of names ("Asociación RUMIÑAHUI. Red de ...", "DHIA. Derechos ...", "Dra. Leticia").
_GLUED = re.compile(rf"(?<=\))\.\s+(?=[{_UPPER}])")
_TRAILING_PARENS = re.compile(r"^(?P<name>.*?\S)\s*\((?P<inner>[^()]+)\)$")
_ACRONYM = re.compile(r"^[A-Z0-9][\w.&/-]*(?: [A-Z0-9][\w.&/-]*){0,2}$")
_DASH_ACRONYM = re.compile(r"[-–—]\s*([A-Z][A-Z0-9]{1,15})$")
_LEGAL_SUFFIX = re.compile(
    r"^(?:A\.?\s?C|I\.?\s?A\.?\s?P|S\.?\s?C|A\.?\s?B\.?\s?P|Inc|LLC|Ltd)\.?"
    r"(?:\s*\([^()]*\))?(?:\s*[-–—]\s*\S.*)?$",
    re.IGNORECASE,
)
_ENDS_WITH_LEGAL_SUFFIX = re.compile(r"(?:^|[\s,])(?:A\.?\s?C|I\.?\s?A\.?\s?P|S\.?\s?C)\.?$")
_TAGLINE = re.compile(r"^[A-Z]\w+(?:ing|ando|iendo)\b")  # "Advancing Human Rights ..."
_ENUMERATION_END = re.compile(r"^\w+ (?:y|e|and|et) \w+")  # "Sociales y Culturales ..."
_LAST_CONJUNCTION = re.compile(rf"^(?P<first>.+)\s(?:y|and)\s(?P<second>[{_UPPER}].*)$")

_ABBREVIATIONS = {"inc", "ltd", "co", "corp", "jr", "sr", "dr", "dra", "st", "mr", "mrs", "ms"}


@dataclass
class ParsedMember:
    kind: str  # ORGANIZATION or PERSON
    name: str  # exactly as written, trimmed
    role: str = ""
    # A place or tagline after a comma, part of `name` as written but not of the
    # organization's identity ("Coalición de Derechos Humanos, Tucson, Arizona").
    qualifier: str = ""

    @property
    def core_name(self):
        suffix = ", " + self.qualifier
        if self.qualifier and self.name.endswith(suffix):
            return self.name[: -len(suffix)]
        return self.name


@dataclass
class ParsedEntry:
    kind: str  # ORGANIZATION, NETWORK or INDIVIDUAL
    name: str
    acronym: str = ""
    title: str = ""
    is_lead: bool = False
    lead_order: int | None = None
    members: list[ParsedMember] = field(default_factory=list)
    source: str = ""  # the entry's text after joining and cleaning
    warnings: list[str] = field(default_factory=list)
    # When the last member came after "). ", the text before that period: the member
    # may be the next standalone entry (decided by the block, see _resolve_glued_tails).
    tail_glued: str = field(default="", repr=False)


def quote(text, limit=70):
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote_end(text, limit=50):
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


def strip_trailing_period(text):
    """Drop the period ending a line, unless it ends an abbreviation ("I.A.P.", "A. C.")."""
    text = text.strip()
    if not text.endswith(".") or text.endswith(".."):
        return text
    last = text[:-1].rsplit(" ", 1)[-1]
    if "." in last or len(last) == 1 or fold(last) in _ABBREVIATIONS:
        return text
    return text[:-1].rstrip()


def is_acronym(text):
    text = text.strip()
    return bool(_ACRONYM.match(text)) and len(text) <= 30 and not is_role(text)


def split_acronym(text):
    """("Instituto ... AC", "IMUMI") from "Instituto ... AC (IMUMI)"; else (text, "")."""
    match = _TRAILING_PARENS.match(text)
    if match and is_acronym(match["inner"]):
        return match["name"], match["inner"].strip()
    return text, ""


def _is_single_word(text):
    return " " not in text and text[:1].isupper() and not text.isupper() and text.isalpha()


def _member(text, notes, qualifier=""):
    match = _TRAILING_PARENS.match(text)
    if match and is_role(match["inner"]):
        name, role = match["name"], match["inner"].strip()
        kind = PERSON if person_reason(name) else ORGANIZATION
        notes.append(f'Read "({role})" as the role of the member "{name}", not part of its name.')
        return ParsedMember(kind, name, role)
    reason = person_reason(text)
    if reason and not qualifier:
        notes.append(f'Read the member "{text}" as a person: {reason}.')
        return ParsedMember(PERSON, text)
    return ParsedMember(ORGANIZATION, text, qualifier=qualifier)


def _group(fragments, notes, semicolons=False):
    """Members from the comma-separated fragments of a list, re-joining commas inside names.

    In a list separated by semicolons, a legal form after a comma is plainly part
    of the name, so that reading is no guess and makes no note.
    """
    members = []
    i, count = 0, len(fragments)
    while i < count:
        text, qualifier, j = fragments[i], "", i + 1
        while j < count and _LEGAL_SUFFIX.match(fragments[j]):
            if not semicolons:
                form = fragments[j].split("(")[0].strip()
                notes.append(
                    f'Kept "{text}, {fragments[j]}" as one name: "{form}" is a legal form.'
                )
            text, j = f"{text}, {fragments[j]}", j + 1
        following = fragments[j : j + 2]
        if following and _is_single_word(text) and _TAGLINE.match(following[0]):
            qualifier, j = following[0], j + 1
            notes.append(
                f'Kept "{text}, {qualifier}" as one name: '
                "read the words after the comma as a tagline."
            )
        elif len(following) == 2 and _is_single_word(following[0]):
            if _ENUMERATION_END.match(following[1]):
                joined = ", ".join([text, *following])
                notes.append(
                    f'Kept "{joined}" as one name: '
                    "read its commas as an enumeration within the name."
                )
                text, j = joined, j + 2
            elif _is_single_word(following[1]):
                places = list(following)
                while j + len(places) < count and _is_single_word(fragments[j + len(places)]):
                    places.append(fragments[j + len(places)])
                qualifier, j = ", ".join(places), j + len(places)
                notes.append(
                    f'Kept "{text}, {qualifier}" as one name: '
                    f'read "{qualifier}" as a place, not as members.'
                )
        if qualifier:
            members.append(_member(f"{text}, {qualifier}", notes, qualifier))
        elif j < count and person_reason(text) and is_role(fragments[j]):
            notes.append(
                f'Read "{text}, {fragments[j]}" as the person "{text}" '
                f'with the role "{fragments[j]}".'
            )
            members.append(ParsedMember(PERSON, text, fragments[j]))
            j += 1
        else:
            members.append(_member(text, notes))
        i = j
    return members


def _split_last_conjunction(member, notes):
    """["Sin Fronteras IAP", "Migrantólogos"] from "Sin Fronteras IAP y Migrantólogos".

    Only where the part before " y " ends like a complete name (a legal form, a
    closing parenthesis or a country tag), because " y " is common inside names
    ("Red Internacional de Migración y Desarrollo (RIMD)").
    """
    match = _LAST_CONJUNCTION.match(member.name)
    if member.kind != ORGANIZATION or member.role or member.qualifier or not match:
        return [member]
    first, second = match["first"].strip(), match["second"].strip()
    complete = first.endswith(")") or _ENDS_WITH_LEGAL_SUFFIX.search(first)
    if has_trailing_tag(member.name) or not (complete or has_trailing_tag(first)):
        return [member]
    notes.append(
        f'Split the last member "{member.name}" at its last " y " into "{first}" and "{second}".'
    )
    return [ParsedMember(ORGANIZATION, first), _member(second, notes)]


def parse_members(text, notes):
    """A network's members from the text after its colon, and whether the last one was
    glued to the previous one after a period (then it may be a separate entry)."""
    semicolons = ";" in text
    items = [item.strip() for item in text.split(";")] if semicolons else [text.strip()]
    items = [item for item in items if item]
    members, tail_glued = [], ""
    for item_index, item in enumerate(items):
        segments = [segment.strip() for segment in _GLUED.split(item)]
        for index, segment in enumerate(segments):
            group = _group(re.split(r",\s+", segment), notes, semicolons)
            if semicolons and len(group) > 1:
                names = '", "'.join(member.name for member in group)
                notes.append(
                    f'Split "{segment}" at its comma although the list uses semicolons: "{names}".'
                )
            last = item_index == len(items) - 1 and index == len(segments) - 1
            if index and last and len(group) == 1:
                tail_glued = segments[index - 1]
            elif index:
                notes.append(
                    f'Split "{quote_end(segments[index - 1])}. {quote(segment)}" after the '
                    f'period: read "{quote(segment)}" as the next member.'
                )
            members.extend(group)
    if members and not tail_glued:
        members[-1:] = _split_last_conjunction(members[-1], notes)
    return members, tail_glued


def _network(name_text, rest, notes, source):
    name, acronym = split_acronym(strip_trailing_period(name_text))
    if not acronym and (match := _DASH_ACRONYM.search(name)):
        acronym = match[1]  # "...Migratoria-GTPM": the name keeps it as written
    members, tail_glued = parse_members(strip_trailing_period(rest), notes)
    return ParsedEntry(
        NETWORK,
        name,
        acronym,
        members=members,
        source=source,
        warnings=notes,
        tail_glued=tail_glued,
    )


def parse_entry(text, section, notes=None):
    """The entries one cleaned line stands for (usually one) in `section`."""
    notes = [] if notes is None else notes
    if section == INDIVIDUAL:
        name, _, title = strip_trailing_period(text).partition(", ")
        entry = ParsedEntry(INDIVIDUAL, name.strip(), title=title.strip(), source=text)
        entry.warnings = notes
        return [entry]
    name, colon, rest = text.partition(": ")
    if colon and name.strip() and len(name) <= 200 and re.search(r"[,;]", rest):
        return [_network(name, rest, notes, source=text)]
    if colon:
        notes.append(f'Read "{quote(text)}" as one organization: no list follows its colon.')
    parts = [part.strip() for part in _GLUED.split(text)]
    entries = []
    for index, part in enumerate(parts):
        if index:
            notes = [
                f'Split "{quote_end(parts[index - 1])}. {quote(part)}" '
                "after the period into two organizations."
            ]
        name, acronym = split_acronym(strip_trailing_period(part))
        entries.append(ParsedEntry(ORGANIZATION, name, acronym, source=text, warnings=notes))
    return entries


def _units(lines):
    """(heading section or None, text, notes) per line, re-joining lines broken mid-entry."""
    units = []
    for raw in lines:
        if not raw.strip() or is_totals_line(raw):
            continue
        section = heading_section(raw)
        text = strip_markdown(raw)
        if section or not units or units[-1][0]:
            units.append((section, text, []))
            continue
        _, previous, notes = units[-1]
        if text[0].islower():
            reason = "the second part starts in lower case"
        elif previous.endswith((",", ";", ":")):
            reason = f'the first part ends with "{previous[-1]}"'
        else:
            units.append((None, text, []))
            continue
        notes.append(
            f'Joined "{quote_end(previous)}" and "{quote(text)}" into one entry: '
            f"{reason} (a page or line break)."
        )
        units[-1] = (None, f"{previous} {text}", notes)
    return units


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
        intro = f'"{candidate.name}" follows "{quote_end(previous)}." in the list of "{entry.name}"'
        if candidate.kind == ORGANIZATION and not candidate.role and in_order:
            entry.members.pop()
            name, acronym = split_acronym(candidate.name)
            between = f'between "{entry.name}" and "{following.name}"' if following else "last"
            note = f"{intro}: read it as a separate organization, as it sorts {between}."
            split_off = ParsedEntry(ORGANIZATION, name, acronym, source=candidate.name)
            split_off.warnings.append(note)
            entries.insert(index, split_off)
        else:
            reason = "is a person" if candidate.kind == PERSON else "is out of alphabetical order"
            entry.warnings.append(f"{intro}: kept it as the last member, as it {reason}.")


def parse_signatories(lines):
    """The entries of a signatory block (the lines after the closing) and every guess made."""
    items, section, lead_order = [], None, 0
    for heading, text, notes in _units(lines):
        if heading == UNKNOWN:
            items.append(f'Ignored the heading "{text}": it names no known section.')
            continue
        if heading:
            section = heading
            continue
        if not re.search(r"\w", text):
            items.append(f'Ignored the line "{text}": it has no name in it.')
            continue
        if section is None:
            section = ORGANIZATION
            notes.insert(
                0,
                "Read the entries before the first heading as organizations, "
                f'from "{quote(text)}".',
            )
        for entry in parse_entry(text, section, notes):
            if section == LEAD:
                lead_order += 1
                entry.is_lead, entry.lead_order = True, lead_order
            items.append(entry)
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
    return entries, warnings + pending
