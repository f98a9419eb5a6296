"""One row per entry, as CSV, XLSX and JSON: each signature, and each network member
after its network, with the network's name and the member's role.

For XLSX and JSON, rows are read in chunks from a server-side cursor and written
as they come; the CSV, the export of long lists, is written by PostgreSQL itself
and streamed as it comes. Either way memory stays flat whatever the size of the
list. Contact columns appear only in exports that include contacts; public
exports never even load them. CSV and XLSX speak the export's language
(signatures.exports.labels); JSON keeps the machine names and values.
"""

import csv
import io
import json
from datetime import datetime
from itertools import islice

from django.db import connection
from django.db.models import Case, F, Field, Func, IntegerField, Value, When
from django.utils import timezone, translation
from django_countries import countries
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from signatures.exports.labels import CHOICE_COLUMNS, headers, readable, value_labels
from signatures.models import Member, Signature

COLUMNS = [
    "kind",
    "name",
    "acronym",
    "network",
    "role",
    "country",
    "country_name",
    "city",
    "website",
    "language",
    "signed_at",
    "approved_at",
    "lead",
]
# Only in moderators' exports: public ones hold approved, public signatures only.
REVIEW_COLUMNS = ["status", "delivery_only"]
CONTACT_COLUMNS = ["contact_name", "contact_role", "email", "note"]

SIGNATURE_FIELDS = [
    "pk", "kind", "name", "acronym", "title", "country", "city", "website", "language",
    "signed_us", "decided_us", "is_lead", "status", "visibility",
]  # fmt: skip
CONTACT_FIELDS = CONTACT_COLUMNS  # named as in the model
# Rows per fetch: fewer round trips to the database, a few MB of plain values in memory.
CHUNK_SIZE = 3_000
# Progress is reported every this many signatures.
PROGRESS_STEP = 10_000
# CSV rows per chunk streamed: a few hundred KB.
CSV_BATCH = 2_000

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """`value`, with a leading apostrophe if a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def columns(export):
    names = list(COLUMNS)
    if not export.public:
        names += REVIEW_COLUMNS
    if export.include_contacts:
        names += CONTACT_COLUMNS
    return names


def _ordered(signatures):
    """In the order of the delivered list: organizations and networks, then individuals."""
    return signatures.annotate(
        is_individual=Case(
            When(kind=Signature.Kind.INDIVIDUAL, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("is_individual", "-is_lead", "lead_order", "sort_name", "pk")


def _microseconds(field):
    """A time as whole microseconds since the epoch: read as a plain integer, which is far
    cheaper per row than the driver building an aware datetime."""
    return Func(
        F(field),
        template="(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint",
        # A plain Field has no converter: the driver's int is used as it comes.
        output_field=Field(),
    )


def _country_names(language):
    """Country names in `language` by code, looked up once per export rather than per row."""
    with translation.override(language):
        return {code: str(name) for code, name in countries}


def _signature_row(signature, country_names, zone):
    """`signature`, a dict of SIGNATURE_FIELDS values (and contact fields if read), as a row.

    Times are shown in the site's time zone, `zone`.
    """
    approved = signature["status"] == Signature.Status.APPROVED
    decided_us = signature["decided_us"]
    row = {
        "kind": signature["kind"],
        "name": signature["name"],
        "acronym": signature["acronym"],
        "network": "",
        "role": signature["title"],
        "country": signature["country"],
        "country_name": country_names.get(signature["country"], ""),
        "city": signature["city"],
        "website": signature["website"],
        "language": signature["language"],
        "signed_at": datetime.fromtimestamp(signature["signed_us"] / 1e6, zone),
        "approved_at": (
            datetime.fromtimestamp(decided_us / 1e6, zone) if approved and decided_us else None
        ),
        "lead": signature["is_lead"],
        "status": signature["status"],
        "delivery_only": signature["visibility"] == Signature.Visibility.DELIVERY_ONLY,
    }
    for name in CONTACT_COLUMNS:
        if name in signature:
            row[name] = signature[name]
    return row


def _member_row(member, network):
    """A network's member: its name and role as the network listed them, nothing private."""
    kind, name, role = member
    row = dict.fromkeys(COLUMNS + REVIEW_COLUMNS + CONTACT_COLUMNS, "")
    row.update(
        kind=Signature.Kind.INDIVIDUAL if kind == Member.Kind.PERSON else kind,
        name=name,
        network=network["name"],
        role=role,
        signed_at=None,
        approved_at=None,
        lead=False,
        status="",
        delivery_only=network["visibility"] == Signature.Visibility.DELIVERY_ONLY,
    )
    return row


def _members_of(signatures):
    """{network signature id: [(kind, name, role), ...]} for the networks among `signatures`."""
    networks = [s["pk"] for s in signatures if s["kind"] == Signature.Kind.NETWORK]
    members = {}
    if networks:
        rows = (
            Member.objects.filter(network_signature_id__in=networks)
            .order_by("network_signature_id", "position")
            .values_list("network_signature_id", "kind", "name", "role")
        )
        for network_id, *member in rows:
            members.setdefault(network_id, []).append(member)
    return members


