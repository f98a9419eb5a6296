"""Acronyms: "(IMUMI)" after a name is its acronym; "(Observadoras)" is not."""

import re

from signatures.names import is_role

_TRAILING_PARENS = re.compile(r"^(?P<name>.*?\S)\s*\((?P<inner>[^()]+)\)$")
_ACRONYM = re.compile(r"^[A-Z0-9][\w.&/-]*(?: [A-Z0-9][\w.&/-]*){0,2}$")


def is_acronym(text):
    text = text.strip()
    return bool(_ACRONYM.match(text)) and len(text) <= 30 and not is_role(text)


def split_acronym(text):
    """("Instituto ... AC", "IMUMI") from "Instituto ... AC (IMUMI)"; else (text, "").

    A legal form stays in the name: "Formación y Capacitación, A.C. (FOCA)" gives
    ("Formación y Capacitación, A.C.", "FOCA"), never "A.C. (FOCA)" as an acronym.
    """
    match = _TRAILING_PARENS.match(text)
    if match and is_acronym(match["inner"]):
        return match["name"], match["inner"].strip()
    return text, ""


def trailing_parentheses(text):
    """(name, inner) when `text` ends with a parenthesis, else None."""
    match = _TRAILING_PARENS.match(text)
    return (match["name"], match["inner"].strip()) if match else None
