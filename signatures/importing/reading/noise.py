"""Lines in a signatory block that are not signatories.

Footnotes and endnotes after a list, "To sign, visit …", "333 total signers as of
…", page headers and footers ("Page 3 of 7"), editorial notes in brackets, images,
rules and comments, a spreadsheet's header row. Each test is about the shape of
the line, in English and Spanish, never about a particular letter.
"""

import re

from django.utils.translation import gettext

from signatures.importing.reading.cleaning import strip_numbering
from signatures.names import fold

_PROSE_WORDS = 20  # a line this long, ending in a period, may be a sentence

# A footnote's mark at the start: "[1]", "\[1]", "<sup>1</sup>", "1 ", "¹", "[1]: http…".
_FOOTNOTE = re.compile(
    r"^(?:\\?\[\d{1,3}\]|<sup>\s*\d{1,3}\s*</sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d{1,3}\))\s*:?"
)
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_PAGE = re.compile(
    r"^(?:-\s*)?(?:page|p[aá]gina|p[aá]g\.?|p\.)?\s*\d{1,4}\s*(?:(?:of|de|/)\s*\d{1,4})?(?:\s*-)?$",
    re.IGNORECASE,
)
_TOTALS = re.compile(
    r"^\d[\d.,\s]*\s+(?:total\s+)?(?:signers|signatures|signatories|endorsements|endorsers"
    r"|firmas|firmantes|adhesiones|organizations|organisations|organizaciones|people"
    r"|personas|individuals)\b"
)
_INSTRUCTION_STARTS = (
    "to sign", "to add your", "to add your signature", "sign the letter", "sign here",
    "sign this", "ways to sign", "if you would like to sign", "if you want to sign",
    "add your name", "add your organization", "para firmar", "para sumar", "para adherir",
    "firma aqui", "firma la carta", "suma tu firma", "adhierete", "por favor agrega",
    "si deseas firmar", "si quieres firmar", "si desea firmar", "puedes firmar", "please sign",
    "click here", "haz clic", "de clic", "see also", "ver tambien",
)  # fmt: skip
_DISCLAIMERS = (
    "identification purposes",
    "fines de identificacion",
    "solo para identificacion",
    "for identification only",
    "affiliations are listed",
    "las afiliaciones",
)
_NOTES_HEADINGS = {
    "endnotes", "notes", "footnotes", "references", "sources", "notas", "notas al pie",
    "referencias", "fuentes", "bibliografia", "citas",
}  # fmt: skip
# Words a list's section heading is made of ("International and Regional Organizations
# and Networks", "Organizaciones Nacionales", "Individual signatories"), folded.
HEADING_WORDS = {
    "organizations", "organisations", "organizaciones", "organizacoes", "networks", "redes",
    "civil", "society", "sociedad", "de", "la", "the", "and", "y", "e", "&", "international",
    "internacionales", "internacional", "regional", "regionales", "national", "nacionales",
    "nacional", "local", "locales", "global", "globales", "individuals", "individual",
    "individuales", "individuos", "personas", "people", "persons", "a", "titulo", "personal",
    "signatories", "signatory", "signers", "firmantes", "firmas", "endorsers", "endorsing",
    "adherentes", "adhesiones", "academics", "academicos", "academicas", "scholars",
    "experts", "expertos", "expertas", "lead", "convening", "convocantes", "concerned",
    "citizens", "ciudadanas", "ciudadanos", "other", "otras", "otros", "supporting",
    "groups", "grupos", "colectivos", "collectives", "movements", "movimientos", "allies",
    "aliadas", "aliados", "members", "miembros", "institutions", "instituciones",
    "additional", "new", "initial", "subsequent", "nuevas", "iniciales", "signatures",
    "endorsements", "supporters", "apoyos", "list", "lista", "of", "por",
}  # fmt: skip
# A spreadsheet's header row: every cell is one of these (folded).
HEADER_CELLS = {
    "nombre", "name", "full name", "nombre completo", "organizacion", "organization",
    "organisation", "nombre de la organizacion", "organization name", "institucion",
    "institution", "universidad", "university", "departamento", "department", "afiliacion",
    "affiliation", "cargo", "title", "role", "puesto", "pais", "country", "ciudad", "city",
    "email", "e-mail", "correo", "correo electronico", "email address", "telefono", "phone",
    "sitio web", "website", "web", "sigla", "siglas", "acronym", "red", "network", "firma",
    "signature", "no", "no.", "n", "#", "numero", "number", "tipo", "type", "marca temporal",
    "timestamp", "estado", "state", "provincia", "region",
}  # fmt: skip


