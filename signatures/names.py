"""Name normalization: how signatories sort, and when two names are one signatory.

Both keys ignore case and accents ("Árbol" sorts and matches with "arbol").
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text):
    """Lower-case, accent-free, whitespace-collapsed form of `text`."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def sort_key(name):
    """Alphabetical key: accents and case ignored, leading punctuation and quotes skipped.

    The original spelling is appended so that names equal once folded still have
    a stable, deterministic order.
    """
    folded = fold(name)
    return folded.lstrip(" \"'“”‘’«»¿¡([{-–—.,;:*_") + "\x01" + (name or "")


# Legal-form suffixes that do not distinguish one organization from another.
_LEGAL_SUFFIX = re.compile(
    r"(?:,?\s+|\b)(a\.?\s?c|i\.?\s?a\.?\s?p|s\.?\s?c|a\.?\s?b\.?\s?p|inc|llc|ltd)\.?$"
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)


def identity_key(name, acronym=""):
    """Key under which two spellings of one organization count once.

    Ignores case, accents, punctuation, legal suffixes (A.C., I.A.P., ...) and
    acronyms in parentheses.
    """
    text = fold(_PARENTHESES.sub(" ", name or ""))
    text = _PUNCTUATION.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_SUFFIX.sub("", text).strip()
    return text or fold(acronym)