def rows(export):
    """Each entry as a dict, members right after their network.

    Plain values, not model instances, read CHUNK_SIZE signatures at a time from a
    server-side cursor, with one query for the members of each chunk's networks.
    Public exports never read the contact fields.
    """
    fields = SIGNATURE_FIELDS + (CONTACT_FIELDS if export.include_contacts else [])
    signatures = (
        _ordered(export.signatures)
        .annotate(signed_us=_microseconds("created_at"), decided_us=_microseconds("decided_at"))
        .values(*fields)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    country_names = _country_names(export.language)
    zone = timezone.get_current_timezone()
    total = export.signatures.count() if export.progress else 0
    done = 0
    while chunk := list(islice(signatures, CHUNK_SIZE)):
        members = _members_of(chunk)
        for signature in chunk:
            yield _signature_row(signature, country_names, zone)
            for member in members.get(signature["pk"], ()):
                yield _member_row(member, signature)
        done += len(chunk)
        if export.progress and (
            done // PROGRESS_STEP > (done - len(chunk)) // PROGRESS_STEP or done == total
        ):
            export.progress(done, total)


# The CSV is written by PostgreSQL, COPY (SELECT ...) TO STDOUT WITH (FORMAT csv), its
# cells formatted in SQL as rows() and the csv module would write them: a few times faster
# than building the rows in Python. COPY quotes a cell as the csv module does (when it
# holds a comma, a quote, CR or LF, doubling the quotes) but for two things: it quotes an
# empty string, so empty cells go out as NULL; and it ends lines with LF, which _csv_lines
# turns into CRLF, a row at a time (psycopg reads COPY data row by row).

# Each column of an entry in SQL: for a signature from `s`, a row of the export's queryset;
# for one of the members of the network `s` from `m`, its Member row.
ENTRY_SQL = {
    # column: (a signature's value, a member's value)
    "kind": ("s.kind", "CASE m.kind WHEN 'person' THEN 'individual' ELSE m.kind END"),
    "name": ("s.name", "m.name"),
    "acronym": ("s.acronym", "NULL"),
    "network": ("NULL", "s.name"),
    "role": ("s.title", "m.role"),
    "country": ("s.country", "NULL"),
    "country_name": ("p.country_names ->> s.country", "NULL"),
    "city": ("s.city", "NULL"),
    "website": ("s.website", "NULL"),
    "language": ("s.language", "NULL"),
    "signed_at": ("s.created_at", "NULL::timestamptz"),
    "approved_at": ("CASE WHEN s.status = 'approved' THEN s.decided_at END", "NULL::timestamptz"),
    "lead": ("s.is_lead", "false"),
    "status": ("s.status", "NULL"),
    "delivery_only": ("s.visibility = 'delivery_only'", "s.visibility = 'delivery_only'"),
    "contact_name": ("s.contact_name", "NULL"),
    "contact_role": ("s.contact_role", "NULL"),
    "email": ("s.email", "NULL"),
    "note": ("s.note", "NULL"),
}
TIME_COLUMNS = ("signed_at", "approved_at")
FLAG_COLUMNS = ("lead", "delivery_only")
# What ENTRY_SQL and the order read from the export's queryset.
COPY_FIELDS = [
    "pk", "kind", "name", "acronym", "title", "country", "city", "website", "language",
    "created_at", "decided_at", "is_lead", "status", "visibility",
    "is_individual", "lead_order", "sort_name",
]  # fmt: skip

# A cell's text from the entry's value {v}; text starting like a formula gets an apostrophe
# (p.formula holds the code points of FORMULA_STARTS: ascii() is cheaper than left()).
TEXT_CELL = "CASE WHEN ascii({v}) = ANY(p.formula) THEN '''' || {v} ELSE NULLIF({v}, '') END"
FLAG_CELL = "CASE WHEN {v} THEN p.labels ->> 'yes' ELSE p.labels ->> 'no' END"
# A choice (kind, status) by its label in the export's language.
CHOICE_CELL = "COALESCE(p.labels -> '{name}' ->> {v}, {v})"
# A time as isoformat(timespec="seconds") writes it, from its wall-clock time in the site's
# zone ({v}) and the zone's offset from UTC then ({v}_offset): 2026-11-27T19:02:03-06:00.
TIME_CELL = """to_char({v}, 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN {v}_offset < interval '0' THEN '-' ELSE '+' END
    || to_char(greatest({v}_offset, -{v}_offset), 'HH24:MI')
    || CASE WHEN date_part('second', {v}_offset) = 0 THEN ''
        ELSE to_char(greatest({v}_offset, -{v}_offset), ':SS') END"""

# Each signature, then the members of a network in their order. The first column says
# whether the row is a signature's ("t") or a member's ("f"), for the progress; _csv_lines
# drops it. The order is _ordered's, then the members' positions.
COPY_SQL = """COPY (
    SELECT e.position IS NULL, {cells}
    FROM ({signatures}) AS s
    CROSS JOIN (
        SELECT %s::integer[] AS formula, %s::jsonb AS country_names, %s AS zone,
            %s::jsonb AS labels
    ) AS p
    CROSS JOIN LATERAL (
        SELECT NULL::integer AS position, {signature_values}
        UNION ALL
        SELECT m.position, {member_values}
        FROM signatures_member AS m
        WHERE s.kind = 'network' AND m.network_signature_id = s.pk
    ) AS e
    ORDER BY s.is_individual, s.is_lead DESC, s.lead_order, s.sort_name, s.pk,
        e.position NULLS FIRST
) TO STDOUT WITH (FORMAT csv)"""


def _entry_values(names, member):
    """The SELECT list of an entry's values: a member's if `member`, else a signature's."""
    values = []
    for name in names:
        value = ENTRY_SQL[name][member]
        if name in TIME_COLUMNS:
            local = f"({value}) AT TIME ZONE p.zone"
            values.append(f"{local} AS {name}")
            values.append(f"{local} - (({value}) AT TIME ZONE 'UTC') AS {name}_offset")
        else:
            values.append(f"{value} AS {name}")
    return ", ".join(values)


def _cell(name):
    if name in TIME_COLUMNS:
        return TIME_CELL.format(v=f"e.{name}")
    if name in CHOICE_COLUMNS:
        return CHOICE_CELL.format(name=name, v=f"e.{name}")
    return (FLAG_CELL if name in FLAG_COLUMNS else TEXT_CELL).format(v=f"e.{name}")


def _copy_statement(export):
    """The COPY statement writing `export`'s rows as CSV lines, and its parameters."""
    names = columns(export)
    fields = COPY_FIELDS + (CONTACT_FIELDS if export.include_contacts else [])
    signatures, params = _ordered(export.signatures).values(*fields).query.sql_with_params()
    sql = COPY_SQL.format(
        cells=", ".join(_cell(name) for name in names),
        signatures=signatures,
        signature_values=_entry_values(names, member=False),
        member_values=_entry_values(names, member=True),
    )
    country_names = json.dumps(_country_names(export.language))
    zone = timezone.get_current_timezone_name()
    formula = [ord(start) for start in FORMULA_STARTS]
    labels = json.dumps(value_labels(export.language))
    return sql, [*params, formula, country_names, zone, labels]


def _csv_lines(export):
    """The export's rows as CSV lines, in bytes chunks of CSV_BATCH rows."""
    sql, params = _copy_statement(export)
    total = export.signatures.count() if export.progress else 0
    done = reported = 0
    signature = ord("t")
    lines = []
    # The driver's own cursor: Django's debugging wrapper of it takes no COPY parameters.
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:
        for row in copy:
            # b"t,<the line>\n" for a signature, b"f,<the line>\n" for a member.
            done += row[0] == signature
            lines.append(row[2:-1])
            if len(lines) == CSV_BATCH:
                lines.append(b"")
                yield b"\r\n".join(lines)
                lines = []
                if export.progress and done // PROGRESS_STEP > reported // PROGRESS_STEP:
                    export.progress(done, total)
                    reported = done
    if lines:
        lines.append(b"")
        yield b"\r\n".join(lines)
    if export.progress and done > reported:
        export.progress(done, total)


def _csv_chunks(export):
    """The CSV export as bytes: a byte-order mark, so that Excel reads the accents as
    UTF-8, the header line, then the rows."""
    heading = io.StringIO()
    csv.writer(heading).writerow(headers(columns(export), export.language))
    yield ("\ufeff" + heading.getvalue()).encode()
    yield from _csv_lines(export)


def iter_csv(export):
    """The CSV export as str chunks, for streaming."""
    for chunk in _csv_chunks(export):
        yield chunk.decode()


def write_csv(export, out):
    for chunk in _csv_chunks(export):
        out.write(chunk)


def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="seconds")
    return value


