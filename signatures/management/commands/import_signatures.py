"""import_signatures: a file's signatures into an existing letter, through the same reading
and checks as the team's import page (signatures.importing.pipeline)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from letters.models import Letter
from signatures.importing import sources
from signatures.importing.pipeline import batches, columns, flags
from signatures.importing.pipeline.batches import STATUSES, ImportRefused

# A list in a text file reads as if pasted: rows when its lines hold tabs, else a
# signatory block.
TEXT_SUFFIXES = (".txt", ".md", ".text")


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Import signatures into a letter from a CSV, XLSX or ODS file or a text list, "
            "all or nothing, and print how every entry was read."
        )

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("The letter's slug."))
        parser.add_argument("path", help=_("A CSV, XLSX or ODS file, or a text list."))
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help=_("The field a column holds (its heading or its number from 1): repeat it."),
        )
        parser.add_argument("--status", default=STATUSES[0], choices=STATUSES)
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Read and check the file; save nothing.")
        )

    def handle(self, *args, slug, path, map, status, dry_run, **options):
        letter = Letter.objects.filter(slug=slug).first()
        if letter is None:
            raise CommandError(_("No letter with the slug “%(slug)s”.") % {"slug": slug})
        table = self._table(Path(path))
        batch = batches.start(letter, table, by=None)
        try:
            if map:
                batches.remap(batch, self._mapping(batch, map))
            self._report(batch)
            if dry_run:
                self.stdout.write(_("Dry run: nothing was saved."))
                return
            try:
                batch = batches.commit(batch, by=None, status=status)
            except ImportRefused as error:
                raise CommandError(str(error)) from None
        finally:
            batches.discard(batch)
        total = sum(batch.counts.get(kind, 0) for kind in ("organization", "network", "individual"))
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)s signatures into “%(slug)s” as %(status)s (import %(id)s).")
                % {"count": total, "slug": slug, "status": status, "id": batch.public_id}
            )
        )

    def _table(self, path):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(_("No such file: %(path)s") % {"path": path}) from None
        except IsADirectoryError:
            raise CommandError(_("%(path)s is a folder, not a file.") % {"path": path}) from None
        try:
            if path.suffix.lower() in TEXT_SUFFIXES:
                return sources.read_text_file(path.name, data)
            return sources.read_file(path.name, data)
        except sources.SourceError as error:
            raise CommandError(str(error)) from None

    def _mapping(self, batch, pairs):
        mapping = list(batch.mapping)
        folded = [columns.headers_key([header]) for header in batch.headers]
        for pair in pairs:
            column, equals, field = pair.partition("=")
            if not equals or field not in columns.FIELDS:
                raise CommandError(
                    _("--map takes COLUMN=FIELD, FIELD one of: %(fields)s")
                    % {"fields": ", ".join(columns.FIELDS)}
                )
            if column.isdigit() and 1 <= int(column) <= len(mapping):
                index = int(column) - 1
            elif columns.headers_key([column]) in folded:
                index = folded.index(columns.headers_key([column]))
            else:
                raise CommandError(_("No column “%(column)s” in the file.") % {"column": column})
            mapping[index] = field
        return mapping

    def _report(self, batch):
        write = self.stdout.write
        for header, field in zip(batch.headers, batch.mapping, strict=False):
            write(f"  {header} → {field}")
        found = batch.draft["entries"]
        counts = batches.counts(found)
        write(
            _(
                "Read %(organization)s organizations, %(network)s networks "
                "(%(members)s members) and %(individual)s individuals."
            )
            % counts
        )
        for note in batch.draft.get("notes", []):
            write(f"  - {note}")
        for entry in found:
            shown = flags.shown(entry)
            if shown or entry["notes"]:
                write(f"{_('Line')} {entry['line']}: {entry['name'] or '—'} ({entry['kind']})")
                for _code, label, is_error in shown:
                    write(f"    {_('ERROR') if is_error else _('check')}: {label}")
                for note in entry["notes"]:
                    write(f"    - {note}")
        if batch.draft["errors"]:
            write(
                self.style.ERROR(
                    _("%(count)s entries have errors: fix the file, or use the import page.")
                    % {"count": batch.draft["errors"]}
                )
            )
