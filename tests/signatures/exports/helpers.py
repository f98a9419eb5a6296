"""A letter with every kind of entry, and readers that open each export format for real."""

import csv
import datetime
import io
import json

import docx
import openpyxl
import pypdf

from letters.models import LetterVersion
from signatures.exports.formats import Export
from signatures.exports.labels import COLUMN_LABELS, headers

# Every contact email in the rich letter: none may appear in an export without contacts.
CONTACT_EMAILS = [
    "arbol@example.org",
    "gtpm@example.org",
    "discreta@example.org",
    "pendiente@example.org",
    "xochitl@example.org",
    "formula@example.org",
]


def rich_letter(make_letter, make_signature):
    """A letter in English and Spanish signed by organizations, networks and individuals,
    with lead, delivery-only, pending and rejected signatures and private details."""
    letter = make_letter(slug="carta-abierta", date=datetime.date(2023, 12, 18))
    LetterVersion.objects.create(
        letter=letter,
        language="es",
        title="Una carta abierta",
        recipient="**Sra. Alicia Bárcena Ibarra**  \n*Secretaria de Relaciones Exteriores*",
        body="Las organizaciones firmantes pedimos **acción**.",
        closing="Atentamente,",
    )
    make_signature(letter, "Zeta Convocante", is_lead=True, lead_order=1, country="MX")
    make_signature(
        letter,
        "Árbol de la Vida",
        acronym="ADV",
        country="MX",
        city="Oaxaca",
        website="https://arbol.example.org/",
        language="es",
        contact_name="Ana Secreta",
        email="arbol@example.org",
        note="Nota privada para moderación",
    )
    make_signature(
        letter,
        "Grupo de Trabajo Sobre Política Migratoria-GTPM",
        kind="network",
        email="gtpm@example.org",
        members=[
            "Aldeas Infantiles SOS México, I.A.P.",
            "Alianza Américas",
            {"name": "IDC International Detention Coalition", "role": "Observadoras"},
            {"name": "Melissa Vertiz Hernández", "role": "Secretaria Técnica", "kind": "person"},
        ],
    )
    make_signature(letter, "Bloque Latinoamericano", kind="network", members=["CELS", "CAREF"])
    make_signature(letter, '=HYPERLINK("http://evil.example")', email="formula@example.org")
    make_signature(
        letter, "Discreta A.C.", visibility="delivery_only", email="discreta@example.org"
    )
    make_signature(letter, "Pendiente", status="pending", email="pendiente@example.org")
    make_signature(letter, "Rechazada", status="rejected")
    make_signature(
        letter,
        "Xóchitl Rodríguez Quintero",
        kind="individual",
        title="Investigadora",
        email="xochitl@example.org",
    )
    make_signature(letter, "Alexandra Hunt", kind="individual")
    return letter


def export_bytes(letter, format, **options):
    out = io.BytesIO()
    Export(letter=letter, format=format, **options).write(out)
    return out.getvalue()


def docx_paragraphs(data):
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def pdf_text(data):
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def machine_names(header):
    """The columns' machine names (as JSON has them) for a spreadsheet's headings, which
    are in the export's language."""
    names = {}
    for language in ("en", "es"):
        names.update(zip(headers(list(COLUMN_LABELS), language), COLUMN_LABELS, strict=True))
    return [names[heading] for heading in header]


def xlsx_rows(data):
    """The rows of an XLSX export, keyed by the columns' machine names."""
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    names = machine_names(header)
    # An empty cell reads as None; the other formats write "".
    return [dict(zip(names, ["" if v is None else v for v in row], strict=True)) for row in rows]


def csv_rows(data):
    """The rows of a CSV export, keyed by the columns' machine names."""
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    names = machine_names(header)
    return [dict(zip(names, row, strict=True)) for row in rows]


def json_rows(data):
    return json.loads(data)["signatories"]


def readable_text(format, data):
    """Everything a person would read in the export, as text."""
    if format == "docx":
        return "\n".join(docx_paragraphs(data))
    if format == "pdf":
        return pdf_text(data)
    if format == "xlsx":
        return "\n".join(str(value) for row in xlsx_rows(data) for value in row.values())
    return data.decode("utf-8-sig")
