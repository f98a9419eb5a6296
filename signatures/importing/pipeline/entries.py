"""Each row of a file, or each entry of a pasted signatory block, read as a signatory.

An entry is a plain dict (it waits in the draft batch as JSON until the commit):
its kind, public fields, private fields, the networks it signs as a member of, a
network's members, and what the reading found (`flags`: codes, see
pipeline.flags; `notes`: every guess, in words). The reading of one cell is
signatures.importing.parsing's (read_entry); this module adds what a column says
(a country, a kind, an email), and always ends with `guard`, which keeps contact
details out of public fields whatever read them before.
"""

import re
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from signatures.importing import parsing
from signatures.importing.headings import INDIVIDUAL, NETWORK, ORGANIZATION, PERSON
from signatures.importing.pipeline import contacts
from signatures.importing.pipeline.columns import IGNORE
from signatures.names import fold, person_reason, single_line

PUBLIC = ("name", "acronym", "title", "city")
TEXT_FIELDS = ("name", "acronym", "title", "country", "city", "website")
TEXT_FIELDS += ("contact_name", "contact_role", "email", "note")
KINDS = (ORGANIZATION, NETWORK, INDIVIDUAL)
_FORMULA = ("=", "+", "@")
_NOT_LETTERS = re.compile(r"[^a-z]+")
_ORGANIZATION_WORDS = {
    "asociacion", "fundacion", "red", "centro", "colectivo", "instituto", "comite",
    "coalicion", "organizacion", "movimiento", "alianza", "grupo", "casa", "consejo",
    "association", "foundation", "center", "centre", "network", "institute", "committee",
    "coalition", "organization", "alliance", "group", "council", "church", "iglesia",
    "a.c.", "ac", "inc.", "llc", "ong", "ngo", "sindicato", "union", "clinic", "clinica",
}  # fmt: skip


def blank(line, source=""):
    entry = {"line": line, "source": source[:500], "kind": ORGANIZATION, "dropped": False}
    entry.update(dict.fromkeys(TEXT_FIELDS, ""))
    entry.update({"networks": [], "members": [], "flags": [], "notes": []})
    return entry


def flag(entry, code):
    if code not in entry["flags"]:
        entry["flags"].append(code)


# --- Values from columns --------------------------------------------------------------


@cache
def _country_names():
    """Folded country names in every language Firmas speaks, and ISO codes → code."""
    names = {}
    for language in ("en", "es"):
        with translation.override(language):
            for code, name in countries:
                names[_country_key(name)] = code
    for code, _name in countries:
        names[_country_key(code)] = code
        names[_country_key(countries.alpha3(code) or "")] = code
    names.pop("", None)
    names.update({"usa": "US", "eeuu": "US", "uk": "GB"})
    return names


def _country_key(text):
    return _NOT_LETTERS.sub("", fold(text))


def country_code(text):
    """The ISO code of a country written in English or Spanish ("EE. UU.", "México"),
    or as an ISO code; else ""."""
    return _country_names().get(_country_key(text), "")


def kind_from_text(text):
    """The kind a "Tipo"/"Type" cell names, or None."""
    key = f" {fold(text)} "
    if any(word in key for word in (" red", "network", "coalici", "alianza de")):
        return NETWORK
    if any(word in key for word in ("persona", "individu", "person", "personal", "a titulo")):
        return INDIVIDUAL
    if any(word in key for word in ("organiza", "organisa", "instituci", "colectiv", "asociaci")):
        return ORGANIZATION
    return None


def looks_like_organization(name):
    words = {fold(word).strip(",()") for word in name.split()}
    return len(name.split()) >= 7 or bool(words & _ORGANIZATION_WORDS)


def is_email(text):
    try:
        EmailValidator()(text)
    except ValidationError:
        return False
    return True


def website(text):
    """A web address as the website field takes it ("www.x.org" → "https://www.x.org"), or ""."""
    text = text.strip()
    if text and "://" not in text:
        text = "https://" + text
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return ""
    return text[:500]


# --- Reading one cell (read_entry) ------------------------------------------------------


def read_cell(text, kind=None):
    """(ParsedEntry, notes) for one cell or pasted line (signatures.importing.parsing)."""
    notes = []
    return parsing.read_entry(text, kind=kind, notes=notes), notes


def _from_parsed(entry, parsed, notes):
    """Copies a ParsedEntry's reading into the entry dict."""
    entry["kind"] = parsed.kind if parsed.kind in KINDS else ORGANIZATION
    entry["name"] = single_line(parsed.name)
    entry["acronym"] = single_line(parsed.acronym)
    entry["title"] = single_line(parsed.title)
    entry["country"] = parsed.country
    entry["email"] = parsed.email
    entry["website"] = website(parsed.website)
    phone = parsed.phone
    if phone:
        entry["note"] = _join(entry["note"], phone)
    if entry["email"] or phone or parsed.website:
        flag(entry, "contact_moved")
    for code in parsed.flags:
        if code not in ("contact", "website"):  # said once, by "contact_moved" above
            flag(entry, code)
    entry["members"] = [
        {"kind": m.kind if m.kind in (PERSON, ORGANIZATION) else ORGANIZATION,
         "name": single_line(m.name), "role": single_line(m.role)}
        for m in parsed.members
    ]  # fmt: skip
    entry["notes"] = list(dict.fromkeys([*notes, *parsed.warnings]))


