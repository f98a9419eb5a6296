"""Hostile input for the property-based tests (tests/test_fuzz_*.py).

Strategies that draw what people and robots really send: NUL bytes, 10,000
characters, right-to-left text, emoji, combining marks, HTML and script, SQL,
template syntax, malformed emails and URLs, several values for one field, files
where text is expected, and fields left out. Markup fragments carry the marker
"xss" so that a page can be searched for them: escaped, they never appear as is.
"""

import contextlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from hypothesis import HealthCheck, example
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

# Each test's own settings; the number of examples comes from the profile
# (FIRMAS_HYPOTHESIS_PROFILE, see tests/conftest.py).
fuzz_settings = hypothesis_settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# Tried in every hostile-input test, whatever the profile draws (so that `make
# test-quick`'s 50 examples always include them): a NUL byte, 10,000 characters,
# and markup, in every hostile field at once.
EXTREMES = ("a\x00b", "x" * 10_000, "<script>xss()</script>")


def hostile_examples(valid, fields, name="data", **others):
    """Explicit examples for a test given `name=hostile_post(valid, fields)`: `valid`
    with every field of `fields` set to each extreme; `others` are the test's other
    arguments, as they are in each example."""

    def decorate(test):
        for value in EXTREMES:
            test = example(**{name: {**valid, **dict.fromkeys(fields, value)}}, **others)(test)
        return test

    return decorate


def text_examples(*names, shape=str, **others):
    """Explicit examples for a test given text arguments `names`: each extreme in all,
    made into what the arguments take by `shape` (bytes, a list of lines)."""

    def decorate(test):
        for value in EXTREMES:
            test = example(**dict.fromkeys(names, shape(value)), **others)(test)
        return test

    return decorate


@pytest.fixture(autouse=True)
def plain_templates(uninstrumented_templates):
    """Templates render without the test runner's instrumentation (tests/conftest.py),
    in every test of a module that imports this, and with the `letter` fixture
    (fuzz_letter)."""


@pytest.fixture(name="letter")
def fuzz_letter(make_letter, make_signature):
    """An open letter in two languages, with a network on its public list: the
    organization form then offers "member of" boxes."""
    from letters.models import LetterVersion
    from signatures.signing.service import network_named

    letter = make_letter(slug="fuzz-letter", title="A letter under attack")
    LetterVersion.objects.create(letter=letter, language="es", title="Una carta", body="Hola")
    network = make_signature(letter, "Red Pública", kind="network", members=["Sin Fronteras"])
    network.network = network_named("Red Pública")
    network.save()
    return letter


# Markup that must never reach a page unescaped. Each contains "<" or a quote.
MARKUP = [
    "<script>xss()</script>",
    '"><img src=x onerror=xss()>',
    "'><svg onload=xss()>",
    "</textarea><xss-tag>",
    '<a href="javascript:xss()">xss</a>',
    "<iframe src=//xss.example>",
    "<!--xss-->",
    "]]><xss-cdata>",
]

# Every character that ends a line somewhere: Python's splitlines(), Word, browsers.
LINE_BREAKS = [
    "\n",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
]

# A value that would add a made-up signatory to the delivered list, were it kept as typed.
FAKE_ENTRY = "Prof{0}{0}Injected Fake Org, Director"

FRAGMENTS = [
    *MARKUP,
    *(FAKE_ENTRY.format(line_break) for line_break in LINE_BREAKS),
    "\x00",
    "a\x00b",
    "\r\n",
    "\u2028",
    "\t",
    "\x0b\x0c\x1b",
    "'; DROP TABLE signatures_signature; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(10)",
    "%s %d %(name)s",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    "\\",
    "../../etc/passwd",
    "&amp;&lt;",
    "&#0;",
    # Right to left: Arabic, Hebrew, and the override characters used to disguise text.
    "مرصد حقوق الإنسان",
    "ארגון זכויות אדם",
    "\u202eevil\u202c",
    "\u200f\u200e\u2067",
    # Emoji, with skin tones and joiners, and flags.
    "😀",
    "👩🏽\u200d⚖️",
    "🇲🇽🏳️\u200d🌈",
    # Combining marks: "é" decomposed, and a stack of them.
    "e\u0301",
    "Z\u0351\u0363\u0364\u036b\u036b\u0365\u0316\u0339a\u0347l\u0340g\u0312o",
    "\ufeff",
    "\u00a0\u2003",
    "Ⅻ ﬁ ß İ",
]

LONG = [299, 300, 301, 2001, 10_000]


def long_text():
    return st.builds(
        lambda char, n: char * n,
        st.sampled_from(["x", "é", "😀", "<", "\u202e", " "]),
        st.sampled_from(LONG),
    )


