"""The CSV export streams: memory stays flat however many signatures a letter has."""

import time
import tracemalloc

import pytest
from django.db import connection

from signatures.exports.data import iter_csv
from signatures.exports.formats import Export
from signatures.models import Member, Signature
from signatures.names import sort_key
from tests.factories import copy_rows, insertable_fields

pytestmark = pytest.mark.django_db

SIGNATURES = 200_000
DISTINCT = 20_000  # created one by one in Python; the rest are copies made in SQL
NETWORK_EVERY = 100  # one signature in a hundred is a network with three members


def sign_in_bulk(letter, count):
    """`count` approved signatures: DISTINCT loaded with COPY, then copied in SQL.

    save() for each would take minutes and bulk_create of them all half a minute;
    INSERT ... SELECT copies the rows (a new public_id each) in a few seconds.
    """
    signatures = []
    for number in range(DISTINCT):
        kind = "network" if number % NETWORK_EVERY == 0 else "organization"
        if number % 7 == 0:
            kind = "individual"
        name = f"Organización de la Sociedad Civil número {number:06d}"
        signatures.append(
            Signature(
                letter=letter,
                kind=kind,
                name=name,
                sort_name=sort_key(name),  # save() sets it; bulk_create does not call save()
                country="MX",
                website=f"https://org{number}.example.org/",
                status=Signature.Status.APPROVED,
            )
        )
    copy_rows(Signature, signatures)
    networks = Signature.objects.filter(letter=letter, kind="network").values_list("pk", flat=True)
    Member.objects.bulk_create(
        Member(network_signature_id=pk, position=position, name=f"Miembro {position} de {pk}")
        for pk in networks
        for position in (1, 2, 3)
    )
    fields = [field.column for field in insertable_fields(Signature) if field.name != "public_id"]
    columns = ", ".join(connection.ops.quote_name(column) for column in fields)
    table = Signature._meta.db_table
    with connection.cursor() as cursor:
        for _ in range(count // DISTINCT - 1):
            cursor.execute(
                f"INSERT INTO {table} (public_id, {columns}) "  # noqa: S608 (names from the model)
                f"SELECT gen_random_uuid(), {columns} FROM {table} "
                "WHERE letter_id = %s ORDER BY id LIMIT %s",
                [letter.pk, DISTINCT],
            )


class Sink:
    """Counts what the export writes, keeping none of it."""

    size = 0

    def write(self, text):
        self.size += len(text.encode())


def test_csv_of_200000_signatures_streams_in_bounded_memory(make_letter):
    letter = make_letter()
    started = time.perf_counter()
    sign_in_bulk(letter, SIGNATURES)
    setup = time.perf_counter() - started
    export = Export(letter=letter, format="csv")
    sink = Sink()

    started = time.perf_counter()
    tracemalloc.start()
    try:
        rows = 0
        for chunk in iter_csv(export):
            sink.write(chunk)
            rows += chunk.count("\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started

    print(  # the measured figures, shown with pytest -s
        f"\nCSV export of {SIGNATURES} signatures ({rows} rows, {sink.size / 2**20:.1f} MiB): "
        f"peak {peak / 2**20:.1f} MiB traced, {seconds:.1f} s under tracemalloc "
        f"(creating the signatures: {setup:.1f} s)"
    )
    networks = Signature.objects.filter(kind="network").count() // (SIGNATURES // DISTINCT)
    assert Signature.objects.filter(letter=letter).count() == SIGNATURES
    assert rows == 1 + SIGNATURES + 3 * networks  # the header, each signature, each member
    assert sink.size > 28 * 2**20
    # Holding the rows would take several times the file's size; streaming holds one
    # chunk of rows (exports_data.CSV_BATCH) whatever the letter's size.
    assert peak < 8 * 2**20
    assert peak < sink.size / 4
