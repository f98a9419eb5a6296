"""One row per entry, as CSV, XLSX and JSON: each signature, and each network member
after its network, with the network's name and the member's role.

Rows are read in chunks from a server-side cursor and written as they come, so
memory stays flat whatever the size of the list. Contact columns appear only
in exports that include contacts; public exports never even load them.
"""

import csv
import json
from datetime import datetime
from itertools import islice

from django.db.models import Case, F, Field, Func, IntegerField, Value, When
from django.utils import timezone, translation
from django_countries import countries
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import Member, Signature

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

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


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


def _text(value):
    """A cell's text in CSV: times in ISO 8601, flags as true/false."""
    if type(value) is str:  # most cells: checked first, as this runs for every cell
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="seconds")
    return neutralize(value)


class _Line:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, text):
        return text


def iter_csv(export, batch=500):
    """The CSV export as str chunks of about `batch` rows, for streaming.

    Starts with a byte-order mark, so that Excel reads the accents as UTF-8.
    """
    names = columns(export)
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(names)
    lines = []
    formula = _FORMULA_FIRST
    for row in rows(export):
        # Most cells are plain text: handled here, without a call each.
        cells = map(row.__getitem__, names)
        line = [v if type(v) is str and v[:1] not in formula else _text(v) for v in cells]
        lines.append(writer.writerow(line))
        if len(lines) >= batch:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def write_csv(export, out):
    for chunk in iter_csv(export):
        out.write(chunk.encode())


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
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows(export):
        sheet.append([_xlsx_value(row[name]) for name in names])
    workbook.save(out)
