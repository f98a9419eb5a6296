"""Where the list is in a letter that has neither a heading nor a closing line.

A letter's body is sentences; its list is a run of short lines, mostly capitalized
words, one signatory each (or rows pasted from a sheet). The longest such run is
the list. Lines that are plainly no entries (an image, "To sign, visit …") neither
break a run nor count in it.
"""

import re

from signatures.importing.headings import UNKNOWN, heading_section, strip_markdown
from signatures.importing.reading import noise
from signatures.importing.reading.blocks import is_prose
from signatures.importing.reading.cleaning import strip_numbering

_NETWORK = re.compile(r"^[^:.]{3,120}: [^.]+[,;] ")
_ENTRY_WORDS = 15  # a signatory's line rarely has more words than this
_SHORTEST_LIST = 3


def _line_kind(raw):
    """ "entry", "neutral" or "text" for one non-blank line."""
    if "\t" in raw.strip():
        return "entry"
    text, _ = strip_numbering(strip_markdown(raw))
    if not text or noise.why_not_a_signatory(text):
        return "neutral"
    if heading_section(raw) not in (None, UNKNOWN):
        return "neutral"
    words = text.split()
    if _NETWORK.search(text):
        return "entry"  # "Red Uno: Casa Uno; Casa Dos" is long, and one entry
    if is_prose(text) or len(words) > _ENTRY_WORDS or text.endswith(":"):
        return "text"
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "[\"“'¡¿("):
        return "text"
    lower = sum(word[0].islower() for word in words) / len(words)
    return "entry" if lower <= 0.6 else "text"


def find_list(lines, start=0):
    """The index of the first line of the longest run of entry-like lines from `start`,
    or None when no run has three lines."""
    best, best_length, run_start, run_length = None, 0, None, 0
    for index in range(start, len(lines)):
        if not lines[index].strip():
            continue
        kind = _line_kind(lines[index])
        if kind == "neutral":
            continue
        if kind == "text":
            run_start, run_length = None, 0
            continue
        run_start = index if run_start is None else run_start
        run_length += 1
        if run_length > best_length:
            best, best_length = run_start, run_length
    return best if best_length >= _SHORTEST_LIST else None
