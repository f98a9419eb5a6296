import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from letters.models import Letter, LetterRole
from letters.people import organizers

DEMO_USERNAME = "demo"


class Command(BaseCommand):
    help = _(
        "Create a demo owner account for a letter, if none exists, and print its login. "
        "The account is an organizer: it may start letters."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("The letter the demo account owns."))
        parser.add_argument(
            "--login-file",
            default=str(settings.BASE_DIR / ".demo-login"),
            help=_("Where the generated password is kept (never committed)."),
        )

    @transaction.atomic
    def handle(self, *args, slug, login_file, **options):
        try:
            letter = Letter.objects.get(slug=slug)
        except Letter.DoesNotExist:
            raise CommandError(_("No letter with the slug “%(slug)s”.") % {"slug": slug}) from None
        login_path = Path(login_file)
        User = get_user_model()
        user = User.objects.filter(username=DEMO_USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(DEMO_USERNAME, password=password)
            login_path.write_text(password + "\n", encoding="utf-8")
            login_path.chmod(0o600)
        LetterRole.objects.get_or_create(
            letter=letter, user=user, defaults={"role": LetterRole.Role.OWNER}
        )
        organizers.grant(user)  # so that the demo shows starting a letter too
        if login_path.exists():
            password = login_path.read_text(encoding="utf-8").strip()
        else:
            password = _("(set before; reset it with: manage.py changepassword demo)")
        self.stdout.write(
            _("Demo owner of “%(slug)s”: user %(user)s, password %(password)s")
            % {"slug": slug, "user": DEMO_USERNAME, "password": password}
        )
