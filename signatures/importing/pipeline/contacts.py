"""Contact details and numbering found in text meant to be public.

A name, acronym, title or member typed or pasted with an email address, a phone
number or a web address in it must never reach the public list: `split` takes
them out, whatever else read the text before, so that every door can rely on it
as its last step. Pure functions, no database.
"""

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')]+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|info|mx|gt|hn|sv|ni|"
    r"cr|pa|co|ar|cl|pe|ec|bo|py|uy|ve|br|es|us|ca|int|edu|gob|gov)(?:\.[a-z]{2})?(?:/[^\s)]*)?\b",
    re.IGNORECASE,
)
# A phone number: at least eight digits, grouped by spaces, dots, dashes or
# parentheses, an optional "+" and country code; labels such as "Tel." go with it.
PHONE = re.compile(
    r"(?:\b(?:tel|tel[eé]fono|phone|cel|celular|m[oó]vil|whatsapp|wa)\.?:?\s*)?"
    r"(?<![\w+])\+?\(?\d[\d\s().-]{6,}\d(?!\w)",
    re.IGNORECASE,
)
# "1. ", "12) ", "3.- ", "- ", "• ", "a) " at the start of a line.
NUMBERING = re.compile(r"^\s*(?:\(?\d{1,5}[.)\]:-]+-?|\(?[a-z]\)|[-*•·–—▪◦●○■□➢►✓✔]+)\s+", re.I)
_YEARS = re.compile(r"^\d{4}\s*[-–/]\s*\d{4}$")
_LEFTOVER = re.compile(r"\s*(?:[,;:/|–—-]\s*)*(?:\(\s*\)|\[\s*\]|<\s*>)?\s*$")
_SPACES = re.compile(r"\s+")


@dataclass
class Found:
    text: str
    emails: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    urls: list = field(default_factory=list)

    @property
    def any(self):
        return bool(self.emails or self.phones or self.urls)


def _digits(text):
    return sum(char.isdigit() for char in text)


def split(text):
    """`text` without the email addresses, phone numbers and web addresses in it."""
    found = Found(text or "")
    if not found.text:
        return found
    remaining = found.text
    for pattern, bucket in ((EMAIL, found.emails), (URL, found.urls)):
        bucket += [match.group(0).rstrip(".,;") for match in pattern.finditer(remaining)]
        remaining = pattern.sub(" ", remaining)
    for match in PHONE.finditer(remaining):
        number = match.group(0)
        # A year range ("2020-2024") or a postcode is no phone: eight digits at least.
        if _digits(number) >= 8 and not _YEARS.match(number.strip()):
            found.phones.append(number.strip())
            remaining = remaining.replace(number, " ", 1)
    if found.any:
        remaining = _SPACES.sub(" ", remaining).strip()
        remaining = _LEFTOVER.sub("", remaining).strip(" ,;:-–—/|")
        found.text = remaining
    return found


def strip_numbering(text):
    """(text without a leading number or bullet, whether there was one)."""
    stripped = NUMBERING.sub("", text or "", count=1)
    return stripped, stripped != (text or "")


def has_contact(text):
    return split(text).any
