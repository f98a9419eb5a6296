"""Damage that pasting from Word, a PDF or a chat leaves in Markdown, found before saving.

Each check names the line, in words an organizer understands. These are warnings:
the organizer may save anyway (the text may mean it), but sees them first.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

_BULLET_NUMBER = re.compile(r"^\s*[-*+•·–]\s*\d+[.)](\s|$)")
_EMPTY_ITEM = re.compile(r"^\s*([-*+•·]|\d+[.)])\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_LIST_OR_BLOCK = re.compile(r"^\s*([-*+•·>|#]|\d+[.)])")

MESSAGES = {
    "stars": _("A “**” without its pair: part of the text may turn bold by mistake."),
    "bullet_number": _("A bullet in front of a number: the list will show both."),
    "split_heading": _("A heading continues on the next line: only its first line is a heading."),
    "empty_item": _("An empty list item."),
}


@dataclass(frozen=True)
class PasteWarning:
    line: int
    problem: str

    @property
    def message(self):
        return MESSAGES[self.problem]


def paragraphs(lines):
    """(first line number, lines) of each paragraph: lines between blank lines."""
    start, block = None, []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            start = start or number
            block.append(line)
        elif block:
            yield start, block
            start, block = None, []
    if block:
        yield start, block


def check(text):
    """Warnings for the Markdown `text`, by line."""
    lines = (text or "").splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        if _BULLET_NUMBER.match(line):
            found.append(PasteWarning(number, "bullet_number"))
        elif _EMPTY_ITEM.match(line):
            found.append(PasteWarning(number, "empty_item"))
        following = lines[number] if number < len(lines) else ""
        if _HEADING.match(line) and following.strip() and not _LIST_OR_BLOCK.match(following):
            found.append(PasteWarning(number, "split_heading"))
    for start, block in paragraphs(lines):
        if sum(line.count("**") for line in block) % 2:
            found.append(PasteWarning(start, "stars"))
    return sorted(found, key=lambda warning: warning.line)
