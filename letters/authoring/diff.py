"""What changed between two texts of a letter, word by word, for readers and signers.

difflib on words and the spaces between them, so that a fixed typo shows as one
word struck and one added, not a whole paragraph. The result is a list of pieces;
templates escape each one (templates/includes/_text_changes.html), so nothing of
the text is ever trusted as HTML.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from letters.authoring.revisions import TEXT_FIELDS

SAME, ADDED, REMOVED = "same", "added", "removed"

FIELD_LABELS = {
    "title": _("Title"),
    "recipients": _("Recipients"),
    "recipient": _("Recipient"),
    "body": _("Text"),
    "closing": _("Closing line"),
}

_WORDS = re.compile(r"\S+|\s+")
# Unchanged words (and the spaces between them) shown around a change; longer
# unchanged runs are cut to "…". Twelve words.
CONTEXT_WORDS = 24


@dataclass(frozen=True)
class Piece:
    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    pieces: list

    @property
    def label(self):
        return FIELD_LABELS[self.name]

    @property
    def plain(self):
        """The change for a plain-text email (as_plain_text)."""
        return as_plain_text(self.pieces)


def words(text):
    return _WORDS.findall(text or "")


def word_diff(old, new):
    """The pieces that turn `old` into `new`: kept, removed and added runs of words."""
    before, after = words(old), words(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    pieces = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece(SAME, "".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece(REMOVED, "".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(Piece(ADDED, "".join(after[b1:b2])))
    return pieces


def shortened(pieces, context=CONTEXT_WORDS):
    """The pieces with long unchanged runs cut down to `context` words beside each change."""
    result = []
    for index, piece in enumerate(pieces):
        run = words(piece.text)
        if piece.kind != SAME or len(run) <= 2 * context:
            result.append(piece)
            continue
        head = "".join(run[:context]) + "…" if index > 0 else "…"
        tail = " " + "".join(run[-context:]) if index < len(pieces) - 1 else ""
        result.append(Piece(SAME, head + tail))
    return result


def compare(old_text, new_text):
    """The fields that differ between two texts ({field: text}, either may be None),
    each change with a little of the unchanged text around it."""
    old_text, new_text = old_text or {}, new_text or {}
    return [
        FieldChange(name, shortened(word_diff(old_text.get(name, ""), new_text.get(name, ""))))
        for name in TEXT_FIELDS
        if (old_text.get(name) or "") != (new_text.get(name) or "")
    ]


def as_plain_text(pieces):
    """A change for a plain-text email: removed words [-like this-], added {+like this+}."""
    marks = {SAME: "{}", REMOVED: "[-{}-]", ADDED: "{{+{}+}}"}
    return "".join(marks[piece.kind].format(piece.text) for piece in pieces)
