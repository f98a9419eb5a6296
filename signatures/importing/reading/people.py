"""Person or organization, and a person's name apart from their role.

Lists of people come as "Name, Title, Institution", "Name — Title", "**Name** /
role", "Name (affiliation)" or one name per line. The evidence for a kind is
graded: a title such as "Dr.", a role after the name or an organization's word
("Red", "Foundation", an acronym, a legal form) is strong; a line that merely looks
like a person's name is weak, and the list it sits in decides (see blocks.py).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext

from signatures.importing.reading.countries import ends_with_country
from signatures.names import has_honorific, is_role, organization_word, person_reason

PERSON, ORGANIZATION = "person", "organization"
# STRONG and WEAK evidence; UNKNOWN when nothing in the text says (one word such as
# "Greenpeace" or "Jess"): the list around it decides.
STRONG, WEAK, UNKNOWN = "strong", "weak", "unknown"
_HANDLE = re.compile(r"^@[\w.-]+(?:@[\w.-]+)?$")

_ACRONYM_PARENS = re.compile(r"\(\s*[A-Z][A-Za-z0-9.&/-]*[A-Z0-9]\.?\s*\)")
_LEGAL_FORM = re.compile(
    r"(?:^|[\s,])(?:A\.?\s?C|I\.?\s?A\.?\s?P|S\.?\s?C|A\.?\s?B\.?\s?P|Inc|LLC|Ltd|S\.?A|GmbH|e\.V)\.?"
    r"(?=$|[\s,(])"
)
# "Name / role", "Name — role", "Name – role", "Name - role" (a spaced dash).
_SLASH = re.compile(r"^(?P<name>[^/]+?)\s+/\s*(?P<role>.*)$")
_DASH = re.compile(r"^(?P<name>.+?)\s+[—–-]\s+(?P<role>.+)$")
_PARENS = re.compile(r"^(?P<name>[^(]+?)\s*\((?P<role>.+)\)\s*$")


@dataclass
class Reading:
    kind: str  # PERSON or ORGANIZATION
    strength: str  # STRONG or WEAK
    name: str
    role: str = ""
    reason: str = ""  # why, in the active language


def _looks_like_person(name):
    return bool(person_reason(name))


def _organization_sign(text):
    """Why `text` is plainly an organization's name, or ""."""
    if word := organization_word(text):
        return gettext('it has the word "%(word)s"') % {"word": word}
    if _ACRONYM_PARENS.search(text):
        return gettext("it has an acronym")
    if _LEGAL_FORM.search(text):
        return gettext("it has a legal form")
    return ""


def _split_role(text):
    """(name, role) when `text` is a person's name followed by their role, else None."""
    if (match := _SLASH.match(text)) and _looks_like_person(match["name"].strip()):
        return match["name"].strip(), match["role"].strip(" ,;/-")
    name, comma, rest = text.partition(",")
    name, rest = name.strip(), rest.strip()
    if name.count("(") != name.count(")") or _LEGAL_FORM.match(f" {rest}"):
        # Inside a parenthesis ("Joan Touzet (Apache PMC, Director)"), or a legal form
        # ("Formación y Capacitación, A.C. (FOCA)"): no person's role after that comma.
        comma = ""
    if comma and rest and (_looks_like_person(_without_nickname(name)) or has_honorific(name)):
        return name, rest
    # "TANA BRIDGE, Professor of Social Work, …": the role says it is a person.
    if comma and is_role(rest) and not organization_word(name) and len(name.split()) <= 6:
        return name, rest
    if (match := _DASH.match(text)) and _looks_like_person(match["name"].strip()):
        return match["name"].strip(), match["role"].strip(" ,;/-")
    match = _PARENS.match(text)
    if match and _looks_like_person(match["name"].strip()) and not _is_acronym(match["role"]):
        return match["name"].strip(), match["role"].strip()
    return None


def _without_nickname(name):
    """ "Kristine (Kris) Bezdecny" → "Kristine Bezdecny": a nickname makes no organization."""
    return re.sub(r"\s*\([^()]*\)\s*", " ", name).strip()


def _is_acronym(text):
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9.&/-]*[A-Z0-9.]|[A-Z]", text.strip()))


def read_kind(text):
    """How `text` (one entry, cleaned) reads: person or organization, and how sure."""
    if parts := _split_role(text):
        name, role = parts
        if has_honorific(name) or is_role(role) or "," in role:
            reason = gettext('"%(role)s" after the name reads as a role') % {"role": role}
            return Reading(PERSON, STRONG, name, role, reason)
        reason = gettext('"%(name)s" reads as a name, "%(role)s" as a role') % {
            "name": name,
            "role": role,
        }
        return Reading(PERSON, WEAK, name, role, reason)
    if has_honorific(text):
        return Reading(PERSON, STRONG, text, reason=person_reason(text))
    if sign := _organization_sign(text):
        return Reading(ORGANIZATION, STRONG, text, reason=sign)
    if ends_with_country(text):
        return Reading(ORGANIZATION, WEAK, text, reason=gettext("it ends with a country"))
    if _looks_like_person(text):
        return Reading(PERSON, WEAK, text, reason=person_reason(text))
    handle = _handle_after(text)
    if handle is not None:
        reason = gettext("it is a person's handle")
        return Reading(PERSON, WEAK, handle or text, reason=reason)
    return Reading(
        ORGANIZATION, UNKNOWN, text, reason=gettext("it does not read as a person's name")
    )


def _handle_after(text):
    """For "@ktemkin", "0fie (@0fie)", "Isabel Roses @isabelroses": the name a handle
    goes with ("" when the handle is the name), or None without a handle."""
    if _HANDLE.match(text):
        return ""
    match = re.match(r"^(?P<name>.*?\S)\s*(?:\((?P<inner>@[^()]+)\)|(?P<bare>@[\w.-]+))$", text)
    return match["name"] if match else None


def _trailing_parenthesis(text):
    """(before, inside) when `text` ends with a balanced parenthesis, else None:
    "Amelia Andersdotter (former MEP (Piratpartiet), hobbyist)"."""
    text = text.rstrip().rstrip(".")
    if not text.endswith(")"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            before = text[:index].strip()
            return (before, text[index + 1 : -1].strip()) if before else None
    return None


def split_person(text):
    """(name, role) for a line known to be a person's ("Ana Hurtado, investigadora",
    "Molly de Blanc (Debian Project, GNOME Foundation)", "Pamela Anderson / Actress")."""
    for pattern in (_SLASH, _DASH):
        if (match := pattern.match(text)) and "(" not in match["name"]:
            return match["name"].strip(), match["role"].strip(" ,;/-")
    if parts := _trailing_parenthesis(text):
        return parts
    name, _, role = text.partition(", ")
    return name.strip(), role.strip()
