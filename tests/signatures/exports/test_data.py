"""One row per entry as CSV, XLSX and JSON, read back with csv, openpyxl and json."""

import datetime
import json

import pytest
from django.utils import timezone

from signatures.exports.data import neutralize
from signatures.models import Signature
from tests.signatures.exports.helpers import (
    csv_rows,
    export_bytes,
    json_rows,
    rich_letter,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

READERS = {"csv": csv_rows, "xlsx": xlsx_rows, "json": json_rows}


# Spreadsheets show a kind by its label; JSON keeps the stored value.
KIND_LABELS = {"Organization": "organization", "Network": "network", "Individual": "individual"}


def names(rows):
    return [
        (KIND_LABELS.get(row["kind"], row["kind"]), row["name"], row["network"]) for row in rows
    ]


@pytest.mark.parametrize("format", ["csv", "xlsx", "json"])
def test_one_row_per_entry_with_network_members_after_their_network(
    make_letter, make_signature, format
):
    letter = rich_letter(make_letter, make_signature)

    rows = READERS[format](export_bytes(letter, format))

    gtpm = "Grupo de Trabajo Sobre Política Migratoria-GTPM"
    assert names(rows) == [
        ("organization", "Zeta Convocante", ""),
        (
            "organization",
            '\'=HYPERLINK("http://evil.example")'
            if format != "json"
            else '=HYPERLINK("http://evil.example")',
            "",
        ),  # fmt: skip
        ("organization", "Árbol de la Vida", ""),
        ("network", "Bloque Latinoamericano", ""),
        ("organization", "CELS", "Bloque Latinoamericano"),
        ("organization", "CAREF", "Bloque Latinoamericano"),
        ("organization", "Discreta A.C.", ""),
        ("network", gtpm, ""),
        ("organization", "Aldeas Infantiles SOS México, I.A.P.", gtpm),
        ("organization", "Alianza Américas", gtpm),
        ("organization", "IDC International Detention Coalition", gtpm),
        ("individual", "Melissa Vertiz Hernández", gtpm),
        ("individual", "Alexandra Hunt", ""),
        ("individual", "Xóchitl Rodríguez Quintero", ""),
    ]
    roles = {row["name"]: row["role"] for row in rows if row["role"]}
    assert roles == {
        "IDC International Detention Coalition": "Observadoras",
        "Melissa Vertiz Hernández": "Secretaria Técnica",
        "Xóchitl Rodríguez Quintero": "Investigadora",
    }


def test_csv_columns_and_values(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)
    approved_at = timezone.make_aware(datetime.datetime(2023, 12, 1, 10, 30))
    Signature.objects.filter(name="Árbol de la Vida").update(decided_at=approved_at)

    rows = csv_rows(export_bytes(letter, "csv", language="es"))
    arbol = next(row for row in rows if row["name"] == "Árbol de la Vida")
    lead = next(row for row in rows if row["name"] == "Zeta Convocante")
    discreta = next(row for row in rows if row["name"] == "Discreta A.C.")

    assert list(rows[0]) == [
        "kind", "name", "acronym", "network", "role", "country", "country_name", "city",
        "website", "language", "signed_at", "approved_at", "lead", "status", "delivery_only",
    ]  # fmt: skip
    # People read the headings and the choices in the export's language.
    heading = export_bytes(letter, "csv", language="es").decode("utf-8-sig").splitlines()[0]
    assert heading.startswith("Tipo,Nombre,Sigla,")
    assert arbol["kind"] == "Organización"
    assert {key: arbol[key] for key in ["acronym", "country", "country_name", "city"]} == {
        "acronym": "ADV",
        "country": "MX",
        "country_name": "México",  # in the export's language
        "city": "Oaxaca",
    }
    assert arbol["website"] == "https://arbol.example.org/"
    assert arbol["language"] == "es"
    assert arbol["approved_at"] == "2023-12-01T10:30:00-06:00"  # the site's time zone
    assert datetime.datetime.fromisoformat(arbol["signed_at"]).tzinfo is not None
    assert (arbol["lead"], lead["lead"]) == ("no", "sí")
    assert (arbol["status"], arbol["delivery_only"], discreta["delivery_only"]) == (
        "Aprobada",
        "no",
        "sí",
    )


def test_xlsx_has_a_bold_header_and_real_times(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    rows = xlsx_rows(export_bytes(letter, "xlsx"))
    arbol = next(row for row in rows if row["name"] == "Árbol de la Vida")

    assert isinstance(arbol["signed_at"], datetime.datetime)
    assert arbol["lead"] is False
    assert arbol["country"] == "MX"


def test_json_has_the_letter_and_typed_values(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    document = json.loads(export_bytes(letter, "json"))
    arbol = next(row for row in document["signatories"] if row["name"] == "Árbol de la Vida")
    member = next(row for row in document["signatories"] if row["name"] == "CELS")

    assert document["letter"] == {
        "slug": "carta-abierta",
        "date": "2023-12-18",
        "status": "open",
        "url": "/letters/carta-abierta/",
    }
    assert document["columns"] == list(arbol)
    assert arbol["lead"] is False
    assert arbol["approved_at"] is None  # approved without a decision time
    assert member["signed_at"] is None
    assert member["network"] == "Bloque Latinoamericano"


@pytest.mark.parametrize("format", ["csv", "xlsx", "json"])
def test_contact_columns_only_when_asked_for(make_letter, make_signature, format):
    letter = rich_letter(make_letter, make_signature)
    Signature.objects.filter(name="Árbol de la Vida").update(contact_role="Coordinadora")

    without = READERS[format](export_bytes(letter, format))
    with_contacts = READERS[format](export_bytes(letter, format, include_contacts=True))
    arbol = next(row for row in with_contacts if row["name"] == "Árbol de la Vida")
    member = next(row for row in with_contacts if row["name"] == "CELS")

    assert "email" not in without[0]
    assert "contact_name" not in without[0]
    assert (arbol["contact_name"], arbol["contact_role"], arbol["email"], arbol["note"]) == (
        "Ana Secreta",
        "Coordinadora",
        "arbol@example.org",
        "Nota privada para moderación",
    )
    assert member["email"] in ("", None)  # members have no contact of their own


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+52 55 1234", "'+52 55 1234"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Casa Monarca", "Casa Monarca"),
        ("Centro - Norte", "Centro - Norte"),
        (True, True),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralized(text, expected):
    assert neutralize(text) == expected


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_formula_cells_are_neutralized_in_spreadsheets(make_letter, make_signature, format):
    letter = make_letter()
    make_signature(
        letter,
        "@SUM(1+1)*cmd|' /C calc'!A0",
        acronym="=1+1",
        title="",
        city="-2+3",
        note="+cmd",
        email="x@example.org",
    )
    make_signature(letter, "Red", kind="network", members=[{"name": "=A1", "role": "+role"}])

    rows = READERS[format](export_bytes(letter, format, include_contacts=True))
    cells = [value for row in rows for value in row.values() if isinstance(value, str) and value]

    assert [cell for cell in cells if cell[0] in "=+-@\t\r"] == []
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert {"'=1+1", "'-2+3", "'+cmd", "'=A1", "'+role"} <= set(cells)


def test_xlsx_holds_no_formula_cell(make_letter, make_signature):
    import io

    import openpyxl

    letter = make_letter()
    make_signature(letter, "=1+1")

    sheet = openpyxl.load_workbook(io.BytesIO(export_bytes(letter, "xlsx"))).active

    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_control_characters_pasted_from_a_pdf_do_not_break_the_xlsx(make_letter, make_signature):
    letter = make_letter()
    make_signature(letter, "Casa\x0c Monarca\x0b", note="línea\x01")

    rows = xlsx_rows(export_bytes(letter, "xlsx", include_contacts=True))

    assert (rows[0]["name"], rows[0]["note"]) == ("Casa Monarca", "línea")
