"""What in a signatory block is not an entry: section headings and the totals line.

Pure functions, no database (see signatures.importing.parsing, which reads the
entries between them). A heading opens a section, whose kind decides how its
entries read: organizations and networks, individuals, or lead signatories.
"""

import re
from functools import cache

from django.conf import settings
from django.utils import translation

from signatures.importing.reading.noise import is_heading_text
from signatures.names import fold

ORGANIZATION = "organization"
NETWORK = "network"
INDIVIDUAL = "individual"
PERSON = "person"
LEAD = "lead"  # a section: its entries are organizations or networks, listed first
SIGNATORIES = "signatories"  # a section of any kind ("Signatories"): each entry says its kind
UNKNOWN = "unknown"  # a Markdown heading we cannot classify

_SPACES = re.compile(r"\s+")

_HEADING_STARTS = (
    "organizaciones", "organizations", "organisations", "civil society", "sociedad civil",
    "individuals", "individuos", "individual", "personas", "people", "firmas", "firmantes",
    "signatories", "redes", "networks", "lead", "convening", "convocantes", "a titulo",
)  # fmt: skip
# Short lines that open a list without naming its kind.
_SIGNED = {"signed", "signed by", "firman", "firmado por", "suscriben", "endorsed by", "signers"}
_PLAIN_HEADINGS = {
    "organizations", "organisations", "organizaciones", "civil society organizations",
    "organizaciones de la sociedad civil", "organizaciones y redes", "redes y organizaciones",
    "networks", "redes", "individuals", "individuos", "personas", "firmas individuales",
    "a titulo individual", "individual signatories", "lead signatories",
    "convening organizations", "organizaciones convocantes", "signatories", "firmantes",
}  # fmt: skip


def strip_markdown(line):
    """`line` without heading markers, bullets, bold/italic markers and extra spaces."""
    text = re.sub(r"^\s*#{1,6}\s*", "", line)
    text = re.sub(r"\*\*|__", "", text).strip()
    text = re.sub(r"^[-*•]\s+", "", text)
    text = re.sub(r"^[*_]+|[*_]+$", "", text)
    return _SPACES.sub(" ", text).strip()


def _classify_heading(key):
    if any(word in key for word in ("convoca", "convening", "lead", "promotor")):
        return LEAD
    people = ("individu", "persona", "people", "titulo personal", "citizen", "ciudadan")
    if any(word in key for word in (*people, "scholar", "academ", "expert")):
        return INDIVIDUAL
    if any(word in key for word in ("organi", "redes", "network", "sociedad", "society")):
        return ORGANIZATION
    if any(word in key for word in ("signator", "firmant", "firmas", "signers", "endors")):
        return SIGNATORIES
    if any(word in key for word in ("adheren", "adhesion", "suscri", "signed")):
        return SIGNATORIES
    return None


@cache
def _site_headings():
    """The headings Firmas itself writes in every language it speaks, so that its own
    exports always read back (folded heading → section)."""
    headings = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            headings[fold(translation.gettext("Civil society organizations"))] = ORGANIZATION
            headings[fold(translation.gettext("Individuals"))] = INDIVIDUAL
    return headings


# The totals line Firmas's text export ends with: "99 organizations and 19 individuals".
_TOTALS = re.compile(
    r"^\d[\d.,]*\s+(?:organizations?|organizacion|organizaciones)\s+(?:and|y)\s+"
    r"\d[\d.,]*\s+(?:individuals?|personas?)\.?$"
)


def is_totals_line(line):
    return bool(_TOTALS.match(fold(strip_markdown(line))))


def heading_section(line):
    """The section a heading line opens, UNKNOWN for an unclassified Markdown heading,
    or None when the line is an entry."""
    key = fold(strip_markdown(line)).rstrip(" :.")
    if not key or len(key) > 60:
        return None
    if key in _site_headings():
        return _site_headings()[key]
    if line.lstrip().startswith("#"):
        return _classify_heading(key) or UNKNOWN
    wrapped = re.fullmatch(r"\s*(\*\*|__|\*|_)(.+?)\1\s*:?\s*", line)
    if key in _PLAIN_HEADINGS or (wrapped and key.startswith(_HEADING_STARTS)):
        return _classify_heading(key)
    if is_heading_text(line) or key in _SIGNED:
        return _classify_heading(key) or SIGNATORIES
    return None
