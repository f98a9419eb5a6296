"""The importer reads back what the text export writes, with the letter's text: the same list.

The delivery format has no mark for lead signatories (they are simply listed
first), so a round trip keeps their place in the list but not the flag.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import dateformat, translation

from letters.models import Letter
from signatures.importing.letter import parse_letter
from signatures.models import Signature
from tests.signatures.exports.helpers import export_bytes

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "samples" / "mexico-asylum-letter-2023-12-18.txt"


def stored(letter):
    """The letter's approved list as (kind, name, acronym, title, members), in list order."""
    signatures = (
        Signature.objects.filter(letter=letter)
        .approved()
        .order_by("-is_lead", "lead_order", "sort_name", "pk")
        .prefetch_related("members")
    )
    entries = [
        (
            s.kind,
            s.name,
            s.acronym,
            s.title,
            [(m.kind, m.name, m.role) for m in s.members.order_by("position")],
        )
        for s in signatures
    ]
    # Individuals form the second section of the list.
    return sorted(entries, key=lambda entry: entry[0] == Signature.Kind.INDIVIDUAL)


def read_back(letter, list_text):
    """parse_letter on the letter's text followed by the exported list, as (kind, name, ...)."""
    version = letter.original_version()
    with translation.override("en"):
        date = dateformat.format(letter.date, "F j, Y")
    text = "\n\n".join(
        [
            date,
            version.recipient,
            version.body,
            version.closing,
            list_text,
        ]
    )
    parsed = parse_letter(text)
    entries = [
        (e.kind, e.name, e.acronym, e.title, [(m.kind, m.name, m.role) for m in e.members])
        for e in parsed.entries
    ]
    return parsed, entries


def without_totals(text):
    """The exported list without its closing totals line."""
    body, totals = text.rstrip("\n").rsplit("\n\n", 1)
    assert totals == "99 organizations and 19 individuals"
    return body + "\n"


@pytest.fixture
def sample_letter():
    call_command("import_letter", str(SAMPLE), slug="mexico", stdout=io.StringIO())
    return Letter.objects.get(slug="mexico")


def test_the_sample_list_reads_back_into_the_same_entries_and_members(sample_letter):
    text = export_bytes(sample_letter, "text", language="en").decode()

    parsed, entries = read_back(sample_letter, without_totals(text))

    assert len(entries) == 32
    assert entries == stored(sample_letter)
    # The letter's own parts come back too.
    version = sample_letter.original_version()
    assert (parsed.date, parsed.recipient, parsed.body, parsed.closing) == (
        sample_letter.date,
        version.recipient,
        version.body,
        version.closing,
    )


def test_the_whole_text_export_reads_back_into_the_same_entries(sample_letter):
    text = export_bytes(sample_letter, "text", language="en").decode()

    _, entries = read_back(sample_letter, text)

    assert entries == stored(sample_letter)


def test_the_spanish_text_export_reads_back_into_the_same_entries(sample_letter):
    text = export_bytes(sample_letter, "text", language="es").decode()
    assert "Personas a título individual" in text

    _, entries = read_back(sample_letter, text)

    assert entries == stored(sample_letter)


def test_a_letter_built_here_reads_back_including_lead_and_delivery_only_signers(
    make_letter, make_signature
):
    letter = make_letter(date=datetime.date(2024, 3, 8))
    make_signature(letter, "Zeta Convocante", is_lead=True, lead_order=1)
    make_signature(letter, "Instituto para las Mujeres en la Migración", acronym="IMUMI")
    make_signature(letter, "Discreta A.C.", visibility="delivery_only")
    make_signature(
        letter,
        "Red Uno",
        kind="network",
        members=[
            "Casa Uno, A.C.",
            {"name": "IDC International Detention Coalition", "role": "Observadoras"},
            {"name": "Elena Poniatowska", "role": "periodista", "kind": "person"},
        ],
    )
    make_signature(letter, "Ana Hurtado", kind="individual", title="investigadora")
    text = export_bytes(letter, "text", language="en").decode()
    body, totals = text.rstrip("\n").rsplit("\n\n", 1)

    _, entries = read_back(letter, body)

    assert totals == "6 organizations and 2 individuals"
    assert entries == [
        # The lead comes back first, as an organization: the format does not mark leads.
        ("organization", "Zeta Convocante", "", "", []),
        ("organization", "Discreta A.C.", "", "", []),
        ("organization", "Instituto para las Mujeres en la Migración", "IMUMI", "", []),
        (
            "network",
            "Red Uno",
            "",
            "",
            [
                ("organization", "Casa Uno, A.C.", ""),
                ("organization", "IDC International Detention Coalition", "Observadoras"),
                ("person", "Elena Poniatowska", "periodista"),
            ],
        ),
        ("individual", "Ana Hurtado", "", "investigadora", []),
    ]
