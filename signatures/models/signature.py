"""The signature: one submission to one letter, by an organization, an individual or a network."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Q, Value
from django.db.models.functions import MD5, Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from letters.audit import audit_value
from letters.models import Letter
from signatures.models.events import SignatureEvent
from signatures.models.merging import give_back_merged, merge
from signatures.models.networks import Network
from signatures.models.querysets import SignatureQuerySet
from signatures.names import sort_key
from signatures.status import DECIDED, MERGE, MOVES, OFFERED, Status, resolve


def match_keys_digest():
    """A digest of what Signature.match_keys are derived from, as SQL (see
    signatures.duplicate_keys.keys_hash, its Python twin)."""
    return MD5(Concat("kind", Value("\x1f"), "name", Value("\x1f"), "acronym"))


class Signature(models.Model):
    """One submission to one letter, by an organization, an individual or a network."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        INDIVIDUAL = "individual", _("Individual")
        NETWORK = "network", _("Network")

    # Its statuses and the moves between them: signatures.status.
    Status = Status

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
    # The letter's text as this signer was given it (letters.authoring.revisions), set at
    # signing: an amendment makes a new revision and leaves this one as it was.
    revision = models.ForeignKey(
        "letters.LetterRevision",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("text signed"),
    )
    is_lead = models.BooleanField(_("lead signatory"), default=False)
    lead_order = models.PositiveIntegerField(_("lead order"), null=True, blank=True)
    # Derived from name (see names.sort_key); kept in the row so the list sorts in SQL,
    # byte-wise ("C") so that SQL and Python agree whatever the cluster's locale.
    sort_name = models.CharField(max_length=700, editable=False, default="", db_collation="C")
    # A duplicate merged into another signature: rejected, kept for the audit trail.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    # Keys under which duplicates are suggested (signatures.duplicate_keys), derived
    # from kind, name and acronym; match_keys_hash is the digest of the values they
    # were derived from. PostgreSQL itself keeps match_keys_stale: whether the values
    # changed since. A column rather than an expression, so that the planner's
    # statistics know how few rows are stale and use the partial index for them.
    match_keys = ArrayField(
        models.CharField(max_length=320), default=list, blank=True, editable=False
    )
    match_keys_hash = models.CharField(max_length=32, blank=True, default="", editable=False)
    match_keys_stale = models.GeneratedField(
        expression=ExpressionWrapper(
            ~Q(match_keys_hash=match_keys_digest()), output_field=models.BooleanField()
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )

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
                condition=Q(status__in=Status.values),
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
            models.CheckConstraint(
                name="signature_merged_is_rejected",
                condition=Q(merged_into__isnull=True) | Q(status=MERGE.to),
            ),
            models.CheckConstraint(
                name="signature_not_merged_into_itself", condition=~Q(merged_into=F("pk"))
            ),
        ]
        indexes = [
            # The public list and counts: approved signatures of a letter, alphabetically.
            models.Index(
                fields=["letter", "status", "visibility", "sort_name"],
                name="signature_public_list",
            ),
            # The moderation queue, a page at a time: by submission, or by name.
            models.Index(fields=["letter", "status", "id"], name="signature_queue"),
            models.Index(
                fields=["letter", "status", "sort_name", "id"], name="signature_queue_by_name"
            ),
            # Duplicate hints for a page of the queue: signatures sharing a key.
            GinIndex(fields=["match_keys"], name="signature_match_keys"),
            # Signatures whose keys are stale (new, renamed): found without a full scan.
            models.Index(
                fields=["letter"],
                condition=Q(match_keys_stale=True),
                name="signature_match_keys_stale",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_name = sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"sort_name"} if "name" in update_fields else set()
            # The match keys are set before the write (signatures.duplicate_keys).
            if {"kind", "name", "acronym"} & set(update_fields):
                derived |= {"match_keys", "match_keys_hash"}
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        """The name as listed: the acronym follows in parentheses unless the name has it."""
        if self.acronym and self.acronym.casefold() not in self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name

    # State changes: the moves of signatures.status.MOVES. Each locks the row, saves
    # only what it changes and writes its SignatureEvent in the same transaction;
    # each returns whether anything changed.

    def confirm(self):
        """The signer proved the email address: on to moderation, or straight to approved."""
        return self.move("confirm")

    def approve(self, by=None):
        return self.move("approve", by=by)

    def reject(self, by=None, reason=""):
        """Takes the signature off the list (from unconfirmed, pending or approved)."""
        return self.move("reject", by=by, reason=reason)

    def withdraw(self, by=None):
        """Leaves the public list and the counts at once; a rejection stays a rejection."""
        return self.move("withdraw", by=by)

    def restore(self, by=None):
        """A withdrawn signature signs again, through confirmation and moderation as new."""
        return self.move("restore", by=by)

    def move(self, name, *, by=None, reason=""):
        """The move `name` of signatures.status.MOVES, if the status allows it."""
        move = MOVES[name]
        with transaction.atomic():
            self._lock()
            if self.status not in move.from_statuses:
                return False
            letter = self.letter
            to_status = resolve(
                move.to,
                self.origin,
                self.confirmed_at,
                letter.require_confirmation,
                letter.require_moderation,
            )
            from_status, self.status = self.status, to_status
            now, fields, changes = timezone.now(), ["status", "updated_at"], {}
            if to_status in DECIDED:
                self.decided_at = now
                fields.append("decided_at")
            if move.stamp:
                setattr(self, move.stamp, now)
                fields.append(move.stamp)
            if Status.REJECTED in move.from_statuses:
                if self.merged_into_id:  # only a rejected signature is merged
                    changes["merged_into"] = [self.merged_into_id, None]
                    merged = {self.pk: self.merged_into_id}
                    given_back = give_back_merged(type(self), merged, by=by, reason=reason)
                    changes.update(given_back[self.pk])
                self.merged_into = None
                fields.append("merged_into")
            self.save(update_fields=fields)
            self.events.create(
                action=move.event,
                actor=by,
                from_status=from_status,
                to_status=to_status,
                reason=reason,
                changes=changes,
            )
        return True

    @property
    def moderation_actions(self):
        """The moderators' actions its status allows (signatures.status.OFFERED)."""
        return OFFERED[self.status]

    def merge_into(self, keep, by=None, reason="", values=None):
        """Marks this signature a duplicate of `keep` (signatures.models.merging.merge)."""
        kept_changes = merge(self, keep, by=by, reason=reason, values=values)
        self.status, self.merged_into = MERGE.to, keep
        return kept_changes

    def edit(self, values, *, other_changes=None, by=None, reviewed=False):
        """Sets `values` (field name → value); returns the changes as {field: [old, new]}.

        `other_changes` describes related rows the caller changed in the same
        transaction (members, networks), so that they are audited and moderated too.
        A public change to an approved signature on a moderated letter goes back to
        pending, so that nothing unreviewed reaches the public page -- unless it is
        `reviewed`: made by a moderator, who is the review.
        """
        with transaction.atomic():
            # Compare with the row as stored: a bound ModelForm has already set the
            # new values on its instance.
            self.refresh_from_db(from_queryset=type(self).objects.select_for_update())
            changes = {
                name: [audit_value(getattr(self, name)), audit_value(value)]
                for name, value in values.items()
                if audit_value(getattr(self, name)) != audit_value(value)
            }
            changes.update(other_changes or {})
            if not changes:
                return {}
            for name in values.keys() & changes.keys():
                setattr(self, name, values[name])
            from_status = self.status
            public = [name for name in changes if name in self.PUBLIC_FIELDS]
            public += [name for name in changes if name in {"members", "member_of"}]
            if (
                public
                and not reviewed
                and from_status == self.Status.APPROVED
                and self.letter.require_moderation
            ):
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
        """Re-reads what a move depends on under a row lock, so that two requests cannot
        both act."""
        self.status, self.origin, self.confirmed_at, self.merged_into_id = (
            type(self)
            .objects.select_for_update()
            .values_list("status", "origin", "confirmed_at", "merged_into_id")
            .get(pk=self.pk)
        )
