from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from letters.models import Letter

from .names import sort_key


class Network(models.Model):
    """A coalition such as GTPM or GIE, reusable across letters."""

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="network_name_unique_ci"),
        ]

    def __str__(self):
        return self.name


class SignatureQuerySet(models.QuerySet):
    def approved(self):
        """Signatures on the delivered letter and in the counts, including "delivered only"."""
        return self.filter(status=Signature.Status.APPROVED)

    def public(self):
        """The one definition of what anyone may see: approved and shown on the website.

        Every public page, count, feed and public export starts from here.
        """
        return self.approved().filter(visibility=Signature.Visibility.PUBLIC)


class Signature(models.Model):
    """One submission to one letter, by an organization, an individual or a network."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        INDIVIDUAL = "individual", _("Individual")
        NETWORK = "network", _("Network")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Unconfirmed")
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Shown on the public page")
        DELIVERY_ONLY = "delivery_only", _("Included in the delivered letter only")

    class Origin(models.TextChoices):
        FORM = "form", _("Signing form")
        IMPORT = "import", _("Imported list")
        EMAIL = "email", _("Received by email")
        PAPER = "paper", _("Received on paper")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatures")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("network"),
        help_text=_("For a network's signature: which network it is."),
    )

    # Public fields.
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    title = models.CharField(
        _("title or affiliation"),
        max_length=300,
        blank=True,
        help_text=_("A role or affiliation, shown after the name."),
    )
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)

    # Private fields: moderators and owners of the letter only.
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    note = models.TextField(_("note to the organizers"), max_length=2000, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNCONFIRMED
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, default="form")
    language = models.CharField(
        _("language read"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    is_lead = models.BooleanField(_("lead signatory"), default=False)
    lead_order = models.PositiveIntegerField(_("lead order"), null=True, blank=True)
    # Derived from name (see names.sort_key); kept in the row so the list sorts in SQL,
    # byte-wise ("C") so that SQL and Python agree whatever the cluster's locale.
    sort_name = models.CharField(max_length=700, editable=False, default="", db_collation="C")

    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approved or rejected"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["sort_name"]
        constraints = [
            models.UniqueConstraint(
                "letter",
                "kind",
                Lower("email"),
                condition=~Q(email=""),
                name="signature_one_per_letter_kind_email",
            ),
            models.CheckConstraint(
                name="signature_kind_valid",
                condition=Q(kind__in=["organization", "individual", "network"]),
            ),
            models.CheckConstraint(
                name="signature_status_valid",
                condition=Q(
                    status__in=["unconfirmed", "pending", "approved", "rejected", "withdrawn"]
                ),
            ),
            models.CheckConstraint(
                name="signature_visibility_valid",
                condition=Q(visibility__in=["public", "delivery_only"]),
            ),
            models.CheckConstraint(
                name="signature_lead_order_only_for_leads",
                condition=Q(is_lead=True) | Q(lead_order__isnull=True),
            ),
            models.CheckConstraint(name="signature_name_not_blank", condition=~Q(name="")),
        ]
        indexes = [
            # The public list and counts: approved signatures of a letter, alphabetically.
            models.Index(
                fields=["letter", "status", "visibility", "sort_name"],
                name="signature_public_list",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_name = sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        """The name as listed: the acronym follows in parentheses unless the name has it."""
        if self.acronym and self.acronym.casefold() not in self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name


class Member(models.Model):
    """One entry in a network signature's member list, in the network's own spelling."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        PERSON = "person", _("Person")

    network_signature = models.ForeignKey(
        Signature, on_delete=models.CASCADE, related_name="members"
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.ORGANIZATION
    )
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=300, blank=True)
    # The same organization's own signature on this letter, when it also signed alone,
    # so that it counts once.
    signature = models.ForeignKey(
        Signature,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("own signature"),
    )

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network_signature", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["network_signature", "position"], name="member_unique_position"
            ),
            models.CheckConstraint(
                name="member_kind_valid", condition=Q(kind__in=["organization", "person"])
            ),
            models.CheckConstraint(name="member_name_not_blank", condition=~Q(name="")),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """Organizations carry their role in parentheses, people after a comma."""
        if not self.role:
            return self.name
        if self.kind == self.Kind.PERSON:
            return f"{self.name}, {self.role}"
        return f"{self.name} ({self.role})"


class SignatureEvent(models.Model):
    """The audit trail: every status change, edit and merge, with who, when and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("Submitted")
        IMPORTED = "imported", _("Imported")
        CONFIRMED = "confirmed", _("Email confirmed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RESTORED = "restored", _("Restored")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EDITED = "edited", _("Edited")
        MERGED = "merged", _("Merged")

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature event")
        verbose_name_plural = _("signature events")
        ordering = ["-created_at"]
        indexes = [
            # A signature's history, newest first.
            models.Index(fields=["signature", "-created_at"], name="event_by_signature"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.signature}"


class ExportRecord(models.Model):
    """An export of a letter's signatories with private contact details: who took them, when.

    One record per export rather than a SignatureEvent per signature, so that
    exporting a million signatures writes one row.
    """

    class Via(models.TextChoices):
        WEB = "web", _("Web download")
        COMMAND = "command", _("Command line")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="export_records")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    format = models.CharField(_("format"), max_length=16)
    include_contacts = models.BooleanField(_("with contact details"), default=False)
    via = models.CharField(_("via"), max_length=16, choices=Via.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="exportrecord_via_valid", condition=Q(via__in=["web", "command"])
            ),
        ]
        indexes = [
            # A letter's export history, newest first (admin and moderation pages).
            models.Index(fields=["letter", "-created_at"], name="export_by_letter"),
        ]

    def __str__(self):
        return f"{self.format} — {self.letter.slug} — {self.created_at:%Y-%m-%d %H:%M}"
