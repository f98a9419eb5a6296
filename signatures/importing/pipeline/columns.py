"""Which signature field each column of a file holds: guessed from its header, changed
by the organizer, remembered per letter for the next file with the same header row.

Headers are matched once case and accents are ignored, on whole words, in Spanish
and English, as Google Forms, Excel templates and coalition spreadsheets name them.
The first rule that matches a header decides; each field but "ignore" and "note"
is given to one column only.
"""

import hashlib
import re

from django.utils.translation import gettext_lazy as _

from signatures.names import fold

IGNORE = "ignore"
# Field → label, in the order the mapping form offers them.
FIELDS = {
    "name": _("Name (public)"),
    "kind": _("Kind: organization, network or person"),
    "acronym": _("Acronym (public)"),
    "title": _("Title or affiliation (public)"),
    "country": _("Country (public)"),
    "city": _("City (public)"),
    "website": _("Website (public)"),
    "network": _("Member of networks"),
    "members": _("Members (for a network)"),
    "contact_name": _("Contact name (private)"),
    "contact_role": _("Contact's role (private)"),
    "email": _("Email (private)"),
    "note": _("Note to the organizers (private)"),
    "date": _("Date signed (kept in the note)"),
    IGNORE: _("Ignore this column"),
}
# Fields several columns may feed (their values are joined).
REPEATABLE = {IGNORE, "note"}

# (field, phrases): the first rule with a phrase among the header's words wins.
_RULES = (
    ("date", ("marca temporal", "timestamp", "fecha", "date", "submitted at", "hora")),
    ("email", ("correo", "email", "e mail", "mail")),
    ("website", ("sitio web", "pagina web", "website", "web", "url", "sitio", "pagina")),
    (IGNORE, ("telefono", "phone", "celular", "whatsapp", "movil", "mobile")),
    ("acronym", ("sigla", "siglas", "acronimo", "acronym", "abreviatura", "abbreviation")),
    ("members", ("miembros", "members", "integrantes", "organizaciones miembro")),
    ("network", ("red", "redes", "network", "networks", "coalicion", "miembro de", "member of")),
    ("kind", ("tipo", "type", "firma como", "firmo como", "signing as", "sign as", "kind")),
    ("country", ("pais", "country", "nacionalidad")),
    ("city", ("ciudad", "city", "localidad", "municipio", "provincia", "estado", "state")),
    (
        "contact_role",
        ("cargo del contacto", "cargo de la persona", "contact role", "contact s role", "tu cargo"),
    ),
    (
        "contact_name",
        (
            "contacto", "contact", "persona que firma", "tu nombre", "your name", "quien firma",
            "responsable", "representante", "representative", "persona de enlace",
        ),
    ),
    ("title", ("cargo", "puesto", "title", "role", "position", "afiliacion", "affiliation")),
    (
        "name",
        (
            "nombre de la organizacion", "organizacion", "organization", "organisation",
            "institucion", "institution", "nombre completo", "full name", "nombre", "name",
            "firmante", "signatory", "entidad",
        ),
    ),
    ("note", ("comentario", "comentarios", "comment", "comments", "nota", "note", "mensaje")),
)  # fmt: skip
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _words(header):
    return f" {_NOT_WORD.sub(' ', fold(header)).strip()} "


def guess_field(header):
    """The field a header names, or IGNORE."""
    words = _words(header)
    for name, phrases in _RULES:
        if any(f" {phrase} " in words for phrase in phrases):
            return name
    return IGNORE


_ORGANIZATION_WORDS = (" organizacion ", " organization ", " organisation ", " institucion ",
                       " institution ", " entidad ", " red ", " network ")  # fmt: skip


def guess(headers):
    """A field for each header. Where one column names an organization and another a
    person ("Nombre de la organización", "Nombre completo"), the organization's is the
    name and the person's the contact's; otherwise a field named twice keeps its
    first column."""
    fields = [guess_field(header) for header in headers]
    names = [i for i, field in enumerate(fields) if field == "name"]
    organizations = [i for i in names if any(w in _words(headers[i]) for w in _ORGANIZATION_WORDS)]
    if organizations and len(names) > 1 and "contact_name" not in fields:
        person = next(i for i in names if i not in organizations[:1])
        fields[person] = "contact_name"
        names.remove(person)
        if names[0] != organizations[0]:
            fields[names[0]], fields[organizations[0]] = IGNORE, "name"
    if "name" not in fields and "contact_name" in fields:
        fields[fields.index("contact_name")] = "name"
    return clean(fields, len(fields))


def looks_like_header(row):
    """Whether a first row names columns rather than holding a signatory."""
    if any("@" in cell for cell in row):
        return False
    return sum(guess_field(cell) != IGNORE for cell in row if cell) >= 1


def headers_key(headers):
    """The digest under which a header row's mapping is remembered."""
    text = "\x1f".join(_words(header).strip() for header in headers)
    return hashlib.sha256(text.encode()).hexdigest()


def clean(mapping, width):
    """A mapping as the form or the command gave it, made valid for `width` columns:
    unknown fields ignored, a field named twice kept for its first column only."""
    fields, taken = [], set()
    for field in list(mapping)[:width] + [IGNORE] * max(0, width - len(mapping)):
        field = field if field in FIELDS else IGNORE
        if field in taken and field not in REPEATABLE:
            field = IGNORE
        taken.add(field)
        fields.append(field)
    return fields
