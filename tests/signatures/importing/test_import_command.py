"""`import_signatures`: the command line's door to the same reading, checks and commit."""

import pytest
from django.core.management import CommandError, call_command

from signatures.importing.pipeline import batches
from signatures.importing.sources import read_file
from signatures.models import ImportBatch, Signature, SignatureEvent
from tests.signatures.importing.files import ROWS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(make_letter):
    return make_letter(slug="carta")


@pytest.fixture
def form_csv(tmp_path):
    path = tmp_path / "respuestas.csv"
    path.write_bytes(csv_bytes(ROWS, encoding="cp1252", delimiter=";"))
    return path


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_signatures", *map(str, args), stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_the_reading_and_saves_nothing(letter, form_csv):
    out = run("carta", form_csv, "--dry-run")

    assert "Nombre de la organización → name" in out
    assert "Read 3 organizations" in out and "nothing was saved" in out
    assert not Signature.objects.exists() and not ImportBatch.objects.exists()


def test_the_command_imports_with_the_columns_it_was_told(letter, form_csv):
    out = run("carta", form_csv, "--map", "Cargo=ignore", "--map", "8=note", "--status", "approved")

    assert "Imported 3 signatures" in out
    assert set(Signature.objects.values_list("status", "origin", "title")) == {
        ("approved", "import", "")
    }
    batch = ImportBatch.objects.get()
    assert batch.state == "committed" and batch.created_by is None
    assert batch.mapping[6:] == ["ignore", "note"]
    assert SignatureEvent.objects.filter(batch=batch, action="imported").count() == 3


def test_rows_with_errors_stop_the_command_and_nothing_is_saved(letter, tmp_path):
    path = tmp_path / "malo.xlsx"
    path.write_bytes(xlsx_bytes([*ROWS, ["", "no-es-correo", "Colectivo", "", "", "", "", ""]]))

    with pytest.raises(CommandError, match="errors"):
        run("carta", path)

    assert not Signature.objects.exists() and not ImportBatch.objects.exists()


def test_an_unknown_column_or_field_is_a_clear_error(letter, form_csv):
    with pytest.raises(CommandError, match="No column"):
        run("carta", form_csv, "--map", "Nope=name", "--dry-run")
    with pytest.raises(CommandError, match="COLUMN=FIELD"):
        run("carta", form_csv, "--map", "Cargo=shoe-size", "--dry-run")
    assert not ImportBatch.objects.exists()


def test_a_text_list_is_read_as_a_signatory_block(letter, tmp_path):
    path = tmp_path / "lista.txt"
    path.write_text("Organizaciones\n1. Casa del Migrante\n2. Centro Prodh\n", encoding="utf-8")

    run("carta", path)

    assert sorted(Signature.objects.values_list("name", flat=True)) == [
        "Casa del Migrante", "Centro Prodh",
    ]  # fmt: skip


def test_the_commit_is_all_or_nothing(letter, monkeypatch):
    """A failure at the commit's last step (here injected into the key refresh, the
    step after every row is written) leaves no signature, event, member or network."""
    from signatures import duplicate_keys

    rows = [*ROWS, ["", "", "Red Nueva: Uno, Dos", "", "", "", "", ""]]
    batch = batches.start(letter, read_file("r.csv", csv_bytes(rows)), by=None)

    def fail(letter):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(duplicate_keys, "refresh", fail)
    with pytest.raises(RuntimeError):
        batches.commit(batch, by=None, status="approved")

    assert not Signature.objects.exists() and not SignatureEvent.objects.exists()
    batch.refresh_from_db()
    assert batch.state == "draft" and batch.draft["entries"]