def hostile_text():
    """One string: plain Unicode (NUL and controls included), fragments, or very long."""
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(FRAGMENTS),
        st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=6).map(
            "".join
        ),
        long_text(),
    )


BAD_EMAILS = [
    "",
    "not-an-email",
    "a@",
    "@example.org",
    "a@@example.org",
    "a@b@example.org",
    "a@localhost",
    "a@[127.0.0.1]",
    "a@example..org",
    "a b@example.org",
    "a@example.org\n",
    "a@example.org\x00",
    "a@example.org,b@example.org",
    '"quoted local"@example.org',
    "<xss@example.org>",
    "ñandú@ejemplo.mx",
    "a@ñandú.mx",
    "x" * 65 + "@example.org",
    "a@" + "b" * 250 + ".org",
    "a+tag@example.org",
    "A@EXAMPLE.ORG",
    "a@example.org' OR '1'='1",
]


def email_like():
    return st.one_of(
        st.sampled_from(BAD_EMAILS),
        st.emails().filter(lambda e: len(e) < 200),
        hostile_text(),
        st.builds(lambda text: f"{text}@example.org", hostile_text()),
    )


BAD_URLS = [
    "javascript:xss()",
    "JaVaScRiPt:xss()",
    "data:text/html,<script>xss()</script>",
    "vbscript:xss",
    "http://",
    "https://",
    "//xss.example",
    "http://[::1",
    "http://-a-.example",
    "ftp://files.example/x",
    "file:///etc/passwd",
    "http://例え.jp/パス",
    "https://example.org/" + "a" * 600,
    "https://example.org/<script>xss()</script>",
    'https://example.org/"onmouseover="xss()',
    "https://user:pass@example.org/",
    "https://127.0.0.1:99999/",
    "https://example.org/\x00",
    "example.org",
    "www.example.org/path?q=1#frag",
]


def url_like():
    return st.one_of(st.sampled_from(BAD_URLS), hostile_text())


def choice_like(valid):
    """One of the valid values, or junk in its place."""
    return st.one_of(st.sampled_from(list(valid)), hostile_text())


def integer_like():
    return st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        # Digits Python's isdigit() accepts and int() may not: "²", "①"; and "٣", "１".
        st.sampled_from(
            ["0", "-1", "1.5", "1e9", "NaN", "9" * 40, "0x10", " 1", "１", "²", "①", "٣"]
        ),
        hostile_text(),
    )


def upload():
    """A file sent in place of a text field: the field then arrives empty."""
    return st.builds(
        lambda name, content: SimpleUploadedFile(name, content),
        st.sampled_from(["x.txt", "../../x.php", "\u202etxt.exe", "x\x00.png"]),
        st.binary(max_size=64),
    )


def field_value(strategy):
    """What a client may send for one field: a value, several values, or a file."""
    return st.one_of(
        strategy,
        strategy,
        strategy,
        st.lists(strategy, min_size=0, max_size=3),
        upload(),
    )


def hostile_post(valid, fields):
    """A POST body: `valid` with some fields replaced by hostile values and some left out.

    `fields` maps a field name to the strategy for its values.
    """
    names = sorted(fields)
    return st.builds(
        _combine,
        st.just(valid),
        st.fixed_dictionaries({}, optional={name: field_value(fields[name]) for name in names}),
        st.sets(st.sampled_from(sorted({*names, *valid})), max_size=3),
    )


def _combine(valid, replacements, missing):
    data = {**valid, **replacements}
    for name in missing:
        data.pop(name, None)
    return data


def assert_no_raw_markup(page):
    """No markup fragment appears unescaped in the page (none of them belongs there)."""
    for fragment in MARKUP:
        assert fragment not in page, f"unescaped {fragment!r} in the page"
    assert not re.search(r"<\s*/?\s*xss", page), "a tag named with the marker in the page"


ERROR_MARKERS = ("invalid-feedback", "errorlist", "alert-danger", 'class="error')


def has_error_message(page):
    return any(marker in page for marker in ERROR_MARKERS)


def assert_form_refused(page):
    """The form is shown again, saying why."""
    assert has_error_message(page), "a refused form says why"
    assert "Please correct the errors below." in page


def escaped(value):
    """`value` as Django's templates write it."""
    return str(escape(value))


def assert_shown_escaped(client, signature):
    """Approved and public, the signature and its members show on the letter's page, escaped."""
    from django.urls import reverse

    from signatures.models import Signature

    Signature.objects.filter(pk=signature.pk).update(status="approved", visibility="public")
    page = client.get(reverse("public:letter", args=[signature.letter.slug])).content.decode()
    assert_no_raw_markup(page)
    signature.refresh_from_db()
    assert escaped(signature.display_name) in page
    for member in signature.members.all():
        assert escaped(member.display_name) in page


