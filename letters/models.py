import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from letters.audit import AuditEvent, LetterEvent, audit_value  # noqa: F401 (the app's model)
from letters.authoring.revisions import LetterRevision  # noqa: F401 (registers the model)
from letters.listversion import ListVersion  # noqa: F401 (registers the model)


class LastOwnerError(ValueError):
    """Removing or demoting this owner would leave the letter with none."""


class LetterQuerySet(models.QuerySet):
    def listed(self):
        """Letters shown on the home page: open for signatures, or closed/delivered."""
        return self.exclude(status=Letter.Status.DRAFT)

    def open(self):
        return self.filter(status=Letter.Status.OPEN)


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for signatures")
        CLOSED = "closed", _("Closed")
        DELIVERED = "delivered", _("Delivered")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    closes_at = models.DateTimeField(_("closing date"), null=True, blank=True)
    allow_organizations = models.BooleanField(_("organizations may sign"), default=True)
    allow_individuals = models.BooleanField(_("individuals may sign"), default=True)
    allow_networks = models.BooleanField(_("networks may sign"), default=True)
    require_confirmation = models.BooleanField(_("signers confirm their email"), default=True)
    require_moderation = models.BooleanField(_("moderators approve each signature"), default=True)
    email_signers_on_approval = models.BooleanField(
        _("email signers when a moderator approves them"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-date", "slug"]
        constraints = [
            models.CheckConstraint(
                name="letter_status_valid",
                condition=Q(status__in=["draft", "open", "closed", "delivered"]),
            ),
        ]

    def __str__(self):
        version = self.original_version()
        return version.title if version else self.slug

    def get_absolute_url(self):
        return reverse("public:letter", args=[self.slug])

    def accepting_until(self):
        """When it stops taking signatures by the clock alone: its closing date, if open."""
        return self.closes_at if self.is_accepting_signatures() else None

    def is_accepting_signatures(self, now=None):
        now = now or timezone.now()
        if self.status != self.Status.OPEN:
            return False
        return self.closes_at is None or self.closes_at > now

    # Lifecycle: draft → open ⇄ closed → delivered. Each method locks the row, saves
    # only the status (and a closing date already past, which would keep a reopened
    # letter shut), writes a LetterEvent in the same transaction and returns whether
    # anything changed. Delivering also freezes the list: see signatures.exports.delivery.

    def open(self, by=None):
        return self._change_status(
            LetterEvent.Action.OPENED, {self.Status.DRAFT}, self.Status.OPEN, by=by
        )

    def close(self, by=None):
        return self._change_status(
            LetterEvent.Action.CLOSED, {self.Status.OPEN}, self.Status.CLOSED, by=by
        )

    def reopen(self, by=None):
        return self._change_status(
            LetterEvent.Action.REOPENED, {self.Status.CLOSED}, self.Status.OPEN, by=by
        )

    def mark_delivered(self, by=None):
        """Called by signatures.exports.delivery.deliver, which freezes the list in the
        same transaction."""
        return self._change_status(
            LetterEvent.Action.DELIVERED,
            {self.Status.OPEN, self.Status.CLOSED},
            self.Status.DELIVERED,
            by=by,
        )

    def _change_status(self, action, from_statuses, to_status, *, by=None):
        with transaction.atomic():
            locked = type(self).objects.select_for_update().only("status", "closes_at")
            current = locked.get(pk=self.pk)
            self.status, self.closes_at = current.status, current.closes_at
            if self.status not in from_statuses:
                return False
            from_status, self.status = self.status, to_status
            fields, changes = ["status", "updated_at"], {}
            if (
                to_status == self.Status.OPEN
                and self.closes_at
                and self.closes_at <= timezone.now()
            ):
                changes["closes_at"] = [audit_value(self.closes_at), None]
                self.closes_at = None
                fields.append("closes_at")
            self.save(update_fields=fields)
            self.events.create(
                action=action,
                actor=by,
                from_status=from_status,
                to_status=to_status,
                changes=changes,
            )
        return True

    def set_options(self, values, by=None):
        """Sets letter settings (field name → value); audited, returns {field: [old, new]}."""
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            changes = {
                name: [audit_value(getattr(current, name)), audit_value(value)]
                for name, value in values.items()
                if getattr(current, name) != value
            }
            if not changes:
                return {}
            for name in changes:
                setattr(self, name, values[name])
            self.save(update_fields=[*changes, "updated_at"])
            self.events.create(action=LetterEvent.Action.SETTINGS, actor=by, changes=changes)
        return changes

    # Who may manage the letter. Each writes its LetterEvent in the same transaction.

    def appoint(self, user, role="moderator", by=None):
        """Gives `user` a role on the letter; the new LetterRole, or None if they had one."""
        with transaction.atomic():
            role_row, created = LetterRole.objects.get_or_create(
                letter=self, user=user, defaults={"role": role}
            )
            if not created:
                return None
            self.events.create(
                action=LetterEvent.Action.ROLE_ADDED,
                actor=by,
                changes={"user": [None, user.get_username()], "role": [None, role]},
            )
        return role_row

    def dismiss(self, role, by=None):
        """Takes a role away; returns whether there was one to take. Never the last owner's."""
        with transaction.atomic():
            current = self._team_role(role)
            if current is None:
                return False
            self._keep_an_owner(current)
            current.delete()
            self.events.create(
                action=LetterEvent.Action.ROLE_REMOVED,
                actor=by,
                changes={"user": [role.user.get_username(), None], "role": [current.role, None]},
            )
        return True

    def change_role(self, role, new_role, by=None):
        """Makes a team member an owner or a moderator (never the last owner); whether it did."""
        with transaction.atomic():
            current = self._team_role(role)
            if current is None or current.role == new_role:
                return False
            if new_role != LetterRole.Role.OWNER:
                self._keep_an_owner(current)
            old_role, current.role = current.role, new_role
            current.save(update_fields=["role"])
            self.events.create(
                action=LetterEvent.Action.ROLE_CHANGED,
                actor=by,
                changes={"user": [role.user.get_username()] * 2, "role": [old_role, new_role]},
            )
        return True

    def _team_role(self, role):
        """The role's row, locked after the letter's: two owners removing each other go in turn."""
        type(self).objects.select_for_update().filter(pk=self.pk).values("pk").first()
        return LetterRole.objects.select_for_update().filter(pk=role.pk, letter=self).first()

    def _keep_an_owner(self, role):
        """The one place the last-owner rule is kept: every removal and demotion asks here."""
        owners = self.roles.filter(role=LetterRole.Role.OWNER)
        if role.role == LetterRole.Role.OWNER and not owners.exclude(pk=role.pk).exists():
            raise LastOwnerError(
                _("A letter always has an owner: appoint another owner before this one leaves.")
            )

    def invite(self, email, by=None, language="en", role="moderator"):
        """A new invitation to join the team as `role`: the only way into it. The invitee
        accepts with the account they have or a new one (security review, finding 9)."""
        with transaction.atomic():
            invitation = self.invitations.create(
                email=email, invited_by=by, language=language, role=role
            )
            self.events.create(
                action=LetterEvent.Action.INVITED,
                actor=by,
                changes={"email": [None, email], "role": [None, role]},
            )
        return invitation

    def original_version(self):
        versions = list(self.versions.all())
        return next((v for v in versions if v.is_original), versions[0] if versions else None)

    def version_for(self, language=None):
        """The version in `language` (default: the active one), else the original."""
        language = (language or translation.get_language() or "").split("-")[0]
        versions = list(self.versions.all())
        for version in versions:
            if version.language == language:
                return version
        return next((v for v in versions if v.is_original), versions[0] if versions else None)


class LetterVersion(models.Model):
    """The same letter in one language. Exactly one version per letter is the original."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    is_original = models.BooleanField(_("original"), default=False)
    title = models.CharField(_("title"), max_length=300)
    recipient = models.TextField(_("recipient"), blank=True, help_text=_("Markdown."))
    # One recipient a line, "name, position, institution": the address block (when set, it
    # is shown instead of `recipient`, which imported letters fill with Markdown).
    recipients = models.TextField(_("recipients"), blank=True)
    body = models.TextField(_("body"), help_text=_("Markdown."))
    closing = models.CharField(_("closing"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["-is_original", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "language"], name="letterversion_one_per_language"
            ),
            models.UniqueConstraint(
                fields=["letter"],
                condition=Q(is_original=True),
                name="letterversion_one_original",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def get_absolute_url(self):
        return reverse("public:letter", args=[self.letter.slug]) + f"?lang={self.language}"


class LetterRole(models.Model):
    """Who may manage a letter: its owners and moderators."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MODERATOR = "moderator", _("Moderator")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter role")
        verbose_name_plural = _("letter roles")
        constraints = [
            models.UniqueConstraint(fields=["letter", "user"], name="letterrole_one_per_user"),
            models.CheckConstraint(
                name="letterrole_role_valid", condition=Q(role__in=["owner", "moderator"])
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.letter.slug}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An emailed invitation to a letter's team, as a moderator or an owner; accepting it
    gives the role to the account that accepts (a new one, or one signed in).

    The link carries `token` signed with a timestamp (letters.invitations), so it
    expires; it works once.
    """

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"), max_length=254)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    role = models.CharField(
        _("role"), max_length=16, choices=LetterRole.Role.choices, default="moderator"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "letter",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                name="invitation_role_valid", condition=Q(role__in=LetterRole.Role.values)
            ),
        ]

    def __str__(self):
        return f"{self.email} — {self.letter.slug}"

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None

    @property
    def for_owner(self):
        """Whether it invites a co-owner (else a moderator)."""
        return self.role == LetterRole.Role.OWNER

    def accept(self, user):
        """`user` takes up the invitation: the role, once. Returns the role, or None."""
        with transaction.atomic():
            invitation = type(self).objects.select_for_update().get(pk=self.pk)
            if not invitation.is_open:
                return None
            self.accepted_at, self.accepted_by = timezone.now(), user
            self.save(update_fields=["accepted_at", "accepted_by"])
            role = self.letter.appoint(user, role=self.role, by=user)
            if role is None and self.for_owner:
                # A moderator invited to own the letter becomes an owner.
                current = LetterRole.objects.get(letter=self.letter, user=user)
                self.letter.change_role(current, self.role, by=user)
            self.letter.events.create(
                action=LetterEvent.Action.INVITATION_ACCEPTED,
                actor=user,
                changes={"email": [self.email, None], "user": [None, user.get_username()]},
            )
        return role or LetterRole.objects.get(letter=self.letter, user=user)

    def revoke(self, by=None):
        with transaction.atomic():
            invitation = type(self).objects.select_for_update().get(pk=self.pk)
            if not invitation.is_open:
                return False
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
            self.letter.events.create(
                action=LetterEvent.Action.INVITATION_REVOKED,
                actor=by,
                changes={"email": [self.email, None]},
            )
        return True


# Models kept in the sub-packages that use them; importing them here makes them the app's.
from letters.delivery.models import Delivery, DeliveryAnswer  # noqa: E402, F401
from letters.people.models import OrganizerInvitation, Profile  # noqa: E402, F401