def _join(*parts):
    return "\n".join(part for part in parts if part)


# --- Rows of a table -------------------------------------------------------------------


def from_rows(rows, fields, first_line=1):
    """An entry per row, the cells read as `fields` (one per column; see columns.FIELDS)."""
    return [_from_row(row, fields, line) for line, row in enumerate(rows, first_line)]


def _values(row, fields):
    values = {}
    for cell, field in zip(row, fields, strict=False):
        if field != IGNORE and cell.strip():
            values[field] = _join(values.get(field, ""), cell.strip())
    return values


def _from_row(row, fields, line):
    values = _values(row, fields)
    entry = blank(line, " | ".join(cell for cell in row if cell))
    given = kind_from_text(values.get("kind", ""))
    name = values.get("name", "")
    if name.startswith(_FORMULA) or (name.startswith("-") and name[1:2].strip()):
        flag(entry, "formula")
    if name:
        parsed, notes = read_cell(name, kind=given)
        _from_parsed(entry, parsed, notes)
    if given:
        entry["kind"] = given
    _column_values(entry, values)
    return guard(entry)


def _column_values(entry, values):
    """What the other columns say, over what was read from the name."""
    for field in ("acronym", "title", "city", "contact_name", "contact_role"):
        if values.get(field):
            entry[field] = single_line(values[field])
    if text := values.get("country"):
        code = country_code(text)
        entry["country"] = code or entry["country"]
        if not code:
            flag(entry, "unknown_country")
            entry["notes"].append(
                _("Country not recognized: “%(country)s”.") % {"country": single_line(text)[:60]}
            )
    if text := values.get("website"):
        entry["website"] = website(text) or entry["website"]
        if not website(text):
            entry["note"] = _join(entry["note"], single_line(text))
    if text := values.get("email"):
        read_from_name = entry["email"]
        entry["email"] = single_line(text).strip().strip("<>").strip()
        if read_from_name and read_from_name.lower() != entry["email"].lower():
            entry["note"] = _join(entry["note"], read_from_name)
    if text := values.get("network"):
        names = [single_line(n).strip(" ,;") for n in text.replace(";", "\n").splitlines()]
        entry["networks"] = [name for name in dict.fromkeys(names) if name][:10]
    if text := values.get("members"):
        notes = []
        # One member per line in the cell, or a list separated as in a letter.
        lines = [single_line(line) for line in text.splitlines() if line.strip()]
        members, _tail = parsing.parse_members("; ".join(lines), notes)
        entry["members"] = [
            {"kind": m.kind, "name": single_line(m.name), "role": single_line(m.role)}
            for m in members
        ]
        entry["kind"] = NETWORK
        entry["notes"] += notes
    date = values.get("date", "")
    note = _join(values.get("note", ""), date and _("Date in the file: %(date)s") % {"date": date})
    entry["note"] = _join(entry["note"], note)[:2000]


# --- A pasted signatory block ----------------------------------------------------------


def from_block(text):
    """The entries of a pasted signatory block (a list from Word, an email, WhatsApp),
    and the notes that belong to none."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    clean_lines = []
    numbered = set()
    for raw in lines:
        stripped, was_numbered = contacts.strip_numbering(raw)
        clean_lines.append(stripped)
        if was_numbered and stripped.strip():
            numbered.add(fold(stripped.strip())[:60])
    parsed_entries, notes = parsing.parse_signatories(clean_lines)
    entries = []
    for line, parsed in enumerate(parsed_entries, 1):
        entry = blank(line, parsed.source or parsed.name)
        _from_parsed(entry, parsed, [])
        if fold(entry["source"])[:60] in numbered or fold(parsed.name)[:60] in numbered:
            flag(entry, "numbering")
        entries.append(guard(entry))
    return entries, notes


# --- The guard ---------------------------------------------------------------------------


def guard(entry):
    """Moves every email address, phone number and web address out of the public fields
    (and the members' names and roles) into the private ones, saying so."""
    moved = []
    for field in PUBLIC:
        found = contacts.split(entry[field])
        if found.any:
            entry[field] = found.text
            moved.append(found)
    for member in entry["members"]:
        for field in ("name", "role"):
            found = contacts.split(member[field])
            if found.any:
                member[field] = found.text
                moved.append(found)
    entry["members"] = [member for member in entry["members"] if member["name"]]
    for found in moved:
        for email in found.emails:
            if not entry["email"] and is_email(email):
                entry["email"] = email
            else:
                entry["note"] = _join(entry["note"], email)
        for url in found.urls:
            if not entry["website"] and website(url):
                entry["website"] = website(url)
            else:
                entry["note"] = _join(entry["note"], url)
        entry["note"] = _join(entry["note"], *found.phones)
    if moved:
        flag(entry, "contact_moved")
    if entry["kind"] == INDIVIDUAL and looks_like_organization(entry["name"]):
        flag(entry, "probable_organization")
    elif entry["kind"] != INDIVIDUAL and not entry["members"] and person_reason(entry["name"]):
        flag(entry, "probable_person")
    entry["note"] = entry["note"][:2000]
    return entry
