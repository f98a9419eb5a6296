"""An account's profile (its display name) and invitations to become an organizer.

They live beside the letter's models (letters.models imports them, so that Django
sees them as the letters app's) and import none of them.
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from letters.audit import actor_field
from letters.people.organizers import grant


class Profile(models.Model):
    """What an account says about its person; made on first save, so most accounts have one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_(
            "How the letter's team sees you: in invitations, on the roles page, in the history."
        ),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.display_name or str(self.user)


def display_name(user):
    """The name an account shows to others: its display name, else its user name."""
    if user is None:
        return ""
    try:
        name = user.profile.display_name
    except Profile.DoesNotExist:
        name = ""
    return name or user.get_username()


class OrganizerInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class OrganizerInvitation(models.Model):
    """An emailed invitation to start letters: accepting it makes the account an organizer.

    A table of its own beside letters.models.Invitation (which is for one letter's
    team), with the same link machinery: letters.invitations signs `token`.
    """

    email = models.EmailField(_("email"), max_length=254)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = actor_field()
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = actor_field()
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = OrganizerInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organizer invitation")
        verbose_name_plural = _("organizer invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="organizerinvitation_one_open_per_email",
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None

    def accept(self, user):
        """`user` takes up the invitation and becomes an organizer, once; the user, or None."""
        with transaction.atomic():
            invitation = type(self).objects.select_for_update().get(pk=self.pk)
            if not invitation.is_open:
                return None
            self.accepted_at, self.accepted_by = timezone.now(), user
            self.save(update_fields=["accepted_at", "accepted_by"])
            grant(user, by=self.invited_by)
        return user

    def revoke(self):
        with transaction.atomic():
            invitation = type(self).objects.select_for_update().get(pk=self.pk)
            if not invitation.is_open:
                return False
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
        return True
