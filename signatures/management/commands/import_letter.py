from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from letters.models import Letter
from signatures.importing.letter import LetterExists, LetterImportError, import_letter


class Command(BaseCommand):
    @property
    def help(self):
        # A property: argparse needs a plain string, in the language active when run.
        return _(
            "Import a letter and its signatory block from a text file, as approved signatures, "
            "and print what was created and every reading the importer had to guess."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("The letter as UTF-8 text or Markdown."))
        parser.add_argument("--slug", help=_("The letter's slug (default: the file name)."))
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help=_("The language the letter is written in."),
        )
        parser.add_argument("--title", help=_("Default: made from the slug."))
        parser.add_argument("--status", default=Letter.Status.OPEN, choices=Letter.Status.values)
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Delete an existing letter with this slug and import it again."),
        )

    def handle(self, *args, path, slug, language, title, status, replace, **options):
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(_("No such file: %(path)s") % {"path": path}) from None
        except IsADirectoryError:
            raise CommandError(_("%(path)s is a folder, not a file.") % {"path": path}) from None
        except UnicodeDecodeError as error:
            raise CommandError(
                _("%(path)s is not UTF-8 text (undecodable byte at position %(position)s).")
                % {"path": path, "position": error.start}
            ) from None
        try:
            summary = import_letter(
                text,
                slug=slug or path.stem,
                language=language,
                title=title,
                status=status,
                replace=replace,
            )
        except LetterExists as error:
            raise CommandError(f"{error} " + _("Pass --replace to replace it.")) from None
        except LetterImportError as error:
            raise CommandError(str(error)) from None
        self._report(summary)

    def _report(self, summary):
        letter = summary.letter
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                _("Imported the letter “%(slug)s” (date: %(date)s, status: %(status)s).")
                % {"slug": letter.slug, "date": letter.date or "—", "status": letter.status}
            )
        )
        write(_("Standalone organizations: %(count)d") % {"count": summary.organizations})
        write(_("Networks: %(count)d") % {"count": len(summary.networks)})
        for network in summary.networks:
            line = _(
                "%(name)s: %(members)d members "
                "(organizations: %(organizations)d, people: %(people)d)"
            )
            write(
                "  "
                + line
                % {
                    "name": network.name,
                    "members": network.members,
                    "organizations": network.organizations,
                    "people": network.people,
                }
            )
        write(
            _(
                "Network members: organizations: %(organizations)d, people: %(people)d "
                "(%(linked)d of them also signed on their own)"
            )
            % {
                "organizations": summary.member_organizations,
                "people": summary.member_people,
                "linked": summary.linked_members,
            }
        )
        write(_("Individuals: %(count)d") % {"count": summary.individuals})
        if summary.warnings:
            write(
                self.style.WARNING(
                    _("Readings to check (%(count)d):") % {"count": len(summary.warnings)}
                )
            )
            for warning in summary.warnings:
                write(f"  - {warning}")
