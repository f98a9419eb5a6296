"""Reading a pasted signatory block, an entry or a network's members (no database).

The reading itself lives in `signatures.importing.reading`; this module keeps the
names importers, the web import and the signing form use in one place.
"""

from signatures.importing.reading.blocks import parse_entry, parse_signatories
from signatures.importing.reading.entry import read_entry, read_member, strip_trailing_period
from signatures.importing.reading.members import parse_members
from signatures.importing.reading.model import (
    FLAGS,
    ParsedEntry,
    ParsedMember,
    add_flag,
    quote,
    quote_end,
)

__all__ = [
    "FLAGS",
    "ParsedEntry",
    "ParsedMember",
    "add_flag",
    "parse_entry",
    "parse_members",
    "parse_signatories",
    "quote",
    "quote_end",
    "read_entry",
    "read_member",
    "strip_trailing_period",
]
