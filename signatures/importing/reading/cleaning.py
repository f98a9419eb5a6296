"""Taking out of a line what is not the signatory's public name.

Numbering and bullets ("7. Colectivo…", "1)", "•", "-"), Markdown and HTML
leftovers, and contact details: an email address, a phone number or a web
address never stays in a public name. What is taken out is returned, so the
caller can keep it (privately) and say so.
"""

import html
import re
from dataclasses import dataclass, field

from django.core.validators import EmailValidator

_NUMBERING = re.compile(
    r"^\s*(?:\(?\d{1,4}[.)](?=\s|[^\W\d])|\d{1,4}\s*[-–—]\s(?=\D)|\d{1,4}\t|[a-z][.)](?=\s))\s*"
)
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦●○■□►▶➢✓✔–—]|\\-)\s+")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)")
_ANGLE_URL = re.compile(r"<(?P<url>(?:https?://|www\.)[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>@]*>")  # "<kate@x.org>" is an address, not a tag
# An address, not a handle: "@corbin@mastodon.social" is a public name, so an address
# never starts right after "@" (nor inside a word).
_EMAIL = re.compile(r"(?<![@\w.+'-])(?:mailto:)?[A-Za-z0-9.+'_-]+@[\w-]+(?:\.[\w-]+)+")
# Whatever still looks like an address after that goes too, valid or not: privacy first.
_EMAIL_LIKE = re.compile(r"(?<!\S)(?![(<]*@)[^\s@]*@\S+\.\w\S*")
# A web address: with its scheme or "www.", or a domain followed by a path. A bare domain
# is often the organization's own name ("Fundación InternetBolivia.org"), so it stays.
_URL = re.compile(
    r"(?:https?://|www\.)[^\s,;<>()]+|\b[\w-]+(?:\.[\w-]+)+/[^\s,;<>()]*", re.IGNORECASE
)
# A phone number: 7 or more digits, with the usual separators, maybe "+52", "tel.", "cel.".
_PHONE = re.compile(
    r"(?:(?:tel|tel[eé]fono|phone|cel|celular|m[oó]vil|mobile|whatsapp|wa)\.?:?\s*)?"
    r"\+?\(?\d[\d\s().-]{6,}\d",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"\b(?:e-?mail|correo(?: electr[oó]nico)?|contacto|contact|tel[eé]fono|tel|phone|web"
    r"|sitio web|sitio|website)\s*:?\s*$",
    re.IGNORECASE,
)
_EDGE_PUNCTUATION = " \t,;:|/-–—·•"
_validate_email = EmailValidator()


@dataclass
class Cleaned:
    text: str
    numbered: bool = False
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # address-like text, not valid addresses


def strip_numbering(text):
    """`text` without a leading number or bullet, and whether it had one.

    "1 de 7 migrando" keeps its "1": a number is numbering only with "." or ")" after it
    (or a spaced dash), a bullet only with a space after it.
    """
    for pattern in (_NUMBERING, _BULLET):
        match = pattern.match(text)
        if match and text[match.end() :].strip():
            return text[match.end() :].strip(), True
    return text.strip(), False


def _is_email(candidate):
    try:
        _validate_email(candidate)
    except Exception:  # noqa: BLE001 - Django raises ValidationError; any failure means "no"
        return False
    return True


def _take(pattern, text, found, check=None):
    def keep(match):
        value = match.group(0).strip()
        if check and not check(value):
            return match.group(0)
        found.append(value)
        return " "

    return pattern.sub(keep, text)


def _tidy(text):
    text = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", " ", text)
    text = re.sub(r"\s+([,;:.)])", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _LABEL.sub("", text).strip()
    return text.strip(_EDGE_PUNCTUATION).strip()


def _phone_digits(value):
    return sum(ch.isdigit() for ch in value)


def clean(text):
    """The public part of `text` and what was taken out of it."""
    result = Cleaned(text)
    body, result.numbered = strip_numbering(html.unescape(text))
    links = []
    body = _MD_LINK.sub(lambda m: (links.append(m["url"]), m["text"])[1], body)
    body = _ANGLE_URL.sub(lambda m: (links.append(m["url"]), " ")[1], body)
    body = _HTML_TAG.sub(" ", body)
    emails = []
    body = _take(_EMAIL, body, emails, lambda v: _is_email(v.removeprefix("mailto:")))
    body = _take(_EMAIL_LIKE, body, result.dropped)
    result.emails = [e.removeprefix("mailto:") for e in emails]
    result.urls = [u for u in links if not u.startswith("mailto:")]
    result.emails += [u.removeprefix("mailto:") for u in links if u.startswith("mailto:")]
    body = _take(_URL, body, result.urls)
    # Seven digits or more: a phone, not a year ("2023") or a number in a name ("11.11.11").
    body = _take(_PHONE, body, result.phones, lambda v: 7 <= _phone_digits(v) <= 15)
    body = re.sub(r"\b(?:e-?mail|correo|tel[eé]fono|phone|web|sitio)\s*:", " ", body, flags=re.I)
    result.text = _tidy(body)
    result.phones = [re.sub(r"^[^\d+(]+", "", phone) for phone in result.phones]
    return result
