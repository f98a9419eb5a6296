"""CSV and pasted rows: the text's encoding and its dialect (comma, semicolon, tab).

Excel writes CSV in the computer's code page (Windows-1252 in Spanish and
English), "CSV UTF-8" with a byte order mark, and "Unicode text" as UTF-16 with
tabs; Google Forms and LibreOffice write UTF-8. The byte order mark decides when
there is one, strict UTF-8 next, and charset-normalizer among the encodings such
files come in. The csv module's Sniffer finds the delimiter.
"""

import codecs
import csv
import io

import charset_normalizer
from django.utils.translation import gettext_lazy as _

from signatures.importing.sources.limits import MAX_COLUMNS, SourceError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What spreadsheets export text in; the order breaks ties.
_CANDIDATES = ["utf_8", "utf_16", "cp1252", "latin_1"]
_DELIMITERS = ",;\t|"
# Control characters a text file has no business holding (tab and line ends allowed).
_CONTROL = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


def decode(data):
    """The text of a file in any of the encodings above; binary data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
            text = str(best) if best is not None else None
        if text is not None and not _looks_binary(text):
            return text
    raise SourceError(
        _("The file is not text that can be read (a CSV, an XLSX or an ODS file is expected).")
    )


def _looks_binary(text):
    sample = text[:65536]
    junk = sum(char in _CONTROL for char in sample)
    return "\x00" in sample or junk > len(sample) // 100


def dialect(text):
    """The delimiter of `text`'s rows: the Sniffer's guess, else the most frequent one."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {delimiter: first.count(delimiter) for delimiter in _DELIMITERS}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def rows(text, delimiter=None):
    """Every row of the text as a list of cells (quotes and line breaks in cells kept)."""
    delimiter = delimiter or dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [row[:MAX_COLUMNS] for row in reader]
    except csv.Error:
        raise SourceError(_("The file's rows could not be read as CSV.")) from None
