"""Small spreadsheets and CSV files built in the tests, in the shapes people export."""

import csv
import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook

GOOGLE_FORMS_ES = [
    "Marca temporal",
    "Dirección de correo electrónico",
    "Nombre de la organización",
    "Sigla",
    "País",
    "Nombre completo",
    "Cargo",
    "Red a la que pertenece",
]
GOOGLE_FORMS_EN = [
    "Timestamp",
    "Email Address",
    "Organization name",
    "Acronym",
    "Country",
    "Full name",
    "Title",
    "Network",
]
ROWS = [
    ["18/12/2023 10:01:02", "contacto@cafemi.org", "Casa de la Familia Migrante", "CAFEMI",
     "México", "María Núñez", "Directora", "Red Jesuita con Migrantes"],
    ["18/12/2023 11:15:40", "info@fundacion.org", "Fundación Pro Niñez, A.C.", "",
     "Guatemala", "José Peña", "Coordinador", ""],
    ["19/12/2023 09:00:00", "alianza@example.org", "Alianza Américas", "", "Estados Unidos",
     "Ana López", "", ""],
]  # fmt: skip


def csv_bytes(rows, *, encoding="utf-8", delimiter=",", header=GOOGLE_FORMS_ES):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([header, *rows] if header else rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=GOOGLE_FORMS_EN):
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows] if header else rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_ODS = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_bytes(rows, header=GOOGLE_FORMS_ES):
    """An OpenDocument spreadsheet as LibreOffice writes its essentials."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(cell))}</text:p>'
            "</table:table-cell>"
            for cell in row
        )
        + "</table:table-row>"
        for row in ([header, *rows] if header else rows)
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Hoja1">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb(unpacked=200 * 1024 * 1024):
    """An XLSX-shaped archive whose sheet unpacks to `unpacked` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b"0" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                part.write(chunk)
    return out.getvalue()
