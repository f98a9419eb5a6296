"""Name normalization: how signatories sort, and when two names are one signatory.

Both keys ignore case and accents ("Árbol" sorts and matches with "arbol").

`identity_key` is strict on purpose: the importer links a network member to an
organization's own signature when the keys are equal, and a false link would
merge two organizations in the counts. `similar_keys` is looser and only feeds
duplicate *suggestions* that a moderator confirms.
"""

import re
import unicodedata

from django.utils.translation import gettext

_SPACES = re.compile(r"\s+")
# The embeddings, overrides and isolates of Unicode's bidirectional algorithm: they
# reorder the text that follows them, and can make one field look like another.
# The marks (U+200E, U+200F, U+061C) change no order and stay.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def single_line(text):
    """`text` as one line: line breaks, tabs and every other run of whitespace become
    one space, control characters and bidirectional overrides are dropped, and the
    ends are stripped.

    Every field a signer fills in on one line goes through this on input, and every
    entry of the delivered list at rendering: one signature is one line of the list,
    whatever its fields hold.
    """
    if not text:
        return text or ""
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text  # most names: nothing to drop (printable excludes every control)
    kept = "".join(
        ch
        for ch in text.translate(_BIDI_CONTROLS)
        if ch.isspace() or unicodedata.category(ch) != "Cc"
    )
    return " ".join(kept.split())


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


