"""python manage.py export_signatories SLUG --format FORMAT [-o FILE] ...

Text formats go to standard output when no file is given; binary ones need
-o. Data exports of long lists report progress on standard error.
"""

from django.core.management.base import BaseCommand, CommandError

from letters.models import Letter
from signatures.exports import DEFAULT_STATUSES, FORMATS, STATUSES, Export, ExportError
from signatures.exports_data import PROGRESS_STEP
from signatures.models import ExportRecord


class Command(BaseCommand):
    help = "Export a letter's signatories: the delivery list, the whole letter, or data rows."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the letter's slug")
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument(
            "--language",
            choices=["es", "en"],
            help="language of headings and letter text (default: the letter's original)",
        )
        parser.add_argument(
            "--include-contacts",
            action="store_true",
            help="add contact name, email and note (csv, xlsx, json); recorded in the audit log",
        )
        parser.add_argument(
            "--status",
            action="append",
            choices=STATUSES,
            help="signatures in this status (repeat for several; default: approved)",
        )
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, slug, format, language, include_contacts, status, output, **options):
        letter = Letter.objects.prefetch_related("versions").filter(slug=slug).first()
        if letter is None:
            raise CommandError(f'No letter with the slug "{slug}".')
        if FORMATS[format].binary and not output:
            raise CommandError(f"{format} is a binary format: name a file to write with -o FILE.")
        try:
            export = Export(
                letter=letter,
                format=format,
                language=language or "",
                statuses=tuple(dict.fromkeys(status or DEFAULT_STATUSES)),
                include_contacts=include_contacts,
                progress=self._progress if FORMATS[format].data else None,
            )
        except ExportError as error:
            raise CommandError(str(error)) from None

        # Recorded before writing: an export that fails halfway may still have written contacts.
        export.record(via=ExportRecord.Via.COMMAND)
        if output:
            with open(output, "wb") as out:
                export.write(out)
            self.stderr.write(f"Wrote {output}")
        else:
            export.write(_TextOut(self.stdout))

    def _progress(self, done, total):
        if total >= PROGRESS_STEP:
            self.stderr.write(f"{done}/{total} signatures")


class _TextOut:
    """A binary file for the writers that passes their UTF-8 text on to the command's stdout."""

    def __init__(self, stdout):
        self.stdout = stdout

    def write(self, data):
        self.stdout.write(data.decode(), ending="")
