"""A network's members: "Network: member, member; member" read into members.

Member names keep the network's own spelling (the delivered list shows them so,
and a member has no country of its own): a country at the end is noted in the
member's `country` but stays in its name. Contact details never stay.
"""

import re

from django.utils.translation import gettext

from signatures.importing.headings import NETWORK, ORGANIZATION, PERSON
from signatures.importing.reading.acronyms import split_acronym, trailing_parentheses
from signatures.importing.reading.cleaning import clean
from signatures.importing.reading.countries import split_country
from signatures.importing.reading.entry import strip_trailing_period
from signatures.importing.reading.model import (
    ParsedEntry,
    ParsedMember,
    add_flag,
    quote,
    quote_end,
)
from signatures.names import has_trailing_tag, is_role, person_reason

_UPPER = "A-ZÁÉÍÓÚÑÜÇÀÈÌÒÙÂÊÎÔÛÃÕ"
# "(RIMD). Center for Gender ...": a period right after a closing parenthesis,
# then a capital, is where a PDF glued two entries. Periods elsewhere are part
# of names ("Asociación RUMIÑAHUI. Red de ...", "DHIA. Derechos ...", "Dra. Leticia").
GLUED = re.compile(rf"(?<=\))\.\s+(?=[{_UPPER}])")
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


def _is_single_word(text):
    return " " not in text and text[:1].isupper() and not text.isupper() and text.isalpha()


def _contacts_out(text, notes):
    """The member's text without contact details, and those details."""
    cleaned = clean(text)
    if cleaned.emails or cleaned.phones or cleaned.urls or cleaned.dropped:
        notes.append(
            gettext('Moved contact details out of the member "%(name)s": they stay private.')
            % {"name": quote(cleaned.text)}
        )
    return cleaned


def _member(text, notes, qualifier=""):
    cleaned = _contacts_out(text, notes)
    text = cleaned.text
    parens = trailing_parentheses(text)
    if parens and is_role(parens[1]):
        name, role = parens
        kind = PERSON if person_reason(name) else ORGANIZATION
        notes.append(
            gettext('Read "(%(role)s)" as the role of the member "%(name)s", not part of its name.')
            % {"role": role, "name": name}
        )
        member = ParsedMember(kind, name, role)
    elif (reason := person_reason(text)) and not qualifier:
        notes.append(
            gettext('Read the member "%(name)s" as a person: %(reason)s.')
            % {"name": text, "reason": reason}
        )
        member = ParsedMember(PERSON, text)
    else:
        member = ParsedMember(ORGANIZATION, text, qualifier=qualifier)
    _details(member, cleaned)
    return member


def _details(member, cleaned):
    member.email = cleaned.emails[0] if cleaned.emails else ""
    member.phone = cleaned.phones[0] if cleaned.phones else ""
    member.website = cleaned.urls[0] if cleaned.urls else ""
    if member.email or member.phone or cleaned.dropped:
        add_flag(member.flags, "contact")
    if member.website:
        add_flag(member.flags, "website")
    if cleaned.numbered:
        add_flag(member.flags, "numbering")
    member.country = split_country(member.name)[1]


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
                    gettext('Kept "%(name)s" as one name: "%(form)s" is a legal form.')
                    % {"name": f"{text}, {fragments[j]}", "form": form}
                )
            text, j = f"{text}, {fragments[j]}", j + 1
        following = fragments[j : j + 2]
        if following and _is_single_word(text) and _TAGLINE.match(following[0]):
            qualifier, j = following[0], j + 1
            notes.append(
                gettext('Kept "%(name)s" as one name: read the words after the comma as a tagline.')
                % {"name": f"{text}, {qualifier}"}
            )
        elif len(following) == 2 and _is_single_word(following[0]):
            if _ENUMERATION_END.match(following[1]):
                joined = ", ".join([text, *following])
                notes.append(
                    gettext(
                        'Kept "%(name)s" as one name: read its commas as an enumeration '
                        "within the name."
                    )
                    % {"name": joined}
                )
                text, j = joined, j + 2
            elif _is_single_word(following[1]):
                places = list(following)
                while j + len(places) < count and _is_single_word(fragments[j + len(places)]):
                    places.append(fragments[j + len(places)])
                qualifier, j = ", ".join(places), j + len(places)
                notes.append(
                    gettext(
                        'Kept "%(name)s" as one name: read "%(place)s" as a place, not as members.'
                    )
                    % {"name": f"{text}, {qualifier}", "place": qualifier}
                )
        if qualifier:
            members.append(_member(f"{text}, {qualifier}", notes, qualifier))
        elif j < count and person_reason(text) and is_role(fragments[j]):
            notes.append(
                gettext('Read "%(text)s" as the person "%(name)s" with the role "%(role)s".')
                % {"text": f"{text}, {fragments[j]}", "name": text, "role": fragments[j]}
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
        gettext(
            'Split the last member "%(name)s" at its last " y " into "%(first)s" and "%(second)s".'
        )
        % {"name": member.name, "first": first, "second": second}
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
        segments = [segment.strip() for segment in GLUED.split(item)]
        for index, segment in enumerate(segments):
            group = _group(re.split(r",\s+", segment), notes, semicolons)
            if semicolons and len(group) > 1:
                names = '", "'.join(member.name for member in group)
                notes.append(
                    gettext(
                        'Split "%(text)s" at its comma although the list uses semicolons: '
                        '"%(names)s".'
                    )
                    % {"text": segment, "names": names}
                )
            last = item_index == len(items) - 1 and index == len(segments) - 1
            if index and last and len(group) == 1:
                tail_glued = segments[index - 1]
            elif index:
                notes.append(
                    gettext(
                        'Split "%(before)s. %(after)s" after the period: read "%(after)s" as '
                        "the next member."
                    )
                    % {"before": quote_end(segments[index - 1]), "after": quote(segment)}
                )
            members.extend(group)
    if members and not tail_glued:
        members[-1:] = _split_last_conjunction(members[-1], notes)
    return members, tail_glued


def read_network(name_text, rest, notes, source):
    """A network entry from "Name: members"."""
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
