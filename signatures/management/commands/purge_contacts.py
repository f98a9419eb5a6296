from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from letters.models import Letter
from signatures.retention import RetentionError, purge_letter_contacts, purge_withdrawn
from signatures.signing.ratelimit import forget_ended_windows


class Command(BaseCommand):
    help = _(
        "Erase contact names, emails and notes: of a delivered letter (SLUG), or of "
        "signatures withdrawn longer ago than the grace period (--withdrawn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help=_("A delivered letter."))
        parser.add_argument(
            "--withdrawn",
            action="store_true",
            help=_("Erase withdrawn signers' contacts after FIRMAS_WITHDRAWN_GRACE_DAYS."),
        )

    def handle(self, *args, slug=None, withdrawn=False, **options):
        if bool(slug) == withdrawn:
            raise CommandError(_("Give either a letter's slug or --withdrawn."))
        if withdrawn:
            count = purge_withdrawn()
            # The daily job: the signing rate limit's counts of ended windows hold
            # client addresses, and nothing else deletes them once signing stops.
            forget_ended_windows()
            self.stdout.write(
                _("Erased the contact details of %(count)d withdrawn signatures.")
                % {"count": count}
            )
            return
        try:
            letter = Letter.objects.get(slug=slug)
        except Letter.DoesNotExist:
            raise CommandError(_("No letter with the slug “%(slug)s”.") % {"slug": slug}) from None
        try:
            count = purge_letter_contacts(letter)
        except RetentionError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Erased the contact details of %(count)d signatures of “%(slug)s”; "
                "the public list is unchanged."
            )
            % {"count": count, "slug": slug}
        )
