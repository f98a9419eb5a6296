"""The CSV export, written by PostgreSQL, is byte for byte the CSV of the rows that
exports_data.rows() builds in Python (for JSON and XLSX), written by the csv module."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest

from signatures.exports.data import columns, iter_csv, neutralize, rows
from signatures.exports.formats import Export
from signatures.exports.labels import headers, readable, value_labels
from signatures.models import Signature
from tests.signatures.exports.helpers import csv_rows, export_bytes, rich_letter

pytestmark = pytest.mark.django_db

TRICKY = [
    "=SUM(A1:A9)",
    "+52 55 1234",
    "-2+3",
    "@cmd",
    "\t=1+1",
    "\r=1+1",
    'Comillas "dobles", y comas',
    "Salto\nde línea",
    "Salto\r\nde Windows",
    "Retorno\rsolo",
    "Ñandú Ōkubo 😀 ‘curly’",
    " espacio delante",
    "espacio detrás ",
    "barra \\ invertida",
    "\\.",
    "NULL",
    '"',
    'a,b"c\nd',
    "Casa Monarca",
    "Casa Monarca",  # the same name twice: the order falls back on the id
]


def python_csv(export):
    """The export as rows() and the csv module write it: the CSV as it was made before
    PostgreSQL wrote it."""
    names = columns(export)
    labels = value_labels(export.language)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers(names, export.language))
    for row in rows(export):
        writer.writerow([cell(readable(name, row[name], labels), labels) for name in names])
    return ("\ufeff" + out.getvalue()).encode()


def cell(value, labels):
    if value is None:
        return ""
    if isinstance(value, bool):
        return labels["yes"] if value else labels["no"]
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    return neutralize(value)


def tricky_letter(make_letter, make_signature):
    """The rich letter and more: formula-looking, quoted and multi-line text in every
    column, leads in and out of order, networks (one delivery only) with people and
    organizations, every status, odd countries and times across zones and centuries."""
    letter = rich_letter(make_letter, make_signature)
    statuses = list(Signature.Status.values)
    countries = ["MX", "US", "", "PE", "ZZ", "CI", "AX"]
    for number, text in enumerate(TRICKY):
        make_signature(
            letter,
            text,
            kind="individual" if number % 3 == 0 else "organization",
            acronym=TRICKY[-number - 1][:50],
            title=TRICKY[(number + 5) % len(TRICKY)],
            country=countries[number % len(countries)],
            city=TRICKY[(number + 7) % len(TRICKY)],
            website=f'https://{number}.example.org/?a=1,2&b="x"' if number % 2 else "",
            language=["es", "en", ""][number % 3],
            contact_name=TRICKY[(number + 1) % len(TRICKY)],
            contact_role=TRICKY[(number + 2) % len(TRICKY)],
            email=f"tricky{number}@example.org",
            note=TRICKY[(number + 3) % len(TRICKY)],
            status=statuses[number % len(statuses)],
            visibility="delivery_only" if number % 4 == 0 else "public",
            is_lead=number % 5 == 0,
            lead_order={0: 3, 5: None, 10: 2, 15: 2}.get(number),
        )
    members = [
        {"name": "=Red miembro", "role": "+rol"},
        {"name": "Persona, con coma", "role": 'Secretaria "técnica"', "kind": "person"},
        {"name": "Línea\nnueva", "role": ""},
        {"name": "Ana Ruiz", "kind": "person"},
    ]
    make_signature(
        letter,
        'Red "Discreta", A.C.',
        kind="network",
        members=members,
        visibility="delivery_only",
        email="red@example.org",
    )
    make_signature(
        letter, "@Red Convocante", kind="network", members=members[::-1], is_lead=True, lead_order=1
    )
    make_signature(letter, "Red sin miembros", kind="network")
    make_signature(letter, "Red pendiente", kind="network", members=members, status="pending")
    times = [
        datetime.datetime(2023, 12, 1, 10, 30, tzinfo=datetime.UTC),
        datetime.datetime(2020, 7, 1, 5, 0, 59, 999_999, tzinfo=datetime.UTC),  # DST then
        datetime.datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=datetime.UTC),
        datetime.datetime(1969, 12, 31, 23, 59, 59, 500_000, tzinfo=datetime.UTC),
        # Local mean time, before zones had whole minutes: offsets with seconds.
        datetime.datetime(1900, 6, 1, 12, 0, tzinfo=datetime.UTC),
        None,
    ]
    signatures = Signature.objects.filter(letter=letter).values_list("pk", flat=True)
    for number, pk in enumerate(signatures):
        Signature.objects.filter(pk=pk).update(
            created_at=times[number % (len(times) - 1)], decided_at=times[number % len(times)]
        )
    return letter


EXPORTS = {
    "public": {"public": True},
    "moderator": {},
    "every status": {"statuses": tuple(Signature.Status.values)},
    "with contacts": {"statuses": tuple(Signature.Status.values), "include_contacts": True},
}


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("options", EXPORTS.values(), ids=EXPORTS.keys())
def test_csv_from_postgresql_is_the_csv_of_the_python_rows(
    make_letter, make_signature, options, language
):
    letter = tricky_letter(make_letter, make_signature)
    export = Export(letter=letter, format="csv", language=language, **options)

    written = export_bytes(letter, "csv", language=language, **options)

    assert written == python_csv(export)
    assert "".join(iter_csv(export)).encode() == written
    assert written.count(b"\r\n") > 20


@pytest.mark.parametrize(
    "zone", ["America/Mexico_City", "UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Madrid"]
)
def test_times_are_written_in_the_sites_time_zone_whatever_it_is(
    make_letter, make_signature, settings, zone
):
    settings.TIME_ZONE = zone
    letter = tricky_letter(make_letter, make_signature)
    export = Export(letter=letter, format="csv", statuses=tuple(Signature.Status.values))

    written = export_bytes(letter, "csv", statuses=tuple(Signature.Status.values))

    assert written == python_csv(export)
    local = datetime.datetime(2023, 12, 1, 10, 30, tzinfo=datetime.UTC).astimezone(ZoneInfo(zone))
    assert local.isoformat().encode() in written


def test_an_empty_list_is_the_header_alone(make_letter):
    letter = make_letter()

    written = export_bytes(letter, "csv")

    assert written == python_csv(Export(letter=letter, format="csv"))
    export = Export(letter, "csv")
    assert written.decode("utf-8-sig").splitlines() == [
        ",".join(headers(columns(export), export.language))
    ]


def test_a_filtered_export_holds_only_its_own_signatures(make_letter, make_signature):
    letter = tricky_letter(make_letter, make_signature)
    other = make_letter(slug="otra-carta")
    make_signature(other, "De otra carta", kind="network", members=["Miembro de otra"])

    written = export_bytes(letter, "csv", statuses=("pending",)).decode("utf-8-sig")

    assert "De otra carta" not in written
    assert "Miembro de otra" not in written
    statuses = {row["status"] for row in csv_rows(written.encode()) if row["status"]}
    assert statuses == {"Pending"}  # the status's label, in the export's language
