"""Reading imports: every format and encoding people export, the column guesses, and the
uploads that must be refused with a clear message."""

import codecs

import pytest

from signatures.importing import sources
from signatures.importing.pipeline import columns, contacts
from signatures.importing.sources import limits
from tests.signatures.importing.files import (
    GOOGLE_FORMS_EN,
    GOOGLE_FORMS_ES,
    ROWS,
    csv_bytes,
    ods_bytes,
    xlsx_bytes,
    zip_bomb,
)

NAMES = ["Casa de la Familia Migrante", "Fundación Pro Niñez, A.C.", "Alianza Américas"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),  # Excel's "CSV UTF-8"
        ("utf-8", ";"),
        ("utf-16", "\t"),  # Excel's "Unicode text"
        ("cp1252", ";"),  # Excel in Spanish on Windows
        ("cp1252", ","),
        ("latin-1", "\t"),
    ],
)
def test_csv_in_every_common_encoding_and_dialect_reads_the_same(encoding, delimiter):
    data = csv_bytes(ROWS, encoding=encoding, delimiter=delimiter)

    table = sources.read_file("respuestas.csv", data)

    assert table.format == "csv"
    assert table.rows[0] == GOOGLE_FORMS_ES
    assert [row[2] for row in table.rows[1:]] == NAMES
    assert table.rows[1][5] == "María Núñez"


def test_a_byte_order_mark_never_reaches_the_first_heading():
    table = sources.read_file("f.csv", codecs.BOM_UTF8 + csv_bytes(ROWS))
    assert table.rows[0][0] == "Marca temporal"


def test_xlsx_and_ods_read_their_first_sheet():
    xlsx = sources.read_file("Form responses.xlsx", xlsx_bytes(ROWS))
    ods = sources.read_file("respuestas.ods", ods_bytes(ROWS))

    assert (xlsx.format, ods.format) == ("xlsx", "ods")
    assert xlsx.rows[0] == GOOGLE_FORMS_EN and ods.rows[0] == GOOGLE_FORMS_ES
    assert [row[2] for row in xlsx.rows[1:]] == NAMES == [row[2] for row in ods.rows[1:]]


def test_a_formula_in_a_spreadsheet_is_never_evaluated_and_text_stays_text():
    data = xlsx_bytes([["=1+1", '=HYPERLINK("http://x")', "+52 55", "@SUM(A1)"]], header=None)
    table = sources.read_file("f.xlsx", data)
    # openpyxl stores "=..." as a formula with no cached value: calamine gives nothing
    # computed, never 2; the other cells stay as typed.
    assert "2" not in table.rows[0]
    assert table.rows[0][-2:] == ["+52 55", "@SUM(A1)"]


def test_checksum_names_the_bytes_received():
    data = csv_bytes(ROWS)
    assert sources.read_file("a.csv", data).checksum == sources.read_file("b.csv", data).checksum
    assert (
        sources.read_file("a.csv", data).checksum
        != sources.read_file("a.csv", data + b"x").checksum
    )


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (GOOGLE_FORMS_ES, ["date", "email", "name", "acronym", "country", "contact_name", "title",
                           "network"]),
        (GOOGLE_FORMS_EN, ["date", "email", "name", "acronym", "country", "contact_name", "title",
                           "network"]),
        (["Nombre completo", "Cargo", "País", "Correo electrónico"],
         ["name", "title", "country", "email"]),
        (["Tipo de firma", "Nombre", "Siglas", "Sitio web", "Teléfono", "Comentarios"],
         ["kind", "name", "acronym", "website", "ignore", "note"]),
        (["Organization", "Contact name", "Email", "Members"],
         ["name", "contact_name", "email", "members"]),
        (["Name", "Name", "Email"], ["name", "ignore", "email"]),
    ],
)  # fmt: skip
def test_columns_are_guessed_from_spanish_and_english_headings(headers, fields):
    assert columns.guess(headers) == fields


def test_a_first_row_of_data_is_not_taken_for_headings():
    assert columns.looks_like_header(GOOGLE_FORMS_ES)
    assert not columns.looks_like_header(ROWS[0])


@pytest.mark.parametrize(
    ("text", "name", "found"),
    [
        ("Casa del Migrante 13 contacto13@x.org", "Casa del Migrante 13", "contacto13@x.org"),
        ("Colectivo Hermanos +52 55 1234 5678", "Colectivo Hermanos", "+52 55 1234 5678"),
        ("Centro Prodh (Tel. 55-5546-8217)", "Centro Prodh", "Tel. 55-5546-8217"),
        ("Red X - www.redx.org", "Red X", "www.redx.org"),
        ("Alianza Americas https://alianzaamericas.org/", "Alianza Americas",
         "https://alianzaamericas.org/"),
    ],
)  # fmt: skip
def test_contact_details_come_out_of_names(text, name, found):
    split = contacts.split(text)
    assert split.text == name
    assert found in split.emails + split.phones + split.urls


@pytest.mark.parametrize(
    "name",
    ["Fundación 2020-2024", "Instituto para las Mujeres en la Migración, A.C. (IMUMI)",
     "Sin Fronteras I.A.P.", "Colectivo 1 de Mayo"],
)  # fmt: skip
def test_names_without_contact_details_are_left_alone(name):
    assert contacts.split(name).text == name and not contacts.split(name).any


# --- Hostile uploads: a clear message, nothing read ---------------------------------------


def refused(name, data):
    with pytest.raises(sources.SourceError) as error:
        sources.read_file(name, data)
    return str(error.value)


def test_a_file_over_the_size_limit_is_refused():
    assert "too large" in refused("big.csv", b"a,b\n" * (limits.MAX_BYTES // 4 + 1))


def test_binary_junk_is_refused():
    assert "not text" in refused("junk.csv", bytes(range(256)) * 64)
    assert "not text" in refused("image.csv", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 500)


def test_an_old_binary_excel_file_is_refused_with_a_way_out():
    assert "XLSX or CSV" in refused("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    assert "unpacks to more than" in refused("bomb.xlsx", zip_bomb())


def test_a_damaged_spreadsheet_is_refused():
    assert "damaged" in refused("broken.xlsx", xlsx_bytes(ROWS)[:4000])


def test_more_rows_than_the_limit_are_refused_with_the_count():
    data = ("Nombre\n" + "Colectivo\n" * (limits.MAX_ROWS + 1)).encode()
    assert "50,001 rows" in refused("many.csv", data)


def test_the_row_limit_holds_for_spreadsheets_too(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 10)
    monkeypatch.setattr(sources, "MAX_ROWS", 10)
    data = xlsx_bytes([["Colectivo"]] * 30, header=["Nombre"])
    assert "rows" in refused("many.xlsx", data)


def test_an_empty_file_is_refused():
    assert "empty" in refused("empty.csv", b"  \r\n")
