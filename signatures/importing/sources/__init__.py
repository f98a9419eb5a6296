"""Where an import's rows come from: an uploaded file (CSV, XLSX, ODS) or pasted text.

Each source gives a Table: a header row when the first row is one, the rows of
cells as text, and what the organizer should know about the file (its name, its
format, its checksum). Pasted text that is a signatory block rather than rows
(a list from Word, an email or WhatsApp) gives a Table with `block` set instead,
for the signatory-block reader. Every refusal is a SourceError with a message.
"""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from signatures.importing.sources import delimited, sheets
from signatures.importing.sources.limits import (
    MAX_BYTES,
    MAX_CELL,
    MAX_ROWS,
    SourceError,
    check_rows,
    check_size,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "SourceError",
    "Table",
    "read_file",
    "read_pasted",
    "read_text_file",
]

CSV, XLSX, ODS, PASTED = "csv", "xlsx", "ods", "pasted"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls and .doc


@dataclass
class Table:
    name: str  # the file's name, or "" for pasted text
    format: str  # CSV, XLSX, ODS or PASTED
    checksum: str  # SHA-256 of the bytes received
    rows: list = field(default_factory=list)  # lists of cells, the header row first
    block: str = ""  # pasted signatory block (then `rows` is empty)

    @property
    def width(self):
        return max((len(row) for row in self.rows), default=0)


def _checksum(data):
    return hashlib.sha256(data).hexdigest()


def _tidy(rows):
    """Rows without trailing empty cells or empty rows, each cell trimmed and capped."""
    tidy = []
    for row in rows:
        cells = [str(cell).replace("\x00", "").strip()[:MAX_CELL] for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            tidy.append(cells)
    if not tidy:
        raise SourceError(_("The file has no rows."))
    check_rows(len(tidy) - 1)
    return tidy


def _format(name, data):
    lowered = name.lower()
    if data.startswith(_OLE):
        raise SourceError(
            _("This is an old Excel (.xls) or Word file: save it as XLSX or CSV first.")
        )
    if data.startswith(_ZIP):
        if lowered.endswith(".ods"):
            return ODS
        if lowered.endswith((".xlsx", ".xlsm")):
            return XLSX
        # A zip without a known extension: calamine tells a workbook from the rest.
        return ODS if b"application/vnd.oasis.opendocument.spreadsheet" in data[:200] else XLSX
    return CSV


def read_file(name, data):
    """A Table from an uploaded file's name and bytes."""
    check_size(data)
    kind = _format(name, data)
    rows = delimited.rows(delimited.decode(data)) if kind == CSV else sheets.rows(data)
    return Table(name=name[:200], format=kind, checksum=_checksum(data), rows=_tidy(rows))


def read_pasted(text):
    """A Table from pasted text: rows when most lines hold tabs (cells copied from a
    sheet), else a signatory block."""
    data = text.encode("utf-8", "replace")
    check_size(data)
    lines = [line for line in text.splitlines() if line.strip()]
    tabbed = sum("\t" in line for line in lines)
    table = Table(name="", format=PASTED, checksum=_checksum(data))
    if lines and tabbed * 2 > len(lines):
        table.rows = _tidy(delimited.rows(text, "\t"))
    else:
        check_rows(len(lines))
        table.block = text.replace("\x00", "")
    return table


def read_text_file(name, data):
    """A Table from a text file holding a list, read as if it were pasted."""
    check_size(data)
    table = read_pasted(delimited.decode(data))
    table.name, table.checksum = name[:200], _checksum(data)
    return table