# The fields a signer types on one line: each must be saved as one line.
SINGLE_LINE_FIELDS = ["name", "acronym", "title", "city", "website", "contact_name"]
SINGLE_LINE_FIELDS += ["contact_role", "email"]
# The fields a signer types freely: the explicit examples put the extremes in these.
TYPED_FIELDS = ["name", "acronym", "title", "city", "contact_name", "contact_role", "note"]
TYPED_FIELDS += ["new_networks", "member_organizations", "member_people"]

_BIDI_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def assert_one_line(value, what):
    """No line break, tab or other control character, no bidi override, no outer space."""
    import unicodedata

    odd = [ch for ch in value if ch != " " and (ch.isspace() or unicodedata.category(ch) == "Cc")]
    assert not odd, f"{what}: {value!r} holds {odd!r}"
    assert not _BIDI_OVERRIDES & set(value), f"{what}: {value!r} holds a bidi override"
    assert value == value.strip(" "), f"{what}: {value!r}"


def assert_public_fields_one_line(signature):
    """A signature's single-line fields, its members and its networks are one line each."""
    from signatures.models import Signature

    _assert_rows(Signature.objects.filter(pk=signature.pk), clean=False)


def assert_saved_cleanly(signature):
    """What was saved holds no NUL byte, fits its column, and keeps one-line fields on
    one line."""
    from signatures.models import Signature

    _assert_rows(Signature.objects.filter(pk=signature.pk), clean=True, email=True)


def assert_all_saved_cleanly(signatures, email=True):
    """assert_saved_cleanly() for every signature of the queryset, in three queries
    whatever their number (a fuzz test checks the whole letter after each example)."""
    _assert_rows(signatures, clean=True, email=email)


def _assert_rows(signatures, clean, email=False):
    from signatures.models import Member, Network, Signature

    for row in signatures.values(*SINGLE_LINE_FIELDS, "note"):
        for name in SINGLE_LINE_FIELDS:
            assert_one_line(row[name], name)
        if not clean:
            continue
        for name in [*SINGLE_LINE_FIELDS, "note"]:
            assert "\x00" not in row[name], name
            assert len(row[name]) <= Signature._meta.get_field(name).max_length, name
        assert row["name"].strip()
        assert row["email"] or not email
    for name, role in Member.objects.filter(network_signature__in=signatures).values_list(
        "name", "role"
    ):
        assert_one_line(name, "member name")
        assert_one_line(role, "member role")
        if clean:
            assert "\x00" not in name + role
            assert name
    for name in Network.objects.filter(declared_members__in=signatures).values_list(
        "name", flat=True
    ):
        assert_one_line(name, "network")
        if clean:
            assert "\x00" not in name
            assert name


# The signing forms' fields, each with the values to try in it.
CHECKBOX = st.sampled_from(["on", "", "off", "0", "false", "\x00"])
VISIBILITY = choice_like(["public", "delivery_only"])
LANGUAGE = choice_like(["es", "en"])
COUNTRY = choice_like(["MX", "US", "GT", "XX", "mx", "EU", "ZZ"])

COMMON = {
    "name": hostile_text(),
    "email": email_like(),
    "note": hostile_text(),
    "visibility": VISIBILITY,
    "language": LANGUAGE,
    "consent": CHECKBOX,
    "extra_info": st.sampled_from(["", "", "http://spam.example"]),
}

ORGANIZATION_FIELDS = {
    **COMMON,
    "acronym": hostile_text(),
    "country": COUNTRY,
    "city": hostile_text(),
    "website": url_like(),
    "networks": integer_like(),
    "new_networks": hostile_text(),
    "contact_name": hostile_text(),
    "contact_role": hostile_text(),
    "authorized": CHECKBOX,
}

INDIVIDUAL_FIELDS = {**COMMON, "title": hostile_text(), "country": COUNTRY}

NETWORK_FIELDS = {
    **COMMON,
    "acronym": hostile_text(),
    "website": url_like(),
    "member_organizations": hostile_text(),
    "member_people": hostile_text(),
    "contact_name": hostile_text(),
}

# A member list of many lines, some hostile, is its own strategy.
MEMBER_LINES = st.lists(hostile_text(), max_size=30).map("\n".join)


@contextlib.contextmanager
def example_rolled_back():
    """One example of a property-based test inside a savepoint that is rolled back:
    each starts from the test's own data. What an example writes (signatures, their
    audit trail, rate-limit counts, the cache table) cannot be deleted afterwards:
    the trail is append-only (security review, finding 13)."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)
