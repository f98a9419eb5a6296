from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


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
        return reverse("letters:detail", args=[self.slug])

    def is_accepting_signatures(self, now=None):
        now = now or timezone.now()
        if self.status != self.Status.OPEN:
            return False
        return self.closes_at is None or self.closes_at > now

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
        return reverse("letters:detail", args=[self.letter.slug]) + f"?lang={self.language}"


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
