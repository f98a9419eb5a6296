"""The shape of a list: where it is in a letter that has neither a heading nor a
closing line, and whether its entries take two lines each.

A letter's body is sentences; its list is a run of short lines, mostly capitalized
words, one signatory each (or rows pasted from a sheet). The longest such run is
the list. Lines that are plainly no entries (an image, "To sign, visit …") neither
break a run nor count in it.
"""

import re

from signatures.importing.headings import UNKNOWN, heading_section, strip_markdown
from signatures.importing.reading import noise
from signatures.importing.reading.cleaning import strip_numbering
from signatures.importing.reading.people import PERSON, read_kind

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
    if noise.is_prose(text) or len(words) > _ENTRY_WORDS or text.endswith(":"):
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


def _paragraphs(lines):
    runs, run = [], []
    for line in [*lines, ""]:
        if line.strip():
            run.append(line)
        elif run:
            runs.append(run)
            run = []
    return runs


def pairs(lines):
    """Lines as units when the list is written in two-line entries, a person's name and
    then their affiliation ("Jez Humble" / "Google"); else the lines as they are.

    Only when most paragraphs are such pairs: then a pair is one entry ("Jez Humble,
    Google"), and a paragraph of one line among them is a comment, not a signatory.
    """
    paragraphs = _paragraphs(lines)
    twos = [p for p in paragraphs if len(p) == 2 and "\t" not in "".join(p)]
    people = [
        p
        for p in twos
        if read_kind(strip_markdown(p[0])).kind == PERSON
        and read_kind(strip_markdown(p[1])).kind != PERSON
    ]
    if len(paragraphs) < 4 or len(twos) < 0.6 * len(paragraphs) or len(people) < 0.6 * len(twos):
        return lines, []
    pairs = twos
    joined, comments = [], []
    for paragraph in paragraphs:
        if len(paragraph) == 2 and paragraph in pairs:
            joined += [f"{strip_markdown(paragraph[0])}, {strip_markdown(paragraph[1])}", ""]
        elif len(paragraph) == 1 and not heading_section(paragraph[0]):
            comments.append((strip_markdown(paragraph[0]), "comment"))
        else:
            joined += [*paragraph, ""]
    return joined, comments
