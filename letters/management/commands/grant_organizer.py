"""manage.py grant_organizer EMAIL_OR_USERNAME [--revoke]: who may start letters, from a terminal.

The same grant and revoke as the People page (letters.people.organizers); for the
first organizers of a new site, or a site administrator without a browser at hand.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from letters.people import organizers


class Command(BaseCommand):
    help = _("Let an account start letters (make it an organizer), or with --revoke, no longer.")

    def add_arguments(self, parser):
        parser.add_argument("who", help=_("The account's user name or email address."))
        parser.add_argument(
            "--revoke", action="store_true", help=_("Take the organizer permission away.")
        )

    def handle(self, *args, who, revoke, **options):
        user = find_account(who)
        name = user.get_username()
        if revoke:
            if user.is_superuser:
                self.stderr.write(
                    _("%(user)s is an administrator, who may always start letters.")
                    % {"user": name}
                )
            changed = organizers.revoke(user)
            message = (
                _("%(user)s may no longer start letters.")
                if changed
                else _("%(user)s was not an organizer.")
            )
        else:
            changed = organizers.grant(user)
            message = (
                _("%(user)s may now start letters.")
                if changed
                else _("%(user)s was already an organizer.")
            )
        self.stdout.write(message % {"user": name})


def find_account(who):
    """The one account with this user name, or else with this email address."""
    users = get_user_model().objects
    matches = list(users.filter(username__iexact=who)[:2]) or list(
        users.filter(email__iexact=who)[:2]
    )
    if not matches:
        raise CommandError(
            _("No account has the user name or email address “%(who)s”.") % {"who": who}
        )
    if len(matches) > 1:
        raise CommandError(
            _("Several accounts use “%(who)s”; give the user name instead.") % {"who": who}
        )
    return matches[0]