def footnote_mark(text):
    """Whether `text` opens with a footnote's mark ("[3] Seth Frotman…", "<sup>1</sup>…")."""
    return bool(_FOOTNOTE.match(text.strip()))


def is_bare_number(text):
    return bool(_BARE_NUMBER.match(text))


def is_notes_heading(text):
    key = fold(re.sub(r"[*_#:]", " ", text)).strip(" .")
    return key in _NOTES_HEADINGS


def reopens_list(text):
    """ "[SUBSEQUENT SIGNERS]", "Más firmas": a note that says the list goes on."""
    key = fold(text)
    return bool(re.search(r"\b(signers|signatories|signatures|firmantes|firmas|endorsers)\b", key))


def is_bracketed_note(text):
    """An editor's note: the whole line in brackets ("[INITIAL SIGNERS – …]")."""
    stripped = text.strip().replace("\\[", "[").replace("\\]", "]")
    return stripped.startswith("[") and stripped.endswith("]") and "](" not in stripped


def why_not_a_signatory(text):
    """A short reason key when the line is plainly not a signatory, else ""."""
    stripped = text.strip()
    key = fold(stripped)
    if not re.search(r"\w", stripped):
        return "punctuation"
    if stripped.startswith(("<!--", "![", "<img", "<hr", "<div", "</div", "<p>", "</p>")):
        return "markup"
    if re.fullmatch(r"[-=_*~]{3,}|#\w+", stripped):
        return "markup"
    if _PAGE.match(key) and re.search(r"\d", key):
        return "page"
    if _TOTALS.match(re.sub(r"[*_]", "", key)):
        return "totals"
    if footnote_mark(stripped):
        return "footnote"
    if is_bracketed_note(stripped):
        return "editorial"
    plain = re.sub(r"^[#*_\s]+", "", key)
    if plain.startswith(_INSTRUCTION_STARTS):
        return "instruction"
    if any(phrase in key for phrase in _DISCLAIMERS):
        return "instruction"
    outside_emails = re.sub(r"\S+@\S+", " ", key)
    asks = re.search(r"\b(sign|firm|email|e-mail|correo|write|escrib)", outside_emails)
    if "@" in stripped and asks:
        return "instruction"
    return ""


def is_header_row(cells):
    """Whether a row of cells is a spreadsheet's header ("nombre", "universidad", …)."""
    keys = [fold(cell).strip(" :.") for cell in cells if cell.strip()]
    return len(keys) >= 2 and all(key in HEADER_CELLS for key in keys)


def is_heading_text(text):
    """A list's section heading written in plain words, maybe over two lines:
    "International and Regional Organizations and Networks", "Organizaciones Nacionales"."""
    key = fold(re.sub(r"[*_#:]", " ", text)).strip(" .")
    words = key.split()
    if not 1 <= len(words) <= 9:
        return False
    content = [w for w in words if w not in {"de", "la", "the", "and", "y", "e", "&", "a"}]
    return bool(content) and all(w in HEADING_WORDS for w in words)


def reason_text(reason):
    """Why a line is no signatory, in the reader's language (for notes)."""
    return {
        "punctuation": gettext("it has no name in it"),
        "markup": gettext("it is markup, not a name"),
        "page": gettext("it is a page number or header"),
        "totals": gettext("it counts the signatories"),
        "footnote": gettext("it is a note after the list"),
        "editorial": gettext("it is an editor's note"),
        "instruction": gettext("it tells readers how to sign"),
        "prose": gettext("it is a sentence"),
        "header": gettext("it is a spreadsheet's header row"),
        "comment": gettext("it stands alone among entries of two lines, as a comment does"),
    }[reason]


def is_prose(text):
    """A sentence: mostly words in lower case (names are not: "Fundación para la Justicia
    y el Estado Democrático de Derecho." is half capitals), or ending in a period.
    What is in parentheses (an affiliation, a nickname) does not count."""
    text = strip_numbering(text)[0]
    words = re.sub(r"\([^()]*\)", " ", text).split()
    if len(words) < 3:
        return False
    lower = sum(word[0].islower() for word in words) / len(words)
    if text.rstrip().endswith((".", ":")) and (text[0].islower() or len(words) >= 8):
        return lower >= (0.5 if len(words) >= _PROSE_WORDS else 0.6)
    return len(words) >= 8 and lower >= 0.7
