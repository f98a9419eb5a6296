"""Countries named at the end of an entry: ", México", "- Honduras", "(Guatemala)", ", US".

Names come from django-countries in English and Spanish (so every country it knows
is recognized in both languages), plus the short forms lists use ("EEUU", "USA",
"UK", "Holanda"). Only a whole trailing part that names a country counts: "Casa del
Migrante de Saltillo" and "Red Mexicana ... de México" keep their names.
"""

import re
from functools import cache

from django.utils import translation
from django_countries import countries

from signatures.names import fold

# Short and older forms that lists use, beside the official names (folded → code).
_ALIASES = {
    "usa": "US", "u s a": "US", "us": "US", "u s": "US", "eeuu": "US", "ee uu": "US",
    "estados unidos": "US", "united states": "US", "estados unidos de america": "US",
    "uk": "GB", "u k": "GB", "england": "GB", "inglaterra": "GB", "reino unido": "GB",
    "great britain": "GB", "scotland": "GB", "escocia": "GB", "wales": "GB",
    "holanda": "NL", "the netherlands": "NL", "paises bajos": "NL",
    "corea": "KR", "korea": "KR", "corea del sur": "KR", "south korea": "KR",
    "rusia": "RU", "russia": "RU", "bolivia": "BO", "venezuela": "VE", "iran": "IR",
    "vietnam": "VN", "tanzania": "TZ", "siria": "SY", "syria": "SY", "palestina": "PS",
    "palestine": "PS", "peru": "PE", "brasil": "BR", "mexico": "MX", "haiti": "HT",
    "bahrein": "BH", "bahrain": "BH", "costa de marfil": "CI", "ivory coast": "CI",
    "republica checa": "CZ", "czech republic": "CZ", "suiza": "CH", "turquia": "TR",
    "turkey": "TR", "taiwan": "TW", "laos": "LA", "moldova": "MD", "macedonia": "MK",
    "swaziland": "SZ", "burma": "MM", "birmania": "MM", "islas marshall": "MH",
}  # fmt: skip

# ", Honduras" / " - Honduras" / "- Honduras" / "(Honduras)" at the very end.
_COMMA_TAIL = re.compile(r"^(?P<name>.*\S)\s*,\s*(?P<place>[^,()]+?)\s*\.?$")
# A dash joins words when nothing spaces it ("Attac-Ireland", "Movement-South Africa"):
# only a spaced dash, or one right after a closing parenthesis, separates a country.
_DASH_TAIL = re.compile(
    r"^(?P<name>.*(?:\S\s+|\)\s*|\S(?=[-–—]\s)))[-–—]\s*(?P<place>[^-–—()]+?)\s*\.?$"
)
_PARENS_TAIL = re.compile(r"^(?P<name>.*\S)\s*\((?P<place>[^()]+)\)\s*\.?$")
_CODE = re.compile(r"^[A-Z]{2}$")


@cache
def _names():
    """Every country name django-countries gives in English and Spanish, folded → code."""
    names = dict(_ALIASES)
    for language in ("en", "es"):
        with translation.override(language):
            for code, name in countries:
                folded = fold(name)
                names.setdefault(folded, code)
                # "Bolivia (Plurinational State of)", "Korea, Republic of": the short form too.
                short = re.split(r"\s*[(,]", folded)[0].strip()
                if short:
                    names.setdefault(short, code)
    return names


def country_code(text, *, codes=True):
    """The ISO code of the country `text` names, or "" (an upper-case code counts when `codes`)."""
    text = text.strip().strip(".").strip()
    if not text:
        return ""
    if codes and _CODE.match(text) and text in dict(countries):
        return text
    folded = fold(text).replace(".", " ").replace("’", "'")
    folded = re.sub(r"\s+", " ", folded).strip()
    if folded.startswith(("the ", "la ", "el ")) and folded not in _names():
        folded = folded.split(" ", 1)[1]
    return _names().get(folded, "")


def split_country(text):
    """(name, country code, the place as written) when `text` ends with a country, else
    (text, "", "").

    A code in parentheses is an acronym ("Casa Uno (CU)"), so only names count there.
    The rest must still be a name: at least two letters.
    """
    for pattern, codes in ((_PARENS_TAIL, False), (_COMMA_TAIL, True), (_DASH_TAIL, False)):
        match = pattern.match(text.strip())
        if not match:
            continue
        code = country_code(match["place"], codes=codes)
        name = match["name"].strip().rstrip(",;:-–—").strip()
        if code and len(re.sub(r"\W", "", name)) >= 2:
            return name, code, match["place"].strip()
    return text, "", ""


def ends_with_country(text):
    """Whether the last word or two of `text` name a country ("Attac Norway", "Jubileu Sul
    Brasil"): organizations are named so, people hardly ever ("Chad Booker" starts so)."""
    words = fold(text).split()
    if len(words) < 2:
        return False
    return words[-1] in _names() and len(words[-1]) > 3 or " ".join(words[-2:]) in _names()
