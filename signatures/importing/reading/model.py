"""What a reading produces: entries, members, and the flags a person should look at.

The dataclasses are plain data (no database); `signatures.importing.letter` stores
them, the web import previews them. Every flag has one translatable label here,
so the preview, the command line and the moderators' pages name it alike.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# What a person should check before an entry counts (codes are stable; labels translate).
FLAGS = {
    "contact": _(
        "An email address or phone number was in the text; it was moved to the private contact."
    ),
    "website": _("A web address was in the text; it was moved to the website."),
    "numbering": _("Numbering or a bullet was removed from the start."),
    "long-name": _("The name is very long: it may be several entries, or a sentence."),
    "unknown-country": _("A place that names no known country was left out."),
    "person-or-organization": _("Person or organization: the kind is a guess."),
    "not-a-signatory": _("This may not be a signatory (a note, an instruction or a page header)."),
}  # fmt: skip
LONG_NAME = 120  # characters; longer names are usually misread lines

_SPACES = re.compile(r"\s+")


def add_flag(flags, code):
    """Adds `code` (a key of FLAGS) once, keeping the order flags were found in."""
    assert code in FLAGS, code
    if code not in flags:
        flags.append(code)


@dataclass
class ParsedMember:
    kind: str  # ORGANIZATION or PERSON
    name: str  # in the network's own spelling, trimmed
    role: str = ""
    # A place or tagline after a comma, part of `name` as written but not of the
    # organization's identity ("Coalición de Derechos Humanos, Tucson, Arizona").
    qualifier: str = ""
    country: str = ""  # ISO 3166 alpha-2, "" when none
    email: str = ""  # private: never part of a public name
    phone: str = ""
    website: str = ""
    flags: list[str] = field(default_factory=list)

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
    country: str = ""  # ISO 3166 alpha-2, "" when none
    email: str = ""  # private contact found in the text
    phone: str = ""
    website: str = ""
    flags: list[str] = field(default_factory=list)
    # How sure the kind is, when it was read from the text: "strong", "weak" or "" (given).
    evidence: str = field(default="", compare=False)
    # The public text before a person's role was split off (to read it again as a name).
    written: str = field(default="", repr=False, compare=False)
    # When the last member came after "). ", the text before that period: the member
    # may be the next standalone entry (decided by the block, see blocks._resolve_glued_tails).
    tail_glued: str = field(default="", repr=False)


def quote(text, limit=70):
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote_end(text, limit=50):
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]
