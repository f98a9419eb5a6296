import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from letters.models import Letter

from .caching import touch_list
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

    # Writes of many rows at once also mark the letters' public lists changed
    # (signatures.caching), so that no cached list or count outlives them.

    def update(self, **kwargs):
        letters = self._letter_ids()
        rows = super().update(**kwargs)
        touch_list(*letters)
        return rows

    update.alters_data = True

    def delete(self):
        letters = self._letter_ids()
        result = super().delete()
        touch_list(*letters)
        return result

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        touch_list(*{obj.letter_id for obj in objs})
        return created

    def _letter_ids(self):
        return set(self.order_by().values_list("letter_id", flat=True).distinct())


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

    # Fields a signer can see on the public page; changing one sends an approved
    # signature back to moderation on moderated letters.
    PUBLIC_FIELDS = ("name", "acronym", "title", "country", "city", "website")

    # In manage links instead of the sequential id.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
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
    contact_role = models.CharField(_("contact's role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    email_language = models.CharField(
        _("language for emails"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
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
    # An organization's own statement that it signs "as a member of" these networks.
    member_of = models.ManyToManyField(
        Network,
        blank=True,
        related_name="declared_members",
        verbose_name=_("member of networks"),
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
        adding = self._state.adding
        super().save(*args, **kwargs)
        # The cached public list and counts (signatures.caching) follow every change;
        # a new signature that is not yet approved does not change them.
        if not adding or self.status == self.Status.APPROVED:
            touch_list(self.letter_id)

    def delete(self, *args, **kwargs):
        letter_id = self.letter_id
        result = super().delete(*args, **kwargs)
        touch_list(letter_id)
        return result

    @property
    def display_name(self):
        """The name as listed: the acronym follows in parentheses unless the name has it."""
        if self.acronym and self.acronym.casefold() not in self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name

    # State changes. Each locks the row, saves only what it changes and writes its
    # SignatureEvent in the same transaction; each returns whether anything changed.

    def status_after_confirmation(self):
        if self.letter.require_moderation:
            return self.Status.PENDING
        return self.Status.APPROVED

    def confirm(self):
        """The signer proved the email address: on to moderation, or straight to approved."""
        with transaction.atomic():
            self._lock()
            if self.status != self.Status.UNCONFIRMED:
                return False
            self.confirmed_at = timezone.now()
            self._change_status(
                SignatureEvent.Action.CONFIRMED,
                self.status_after_confirmation(),
                fields=["confirmed_at"],
            )
        return True

    def approve(self, by=None):
        with transaction.atomic():
            self._lock()
            if self.status != self.Status.PENDING:
                return False
            self._change_status(SignatureEvent.Action.APPROVED, self.Status.APPROVED, by=by)
        return True

    def withdraw(self, by=None):
        """Leaves the public list and the counts at once; a rejection stays a rejection."""
        with transaction.atomic():
            self._lock()
            if self.status in {self.Status.WITHDRAWN, self.Status.REJECTED}:
                return False
            self._change_status(SignatureEvent.Action.WITHDRAWN, self.Status.WITHDRAWN, by=by)
        return True

    def restore(self, by=None):
        """A withdrawn signature signs again, through confirmation and moderation as new."""
        with transaction.atomic():
            self._lock()
            if self.status != self.Status.WITHDRAWN:
                return False
            if self.letter.require_confirmation and self.confirmed_at is None:
                to_status = self.Status.UNCONFIRMED
            else:
                to_status = self.status_after_confirmation()
            self._change_status(SignatureEvent.Action.RESTORED, to_status, by=by)
        return True

    def edit(self, values, *, other_changes=None, by=None):
        """Sets `values` (field name → value); returns the changes as {field: [old, new]}.

        `other_changes` describes related rows the caller changed in the same
        transaction (members, networks), so that they are audited and moderated too.
        A public change to an approved signature on a moderated letter goes back to
        pending, so that nothing unreviewed reaches the public page.
        """
        with transaction.atomic():
            # Compare with the row as stored: a bound ModelForm has already set the
            # new values on its instance.
            self.refresh_from_db(from_queryset=type(self).objects.select_for_update())
            changes = {
                name: [_audit_value(getattr(self, name)), _audit_value(value)]
                for name, value in values.items()
                if _audit_value(getattr(self, name)) != _audit_value(value)
            }
            changes.update(other_changes or {})
            if not changes:
                return {}
            for name in values.keys() & changes.keys():
                setattr(self, name, values[name])
            from_status = self.status
            public = [name for name in changes if name in self.PUBLIC_FIELDS]
            public += [name for name in changes if name in {"members", "member_of"}]
            if public and from_status == self.Status.APPROVED and self.letter.require_moderation:
                self.status = self.Status.PENDING
            self.save(update_fields=[*(values.keys() & changes.keys()), "status", "updated_at"])
            self.events.create(
                action=SignatureEvent.Action.EDITED,
                actor=by,
                from_status=from_status,
                to_status=self.status,
                changes=changes,
            )
        return changes

    def _lock(self):
        """Re-reads the status under a row lock, so that two requests cannot both act."""
        self.status = (
            type(self).objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
        )

    def _change_status(self, action, to_status, *, by=None, fields=()):
        from_status, self.status = self.status, to_status
        fields = ["status", "updated_at", *fields]
        if to_status in {self.Status.APPROVED, self.Status.REJECTED}:
            self.decided_at = timezone.now()
            fields.append("decided_at")
        self.save(update_fields=fields)
        self.events.create(action=action, actor=by, from_status=from_status, to_status=to_status)


def _audit_value(value):
    """A JSON-safe form of a field value for SignatureEvent.changes (countries as codes)."""
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        touch_list(self.network_signature.letter_id)  # see signatures.caching

    def delete(self, *args, **kwargs):
        letter_id = self.network_signature.letter_id
        result = super().delete(*args, **kwargs)
        touch_list(letter_id)
        return result

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