def iter_json(export):
    """The JSON export as str chunks: the letter, then one object per entry.

    Streams like the CSV: the list is written entry by entry, never held whole.
    """
    names = columns(export)
    letter = export.letter
    head = {
        "letter": {
            "slug": letter.slug,
            "date": letter.date.isoformat() if letter.date else None,
            "status": letter.status,
            "url": letter.get_absolute_url(),
        },
        "columns": names,
    }
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "signatories": ['
    separator = "\n  "
    for row in rows(export):
        values = {name: _json_value(row[name]) for name in names}
        yield separator + json.dumps(values, ensure_ascii=False)
        separator = ",\n  "
    yield "\n ]\n}\n"


def write_json(export, out):
    for chunk in iter_json(export):
        out.write(chunk.encode())


def _xlsx_value(value):
    # Excel has no time zones: times are written as the site's local time.
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if value is None:
        return ""
    if isinstance(value, str):
        # Text pasted from a PDF may hold control characters, which XLSX cannot store.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralize(value)


def write_xlsx(export, out):
    """A workbook in write-only mode, which streams rows to disk instead of memory."""
    names = columns(export)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(export.letter.slug[:31])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(names, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (
            40 if name in ("name", "network", "note") else 16
        )
    header = []
    for heading in headers(names, export.language):
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    labels = value_labels(export.language)
    for row in rows(export):
        sheet.append([_xlsx_value(readable(name, row[name], labels)) for name in names])
    workbook.save(out)
