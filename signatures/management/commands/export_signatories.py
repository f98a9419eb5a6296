"""python manage.py export_signatories SLUG --format FORMAT [-o FILE] ...

Text formats go to standard output when no file is given; binary ones need
-o. Data exports of long lists report progress on standard error.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from letters.models import Letter
from signatures.exports.data import PROGRESS_STEP
from signatures.exports.formats import DEFAULT_STATUSES, FORMATS, STATUSES, Export, ExportError
from signatures.models import ExportRecord


class Command(BaseCommand):
    @property
    def help(self):
        # A property: argparse needs a plain string, in the language active when run.
        return _(
            "Export a letter's signatories: the list as delivered, the whole letter, or one row "
            "per entry."
        )

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("The letter's slug."))
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help=_("Language of the headings and the letter (default: its original)."),
        )
        parser.add_argument(
            "--include-contacts",
            action="store_true",
            help=_(
                "Add contact name, role, email and note (csv, xlsx, json); the export is recorded."
            ),
        )
        parser.add_argument(
            "--status",
            action="append",
            choices=STATUSES,
            help=_("Signatures in this status; repeat for several (default: approved)."),
        )
        parser.add_argument(
            "-o", "--output", help=_("The file to write (default: standard output).")
        )

    def handle(self, *args, slug, format, language, include_contacts, status, output, **options):
        letter = Letter.objects.prefetch_related("versions").filter(slug=slug).first()
        if letter is None:
            raise CommandError(_("No letter with the slug “%(slug)s”.") % {"slug": slug})
        fmt = FORMATS[format]
        if fmt.binary and not output:
            raise CommandError(
                _("%(format)s is a binary format: name a file to write with -o FILE.")
                % {"format": format}
            )
        if include_contacts and not fmt.data:
            raise CommandError(_("Contact details go only into csv, xlsx and json exports."))
        try:
            export = Export(
                letter=letter,
                format=format,
                language=language or "",
                statuses=tuple(dict.fromkeys(status or DEFAULT_STATUSES)),
                include_contacts=include_contacts,
                progress=self._progress if fmt.data else None,
            )
        except ExportError as error:
            raise CommandError(str(error)) from None

        # Recorded before writing: an export that fails halfway may still have written contacts.
        export.record(via=ExportRecord.Via.COMMAND)
        if output:
            with open(output, "wb") as out:
                export.write(out)
            self.stderr.write(_("Wrote %(path)s") % {"path": output})
        else:
            export.write(_TextOut(self.stdout))

    def _progress(self, done, total):
        if total >= PROGRESS_STEP:
            self.stderr.write(
                _("%(done)s of %(total)s signatures") % {"done": done, "total": total}
            )


class _TextOut:
    """A binary file for the writers that passes their UTF-8 text on to the command's stdout."""

    def __init__(self, stdout):
        self.stdout = stdout

    def write(self, data):
        self.stdout.write(data.decode(), ending="")