def strip_accents(text):
    """`text` without accents, case kept (acronym detection needs the case)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


# Country and region tags that lists append after a dash ("(IMUMI)- México",
# "(RESAMA)- Regional"). Only these are stripped: a dash is also part of names
# ("Centro de Derechos Humanos de la Montaña-Tlachinollan"). Accent-free, any case.
COUNTRY_TAGS = (
    "mexico", "guatemala", "honduras", "el salvador", "nicaragua", "costa rica", "panama",
    "belice", "belize", "colombia", "venezuela", "ecuador", "peru", "bolivia", "chile",
    "argentina", "uruguay", "paraguay", "brasil", "brazil", "cuba", "haiti",
    "republica dominicana", "dominican republic", "puerto rico", "jamaica", "estados unidos",
    "eeuu", "ee.uu.", "ee. uu.", "usa", "u.s.", "united states", "canada", "espana", "spain",
    "francia", "france", "italia", "italy", "alemania", "germany", "reino unido",
    "united kingdom", "europa", "europe", "centroamerica", "central america", "norteamerica",
    "north america", "sudamerica", "suramerica", "south america", "latinoamerica",
    "latin america", "america latina", "el caribe", "caribe", "caribbean", "mesoamerica",
    "regional", "global", "internacional", "international",
)  # fmt: skip
_TAG = "(?:" + "|".join(re.escape(t) for t in sorted(COUNTRY_TAGS, key=len, reverse=True)) + ")"
_TRAILING_TAG = re.compile(
    rf"\s*[-–—]\s*{_TAG}(?:\s*(?:/|,|\by\b|\band\b)\s*{_TAG})*\s*\.?\s*$", re.IGNORECASE
)
# "Política Migratoria-GTPM", "del Imigrante - CDHIC": an acronym after a dash. Case matters.
_TRAILING_DASH_ACRONYM = re.compile(r"\s*[-–—]\s*[A-Z][A-Z0-9]+\.?\s*$")
# "IMUMI Instituto para ...", "DHIA. Derechos Humanos ...": see _strip_leading_acronym.
_LEADING_ACRONYM = re.compile(r"^([A-Z][A-Z0-9]+)\.?\s+(?=\w)")
# Legal-form suffixes that do not distinguish one organization from another:
# A.C., AC, "A. C", I.A.P., IAP, S.C., A.B.P., Inc., LLC, Ltd.
_LEGAL_SUFFIX = re.compile(
    r"(?:^|[\s,])(?:a\.?\s?c|i\.?\s?a\.?\s?p|s\.?\s?c|a\.?\s?b\.?\s?p|inc|llc|ltd)\.?\s*$",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_ACRONYM_WORDS = re.compile(r"^[A-Z0-9][A-Za-z0-9.&/-]*(?: [A-Z0-9][A-Za-z0-9.&/-]*){0,2}$")


def has_trailing_tag(text):
    """Whether `text` ends with a "- País" or "- Regional" tag."""
    return bool(_TRAILING_TAG.search(strip_accents(text or "")))


def _strip_leading_acronym(text):
    """Drop an acronym that precedes the full name, when it starts like the name.

    "IMUMI Instituto ..." and "DHIA. Derechos ..." lose it; "FM4 Paso Libre" and
    "CTA de Trabajadores" keep it, because there the letters are part of the name.
    """
    match = _LEADING_ACRONYM.match(text)
    if not match:
        return text
    rest = text[match.end() :]
    if len(rest.split()) < 2 or rest[0] != match.group(1)[0]:
        return text
    return rest


def _core(name):
    """The accent-free name without parentheses, tags, legal suffixes or acronyms."""
    text = _SPACES.sub(" ", _PARENTHESES.sub(" ", strip_accents(name))).strip()
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING_TAG.sub("", text)
        text = _TRAILING_DASH_ACRONYM.sub("", text)
        text = _LEGAL_SUFFIX.sub("", text).rstrip(" ,.;:-–—")
    return _strip_leading_acronym(text)


def identity_key(name, acronym=""):
    """Key under which two spellings of one organization count once.

    Ignores case, accents, punctuation, legal suffixes (A.C., I.A.P., ...),
    anything in parentheses (acronyms), a trailing "- País"/"- Regional" tag or
    "-ACRONYM", and a leading acronym that precedes the full name. Words are
    kept, so "Casa del Migrante Saltillo" and "Casa del Migrante de Saltillo"
    differ here (see `similar_keys`), and a name truncated in one list
    ("Fundación para la Justicia y el Estado Democrático" without "de Derecho")
    is not the same organization: a false merge is worse than a missed one.
    """
    text = _SPACES.sub(" ", fold(_PUNCTUATION.sub(" ", _core(name or "")))).strip()
    return text or fold(acronym) or fold(_PUNCTUATION.sub(" ", name or ""))


# Words too common in organization names to tell them apart.
STOPWORDS = {
    "de", "del", "la", "las", "los", "el", "y", "e", "en", "para", "por", "a", "al", "con",
    "sobre", "the", "of", "and", "for", "in", "on", "at", "to", "da", "do", "das", "dos",
}  # fmt: skip


def acronyms_in(name, acronym=""):
    """Acronyms a name carries: given, in parentheses, leading or after a dash."""
    found = [acronym] if acronym else []
    plain = strip_accents(name or "")
    found += [g for g in re.findall(r"\(([^()]+)\)", plain) if _ACRONYM_WORDS.match(g.strip())]
    leading = _LEADING_ACRONYM.match(plain)
    if leading and _strip_leading_acronym(plain) != plain:
        found.append(leading.group(1))
    trailing = _TRAILING_DASH_ACRONYM.search(_TRAILING_TAG.sub("", _PARENTHESES.sub("", plain)))
    if trailing:
        found.append(trailing.group(0))
    keys = (fold(_PUNCTUATION.sub("", _LEGAL_SUFFIX.sub("", a))) for a in found)
    return {key for key in keys if len(key) >= 3}


def similar_keys(name, acronym=""):
    """Looser keys for duplicate suggestions: any shared key makes two names "similar".

    The identity key without common words ("Casa del Migrante Saltillo" and
    "Casa del Migrante de Saltillo (CDMS)"), plus "acronym:" keys (so "IMUMI"
    alone is suggested with "Instituto para las Mujeres en la Migración (IMUMI)").
    Suggestions only: two organizations may share an acronym.
    """
    key = identity_key(name, acronym)
    words = [word for word in key.split() if word not in STOPWORDS]
    keys = {" ".join(words) or key}
    keys |= {f"acronym:{a}" for a in acronyms_in(name, acronym)}
    if " " not in key and key == fold(name) and len(key) >= 3 and (name or "").isupper():
        keys.add(f"acronym:{key}")  # the name is itself an acronym
    return keys


# --- People and roles, in member lists that mix them with organizations -------------

# First words of a role ("Analista en ...", "(Observadoras)", "Secretaria Técnica").
_ROLE_STEMS = (
    "analist", "investigador", "researcher", "fundador", "cofundador", "founder",
    "coordinador", "coordinator", "secretari", "secretary", "director", "president",
    "profesor", "professor", "academic", "abogad", "lawyer", "attorney", "periodist",
    "journalist", "activist", "consultor", "consultant", "defensor", "integrante", "miembro",
    "member", "observador", "observer", "asesor", "advisor", "adviser", "representante",
    "representative", "vocer", "spokes", "chair", "ejecutiv", "executive", "expert",
    "especialista", "specialist", "estudiante", "student", "doctorante", "candidat",
    "gerente", "manager", "enlace", "voluntari", "volunteer", "jefa", "jefe", "associate",
    "assistant", "adjunct", "lecturer", "instructor", "dean", "senior", "visiting", "emerit",
    "postdoc", "phd", "doctoral", "graduate", "fellow", "chancellor", "provost", "teacher",
    "docente", "catedratic", "rector", "decan", "vicerrector", "former", "retired", "author",
    "writer", "escritor", "actor", "actriz", "artist", "artista", "editor", "historian",
    "historiador", "sociolog", "economist", "economista", "antropolog", "politolog",
)  # fmt: skip
_HONORIFICS = {
    "dr", "dra", "lic", "mtro", "mtra", "prof", "profa", "sr", "sra", "srta", "mr", "mrs", "ms",
    "pbro", "hna", "fr", "rev", "ing",
}  # fmt: skip
_NAME_PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "das", "do", "dos", "van", "von"}
# Words of organization names, not of people's: a name with one of them is no person.
_ORG_WORDS = {
    "red", "redes", "centro", "center", "centre", "casa", "alianza", "alliance", "caritas",
    "community", "comunidad", "coalition", "coalicion", "fundacion", "foundation", "instituto",
    "institute", "asociacion", "association", "comite", "committee", "comision", "commission",
    "grupo", "group", "colectivo", "collective", "servicio", "service", "services",
    "federacion", "federation", "foro", "forum", "mesa", "equipo", "team", "organismo",
    "organizacion", "organization", "organizaciones", "organizations", "iniciativa",
    "initiative", "proyecto", "project", "estancia", "union", "oficina", "office", "pastoral",
    "clinica", "clinic", "apoyo", "movimiento", "movement", "paso", "save", "children",
    "friends", "access", "network", "albergue", "shelter", "consejo", "council", "programa",
    "program", "frente", "observatorio", "sociedad", "society", "secretariado", "plataforma",
    "plateforme", "platform", "iglesia", "church", "diocesis", "universidad", "university",
    "colegio", "escuela", "school", "hermanas", "sisters", "misioneros", "scalabrinianas",
    "jesuita", "jesuit", "migrantes", "migrante", "migrant", "migrants", "refugiados",
    "refugees", "derechos", "rights", "humanos", "human", "mujeres", "women", "latinas",
    "international", "internacional", "nacional", "national", "global", "regional", "accion",
    "action", "defensa", "justicia", "justice", "libre", "dignidad", "legal", "ayuda",
    "humanitaria", "associacao", "organizacao", "coletivo", "rede", "fundacao", "sindicato",
    "sindical", "federacao", "uniao", "movimento", "conselho", "syndicat", "reseau",
    "fondation", "confederation", "confederacion", "collectif", "trust", "campaign", "campana",
    "club", "workers", "trabajadores", "press", "media", "watch", "lab", "labs", "software",
    "party", "partido", "ong", "ngo", "inc",
}  # fmt: skip


def is_role(text):
    """Whether `text` reads as a role: it starts in lower case or with a role word."""
    text = text.strip()
    if not text:
        return False
    return text[0].islower() or fold(text.split()[0]).startswith(_ROLE_STEMS)


def _looks_like_person_name(text):
    """Two to six capitalized words (particles such as "de" aside), none usual in
    organization names, no acronyms or digits: "Brenda Valdés", "Rebecca N Eichler"."""
    words = text.split()
    if not 2 <= len(words) <= 6 or fold(words[0]) in _NAME_PARTICLES:
        return False
    capitalized = 0
    for word in words:
        folded = fold(word)
        if word.islower() and folded in _NAME_PARTICLES:
            continue
        rest = word[1:].rstrip(".").replace("-", "").replace("'", "").replace("’", "")
        if folded in _ORG_WORDS or not word[0].isupper():
            return False
        if rest and (not rest.isalpha() or rest.isupper()):
            return False
        capitalized += 1
    return capitalized >= 2


def person_reason(text):
    """Why `text` looks like a person's name rather than an organization's, or None
    (in the active language: readings quote it to the person checking them)."""
    words = text.split()
    if len(words) >= 2 and words[0].endswith(".") and fold(words[0][:-1]) in _HONORIFICS:
        return gettext('it starts with the title "%(title)s"') % {"title": words[0]}
    if _looks_like_person_name(text):
        return gettext("it looks like a person's name")
    return None


def has_honorific(text):
    """Whether `text` starts with a title such as "Dr." or "Lic." (strong sign of a person)."""
    words = text.split()
    return len(words) >= 2 and words[0].endswith(".") and fold(words[0][:-1]) in _HONORIFICS


def organization_word(text):
    """The first word of `text` usual in organizations' names ("Red", "Foundation"), or ""."""
    for word in re.findall(r"\w+", text):
        if fold(word) in _ORG_WORDS:
            return word
    return ""
