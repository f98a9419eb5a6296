"""Reading a whole letter: its date, recipient, body, closing and signatory block.

No database: `signatures.importing.letter` stores what this reads. The list is
found after the closing line ("Kindly,"), at a section heading, or, when the
letter has neither, where its text turns into a list (see layout.py).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from signatures.importing.headings import UNKNOWN, heading_section, strip_markdown
from signatures.importing.reading.blocks import parse_signatories
from signatures.importing.reading.layout import find_list
from signatures.importing.reading.model import ParsedEntry, quote
from signatures.importing.reading.noise import why_not_a_signatory
from signatures.names import fold


class LetterImportError(ValueError):
    """The text cannot be imported as asked; the message says why, for an operator."""


@dataclass
class ParsedLetter:
    date: datetime.date | None
    recipient: str
    body: str
    closing: str
    entries: list[ParsedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def of_kind(self, kind):
        return [entry for entry in self.entries if entry.kind == kind]


_EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_ES_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
_MONTHS = {
    name: number for names in (_EN_MONTHS, _ES_MONTHS) for number, name in enumerate(names, 1)
}
_MONTHS["setiembre"] = 9
_MONTH = "(?P<month>" + "|".join(_MONTHS) + ")"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b"
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:o|ro|º|°)?\s+de\s+{_MONTH}\s+(?:de|del)\s+(?P<year>\d{{4}})\b"
    ),
)
# "Kindly," "Atentamente,": a short line ending with a comma, or a usual closing.
_CLOSINGS = {
    "atentamente", "sincerely", "kindly", "cordialmente", "respetuosamente", "respectfully",
    "saludos cordiales", "best regards", "regards", "sinceramente", "signed", "firmado",
    "firman", "suscriben",
}  # fmt: skip


def find_date(text):
    """The date written in `text` ("December 18, 2023", "18 de diciembre de 2023").

    Returns (date or None, the matched text). A match that is no real date
    (February 30) gives (None, the text).
    """
    folded = fold(text)
    for pattern in _DATES:
        if match := pattern.search(folded):
            day, month, year = int(match["day"]), _MONTHS[match["month"]], int(match["year"])
            try:
                return datetime.date(year, month, day), match.group(0)
            except ValueError:
                return None, match.group(0)
    return None, ""


_SALUTATIONS = ("dear", "estimad", "querid", "senor", "honorable", "to ", "a ", "para ")


def _is_closing(line):
    text = strip_markdown(line)
    key = fold(text)
    if key.rstrip(",.") in _CLOSINGS:
        return True
    if key.startswith(_SALUTATIONS):  # "Dear Minister," opens the body
        return False
    return text.endswith(",") and len(text) <= 40 and len(text.split()) <= 4 and text[0].isalpha()


def _opens_with_heading(lines, span):
    """Whether a paragraph is a section heading, maybe over two or three lines
    ("International" / "and Regional Organizations and Networks"), maybe under a rule."""
    start, end = span
    while start < end and why_not_a_signatory(lines[start]) in ("markup", "punctuation"):
        start += 1
    if start == end:
        return False
    if heading_section(lines[start]) not in (None, UNKNOWN):
        return True
    return end - start <= 3 and heading_section(" ".join(lines[start:end])) not in (None, UNKNOWN)


def _paragraphs(lines):
    """(first line, line after the last) of each run of non-blank lines."""
    spans, start = [], None
    for index, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            spans.append((start, index))
            start = None
    return spans


def _join(lines):
    return "\n".join(lines).strip("\n").rstrip()


def parse_letter(text):
    """Read a letter: date, recipient, body, closing and signatory block. No database."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs = _paragraphs(lines)
    if not paragraphs:
        raise LetterImportError(gettext("The text is empty."))
    warnings, first = [], 0
    date, date_text = None, ""
    start, end = paragraphs[0]
    if end - start <= 2:
        date, date_text = find_date(" ".join(lines[start:end]))
        first = 1 if date_text else 0
    if date_text and not date:
        warnings.append(
            gettext('"%(date)s" is not a valid date: the letter has no date.') % {"date": date_text}
        )
    elif not date:
        warnings.append(gettext("Found no date before the recipient: the letter has no date."))

    # The block follows the closing ("Kindly,") and opens with a section heading; a
    # list without headings starts after the last closing, one without a closing at
    # the first heading, one with neither where the text turns into a list.
    heading = next(
        (
            index
            for index, span in enumerate(paragraphs[first:], first)
            if _opens_with_heading(lines, span)
        ),
        len(paragraphs),
    )
    closings = [
        index
        for index, (start, end) in enumerate(paragraphs[first:heading], first)
        if end - start == 1 and _is_closing(lines[start])
    ]
    closing_at = closings[-1] if closings else None
    body_end = None
    if closing_at is not None:
        block = paragraphs[closing_at][1]
    elif heading < len(paragraphs):
        block = paragraphs[heading][0]
    elif (found := find_list(lines, paragraphs[first][0])) is not None:
        block = body_end = found
        warnings.append(
            gettext('Found no heading or closing line: the list starts at "%(line)s".')
            % {"line": quote(lines[found])}
        )
    else:
        raise LetterImportError(
            gettext(
                "Found no signatory block: expected a closing line such as “Kindly,” or "
                "“Atentamente,” or a heading such as “Organizations” before the list."
            )
        )
    if body_end is None:
        body_end = paragraphs[closing_at if closing_at is not None else heading][0]
    if closing_at is None and heading < len(paragraphs):
        warnings.append(
            gettext("Found no closing line (such as “Kindly,”) before the signatory list.")
        )

    # The recipient: the first paragraph after the date, a few short lines.
    recipient, (start, end) = "", paragraphs[first]
    body_start = min(start, body_end)
    short = all(len(line.strip()) <= 120 for line in lines[start:end]) and end - start <= 8
    if end < body_end and short:
        recipient, body_start = _join(lines[start:end]), end
    else:
        warnings.append(gettext("Found no recipient block (a few short lines after the date)."))
    body = _join(lines[body_start:body_end])
    if not body:
        warnings.append(gettext("The letter's body is empty."))

    entries, block_warnings = parse_signatories(lines[block:])
    if not entries:
        raise LetterImportError(gettext("The signatory block lists nobody."))
    return ParsedLetter(
        date=date,
        recipient=recipient,
        body=body,
        closing=lines[paragraphs[closing_at][0]].strip() if closing_at is not None else "",
        entries=entries,
        warnings=warnings + block_warnings,
    )
