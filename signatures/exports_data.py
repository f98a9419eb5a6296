"""One row per entry, as CSV, XLSX and JSON: each signature, and each network member
after its network, with the network's name and the member's role.

Rows are read in chunks from a server-side cursor and written as they come, so
memory stays flat whatever the size of the list. Contact columns appear only
in exports that include contacts; public exports never even load them.
"""

import csv
import json

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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

PUBLIC_FIELDS = [
    "letter", "kind", "name", "acronym", "title", "country", "city", "website", "language",
    "created_at", "decided_at", "is_lead", "lead_order", "sort_name", "status", "visibility",
]  # fmt: skip
CHUNK_SIZE = 2000
# Progress is reported every this many signatures.
PROGRESS_STEP = 10_000

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


def _time(value):
    return timezone.localtime(value) if value else None


def _signature_row(signature, include_contacts):
    approved = signature.status == Signature.Status.APPROVED
    row = {
        "kind": signature.kind,
        "name": signature.name,
        "acronym": signature.acronym,
        "network": "",
        "role": signature.title,
        "country": signature.country.code or "",
        "country_name": str(signature.country.name or ""),
        "city": signature.city,
        "website": signature.website,
        "language": signature.language,
        "signed_at": _time(signature.created_at),
        "approved_at": _time(signature.decided_at) if approved else None,
        "lead": signature.is_lead,
        "status": signature.status,
        "delivery_only": signature.visibility == Signature.Visibility.DELIVERY_ONLY,
    }
    if include_contacts:
        row.update(
            contact_name=signature.contact_name,
            contact_role=signature.contact_role,
            email=signature.email,
            note=signature.note,
        )
    return row


def _member_row(member, network):
    """A network's member: its name and role as the network listed them, nothing private."""
    kind = Signature.Kind.INDIVIDUAL if member.kind == Member.Kind.PERSON else member.kind
    row = dict.fromkeys(COLUMNS + REVIEW_COLUMNS + CONTACT_COLUMNS, "")
    row.update(
        kind=kind,
        name=member.name,
        network=network.name,
        role=member.role,
        signed_at=None,
        approved_at=None,
        lead=False,
        status="",
        delivery_only=network.visibility == Signature.Visibility.DELIVERY_ONLY,
    )
    return row


def rows(export):
    """Each entry as a dict, members right after their network, read in chunks."""
    signatures = _ordered(export.signatures)
    if not export.include_contacts:
        signatures = signatures.only(*PUBLIC_FIELDS)
    members = Member.objects.order_by("position").only(
        "network_signature_id", "position", "kind", "name", "role"
    )
    signatures = signatures.prefetch_related(Prefetch("members", queryset=members))
    total = export.signatures.count() if export.progress else 0
    for done, signature in enumerate(signatures.iterator(chunk_size=CHUNK_SIZE), start=1):
        # Per row, not around the loop: a generator must not leave its language
        # active in the code that consumes it between rows.
        with translation.override(export.language):
            row = _signature_row(signature, export.include_contacts)
        yield row
        for member in signature.members.all():
            yield _member_row(member, signature)
        if export.progress and (done % PROGRESS_STEP == 0 or done == total):
            export.progress(done, total)


def _text(value):
    """A cell's text in CSV: times in ISO 8601, flags as true/false."""
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
    for row in rows(export):
        lines.append(writer.writerow([_text(row[name]) for name in names]))
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
