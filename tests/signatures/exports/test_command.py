"""python manage.py export_signatories: standard output, files, statuses, contacts and progress."""

import io

import pytest
from django.core.management import CommandError, call_command

from signatures.exports import data as exports_data
from signatures.models import ExportRecord
from tests.signatures.exports.helpers import csv_rows, docx_paragraphs, rich_letter, xlsx_rows

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_signatories", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_text_goes_to_standard_output(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    out, err = run(letter.slug, "--format", "text", "--language", "en")

    assert out.startswith("Civil society organizations\n\nZeta Convocante\n\n")
    assert out.endswith("\n\n11 organizations and 3 individuals\n")
    assert err == ""


def test_csv_on_standard_output_reads_back(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    out, _ = run(letter.slug, "--format", "csv")

    assert [row["name"] for row in csv_rows(out.encode())][-1] == "Xóchitl Rodríguez Quintero"


def test_binary_formats_need_a_file(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    with pytest.raises(CommandError, match="binary format: name a file to write with -o"):
        run(letter.slug, "--format", "docx")


def test_docx_is_written_to_the_file_given(make_letter, make_signature, tmp_path):
    letter = rich_letter(make_letter, make_signature)
    path = tmp_path / "carta.docx"

    _, err = run(letter.slug, "--format", "docx", "--language", "es", "-o", str(path))

    assert docx_paragraphs(path.read_bytes())[0] == "18 de diciembre de 2023"
    assert f"Wrote {path}" in err


def test_status_selects_other_signatures(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    out, _ = run(letter.slug, "--format", "csv", "--status", "pending", "--status", "rejected")

    assert [row["name"] for row in csv_rows(out.encode())] == ["Pendiente", "Rechazada"]


def test_contacts_are_exported_and_recorded(make_letter, make_signature, tmp_path):
    letter = rich_letter(make_letter, make_signature)
    path = tmp_path / "contacts.xlsx"

    run(letter.slug, "--format", "xlsx", "--include-contacts", "-o", str(path))
    rows = xlsx_rows(path.read_bytes())

    assert "arbol@example.org" in [row["email"] for row in rows]
    record = ExportRecord.objects.get()
    assert (record.letter, record.actor, record.format, record.via) == (
        letter,
        None,
        "xlsx",
        "command",
    )


def test_contacts_in_a_letter_format_are_refused(make_letter, make_signature):
    letter = rich_letter(make_letter, make_signature)

    with pytest.raises(
        CommandError, match="Contact details go only into csv, xlsx and json exports"
    ):
        run(letter.slug, "--format", "text", "--include-contacts")
    assert ExportRecord.objects.count() == 0


def test_unknown_letter_is_an_error(db):
    with pytest.raises(CommandError, match="No letter with the slug “nada”"):
        run("nada", "--format", "text")


@pytest.mark.parametrize("format", ["json", "csv"])
def test_long_exports_report_progress_on_standard_error(
    make_letter, make_signature, monkeypatch, format
):
    letter = rich_letter(make_letter, make_signature)
    # Chunks and steps of 3 make the 8 approved signatures a long export: JSON reads
    # signatures 3 at a time, the CSV is written 3 rows (signatures or members) at a time.
    monkeypatch.setattr(exports_data, "CHUNK_SIZE", 3)
    monkeypatch.setattr(exports_data, "CSV_BATCH", 3)
    monkeypatch.setattr(exports_data, "PROGRESS_STEP", 3)
    monkeypatch.setattr("signatures.management.commands.export_signatories.PROGRESS_STEP", 3)

    out, err = run(letter.slug, "--format", format)

    assert err.splitlines() == [
        "3 of 8 signatures",
        "6 of 8 signatures",
        "8 of 8 signatures",
    ]
    assert "Xóchitl Rodríguez Quintero" in out
