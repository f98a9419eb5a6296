"""Hostile and random text through the reader: it never fails, never keeps an email
address in a public name, and stays fast on long lines."""

import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from signatures.importing.parsing import parse_members, parse_signatories, read_entry

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)
# The reader is given text with NUL bytes already taken out (signatures.importing),
# so its extremes are the others: 10,000 characters and markup.
LONG, MARKUP = "x" * 10_000, "<script>xss()</script>, Directora"
# A 10,000-character line takes a quarter of a second on a loaded machine; speed on
# long lines has its own test below (test_long_hostile_lines_read_quickly).
reading_settings = settings(deadline=2000)
_EMAILS = st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(org|mx|com)", fullmatch=True)


@reading_settings
@example(LONG)
@example(MARKUP)
@given(_TEXT)
def test_any_line_reads_without_failing(text):
    entry = read_entry(text)
    assert isinstance(entry.name, str)
    assert entry.kind in ("organization", "individual", "network")


@reading_settings
@example([LONG, MARKUP])
@given(st.lists(_TEXT, max_size=20))
def test_any_block_reads_without_failing(lines):
    entries, warnings = parse_signatories(lines)
    assert all(isinstance(w, str) for w in warnings)
    assert all(e.name or e.members is not None for e in entries)


@reading_settings
@example(LONG, "ana@example.org", ",")
@example(MARKUP, "ana@example.org", " ")
@given(_TEXT.filter(lambda t: "\t" not in t and "\n" not in t), _EMAILS, st.sampled_from(" ,;-\t"))
def test_an_email_never_stays_in_a_name(name, email, separator):
    entry = read_entry(f"{name}{separator}{email}")
    assert email not in entry.name
    assert email not in entry.title
    members, _ = parse_members(f"Casa Uno {email}, Casa Dos", [])
    assert all(email not in m.name for m in members)


def test_long_hostile_lines_read_quickly():
    lines = [
        "-" * 5000 + "México",
        "Red: " + ", ".join(["Casa (A) - B"] * 400),
        "(" * 3000 + "x" + ")" * 3000,
        "a, " * 3000 + "Honduras",
        "\t".join(["1"] * 2000),
    ]
    start = time.monotonic()
    parse_signatories(lines)
    for line in lines:
        read_entry(line)
    assert time.monotonic() - start < 5
