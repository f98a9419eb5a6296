"""Exporting a letter's signatories: which signatures, in which format, and who took what.

The formats themselves live beside this module: the delivery list as text,
Markdown and HTML (text), the whole letter as DOCX and PDF (documents), and
one row per entry as CSV, XLSX and JSON (data). Every export starts from an
`Export`, so that the choice of signatures -- public, approved, or the statuses
a moderator asked for -- is made in one place.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from signatures.exports.data import write_csv, write_json, write_xlsx
from signatures.exports.documents import write_docx, write_pdf
from signatures.exports.text import write_html, write_markdown, write_text
from signatures.models import ExportRecord, Signature


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    content_type: str
    writer: Callable  # writer(export, out) writes the export to a binary file
    binary: bool = False  # cannot go to a terminal
    data: bool = False  # one row per entry, may carry contact details
    # What it is for, as the export page groups them: "letter" (the whole letter,
    # ready to send), "list" (the signatories only) or "data" (for a spreadsheet).
    group: str = "list"

    def write(self, export, out):
        self.writer(export, out)


FORMATS = {
    fmt.name: fmt
    for fmt in [
        Format("text", "txt", "text/plain; charset=utf-8", write_text),
        Format("markdown", "md", "text/markdown; charset=utf-8", write_markdown),
        Format("html", "html", "text/html; charset=utf-8", write_html),
        Format(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            write_docx,
            binary=True,
            group="letter",
        ),
        Format("pdf", "pdf", "application/pdf", write_pdf, binary=True, group="letter"),
        Format("csv", "csv", "text/csv; charset=utf-8", write_csv, data=True, group="data"),
        Format(
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            write_xlsx,
            binary=True,
            data=True,
            group="data",
        ),
        Format("json", "json", "application/json", write_json, data=True, group="data"),
    ]
}
PUBLIC_FORMATS = ("csv", "json")
STATUSES = tuple(Signature.Status.values)
DEFAULT_STATUSES = (Signature.Status.APPROVED,)


class ExportError(ValueError):
    """An export that was asked for but must not be made."""


@dataclass
class Export:
    """One export of one letter's signatories.

    `public` exports hold what anyone may see (Signature.objects.public()); the
    others, for moderators and owners, hold approved signatures by default,
    "delivery only" ones included, because those are delivered with the letter.
    """

    letter: object
    format: str
    language: str = ""
    statuses: tuple = DEFAULT_STATUSES
    include_contacts: bool = False
    public: bool = False
    # Called with (signatures done, total) while data rows are written.
    progress: object = field(default=None, repr=False)

    def __post_init__(self):
        if self.format not in FORMATS:
            raise ExportError(
                f"Unknown format {self.format!r}; choose one of {', '.join(FORMATS)}."
            )
        unknown = set(self.statuses) - set(STATUSES)
        if not self.statuses or unknown:
            raise ExportError(f"Unknown status {', '.join(sorted(unknown))}.")
        if self.include_contacts and (self.public or not FORMATS[self.format].data):
            raise ExportError(
                "Contact details go only into csv, xlsx and json exports for moderators."
            )
        if self.public and (
            self.format not in PUBLIC_FORMATS or tuple(self.statuses) != DEFAULT_STATUSES
        ):
            raise ExportError("Public exports are csv or json of approved signatures.")
        if not self.language:
            original = self.letter.original_version()
            self.language = original.language if original else "en"

    @property
    def fmt(self):
        return FORMATS[self.format]

    @cached_property
    def version(self):
        return self.letter.version_for(self.language)

    @cached_property
    def signatures(self):
        signatures = Signature.objects.filter(letter=self.letter)
        if self.public:
            return signatures.public()
        if tuple(self.statuses) == DEFAULT_STATUSES:
            return signatures.approved()
        return signatures.filter(status__in=self.statuses)

    @property
    def filename(self):
        """Named for what it holds, its language and the day it was made (not the letter's
        date: two exports of one letter on different days must not share a name)."""
        what = "letter" if self.fmt.group == "letter" else "signatories"
        day = timezone.localdate().isoformat()
        stem = "-".join([self.letter.slug, what, self.language, day])
        if set(self.statuses) != set(DEFAULT_STATUSES):
            stem += "-" + "-".join(sorted(self.statuses))
        if self.include_contacts:
            stem += "-with-contacts"
        return f"{stem}.{self.fmt.extension}"

    def write(self, out):
        """Write the export to `out`, a binary file."""
        self.fmt.write(self, out)

    def record(self, actor=None, via=ExportRecord.Via.WEB):
        """Write the audit entry an export with contact details needs; nothing otherwise."""
        if not self.include_contacts:
            return None
        return ExportRecord.objects.create(
            letter=self.letter,
            actor=actor if actor is not None and actor.is_authenticated else None,
            format=self.format,
            include_contacts=True,
            via=via,
        )
