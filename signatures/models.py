import json
import uuid
from collections import defaultdict

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connection, models, transaction
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import MD5, Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from letters.audit import AuditEvent, actor_field, audit_value
from letters.listversion import touch_list
from letters.models import Letter
from signatures.names import sort_key
from signatures.status import DECIDED, MERGE, MOVES, OFFERED, Event, Status, resolve


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

    def on_listed_letters(self):
        """Only signatures of letters anyone may see (Letter.objects.listed()).

        public() says what a letter's own page may show; a page that reads across
        letters (a network's last list) must also leave out the drafts.
        """
        return self.filter(letter__in=Letter.objects.listed())

    # Writes of many rows at once also mark the letters' public lists changed
    # (signatures.public.caching), so that no cached list or count outlives them.

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

    # State changes over many signatures at once, in a fixed number of queries
    # whatever their number: lock the rows, one UPDATE per target status, one INSERT
    # of all their SignatureEvents, in one transaction. Signatures among these that
    # the move does not apply to are left alone. Each returns the changes made as
    # [(pk, from_status, to_status)].

    def approve(self, by=None):
        return self.move("approve", by=by)

    def reject(self, by=None, reason=""):
        return self.move("reject", by=by, reason=reason)

    def reconsider(self, by=None, reason=""):
        """Rejected (or merged) signatures go back to where they would be without it."""
        return self.move("reconsider", by=by, reason=reason)

    def move(self, name, *, by=None, reason=""):
        """The move `name` of signatures.status.MOVES, on those whose status allows it."""
        move = MOVES[name]
        now = timezone.now()
        with transaction.atomic():
            rows = list(
                self.filter(status__in=move.from_statuses)
                .select_for_update(of=("self",))
                .order_by("pk")  # the same lock order everywhere, so no deadlock
                .values_list(
                    "pk",
                    "status",
                    "origin",
                    "confirmed_at",
                    "merged_into_id",
                    "letter__require_confirmation",
                    "letter__require_moderation",
                )
            )
            targets = defaultdict(list)
            for row in rows:
                targets[resolve(move.to, *row[2:4], *row[5:])].append(row)
            given_back = {}
            if Status.REJECTED in move.from_statuses:  # a merge is undone with the rejection
                merged = {row[0]: row[4] for row in rows if row[4]}
                given_back = _give_back_merged(merged, by=by, reason=reason)
            for to_status, group in targets.items():
                fields = {"status": to_status, "updated_at": now}
                if to_status in DECIDED:
                    fields["decided_at"] = now
                if move.stamp:
                    fields[move.stamp] = now
                if Status.REJECTED in move.from_statuses:
                    fields["merged_into"] = None  # only a rejected signature is merged
                Signature.objects.filter(pk__in=[row[0] for row in group]).update(**fields)
            changes = [
                (
                    row[0],
                    row[1],
                    to_status,
                    {"merged_into": [row[4], None], **given_back.get(row[0], {})} if row[4] else {},
                )
                for to_status, group in targets.items()
                for row in group
            ]
            SignatureEvent.objects.record(changes, action=move.event, actor=by, reason=reason)
        return [(pk, from_status, to_status) for pk, from_status, to_status, _c in changes]


# The key of a merge's SignatureEvent.changes that records, by id, what it moved.
MERGE_MOVES = "moved"


def _give_back_merged(merged, *, by, reason):
    """The inverse of merge_into for restored signatures: `merged` maps each one's pk
    to the pk of the signature it was merged into.

    From what each merge recorded (MERGE_MOVES): the network-list links that named it
    and the networks it declared come back to it, and the kept signature loses the
    networks it had only through the merge. A link a moderator has pointed elsewhere
    since stays where it is. The kept signatures' side is recorded here, an event
    each; returns {pk: changes} for the restored signatures' own events. A fixed
    number of queries, however many are restored.
    """
    if not merged:
        return {}
    merges = (
        SignatureEvent.objects.filter(signature_id__in=merged, action=SignatureEvent.Action.MERGED)
        .order_by("signature_id", "-created_at", "-pk")
        .distinct("signature_id")
    )
    moves = {event.signature_id: event.changes.get(MERGE_MOVES) or {} for event in merges}
    involved = {*merged, *merged.values()}
    before = _memberships(involved)
    owner, still_kept = {}, Q()
    for pk, move in moves.items():
        owner.update(dict.fromkeys(move.get("members", []), pk))
        still_kept |= Q(pk__in=move.get("members", []), signature_id=merged[pk])
    links = list(Member.objects.filter(still_kept).values_list("pk", flat=True)) if owner else []
    if links:
        Member.objects.filter(pk__in=links).update(
            signature_id=Case(*(When(pk=link, then=Value(owner[link])) for link in links))
        )
    through = Signature.member_of.through
    networks = {n for move in moves.values() for n in move.get("member_of", [])}
    existing = set(Network.objects.filter(pk__in=networks).values_list("pk", flat=True))
    through.objects.bulk_create(
        [
            through(signature_id=pk, network_id=network)
            for pk, move in moves.items()
            for network in move.get("member_of", [])
            if network in existing
        ],
        ignore_conflicts=True,
    )
    added = Q()
    for pk, move in moves.items():
        added |= Q(signature_id=merged[pk], network_id__in=move.get("added_to_kept", []))
    if added:
        through.objects.filter(added).delete()
    after = _memberships(involved)

    def changed(pk):
        return {
            key: [before[pk][key], after[pk][key]]
            for key in after[pk]
            if before[pk][key] != after[pk][key]
        }

    restored_into = defaultdict(list)
    for pk, kept in merged.items():
        restored_into[kept].append(pk)
    labels = {
        s.pk: s for s in Signature.objects.filter(pk__in=involved).only("name", "acronym", "status")
    }
    SignatureEvent.objects.record(
        [
            (
                kept,
                labels[kept].status,
                labels[kept].status,
                {"merged": ["; ".join(_label(labels[pk]) for pk in pks), None], **changed(kept)},
            )
            for kept, pks in restored_into.items()
        ],
        action=SignatureEvent.Action.RESTORED,
        actor=by,
        reason=reason,
    )
    return {pk: changed(pk) for pk in merged}


def _memberships(ids):
    """{pk: {"member_of": network names, "memberships": listing networks}}, as merges audit."""
    found = {pk: {"member_of": [], "memberships": []} for pk in ids}
    declared = Signature.member_of.through.objects.filter(signature_id__in=ids)
    for pk, name in declared.values_list("signature_id", "network__name"):
        found[pk]["member_of"].append(name)
    listed = Member.objects.filter(signature_id__in=ids)
    for pk, name in listed.values_list("signature_id", "network_signature__name"):
        found[pk]["memberships"].append(name)
    return {pk: {key: sorted(names) for key, names in lists.items()} for pk, lists in found.items()}


def match_keys_digest():
    """A digest of what Signature.match_keys are derived from, as SQL (see
    signatures.duplicate_keys.keys_hash, its Python twin)."""
    return MD5(Concat("kind", Value("\x1f"), "name", Value("\x1f"), "acronym"))


class MergeError(ValueError):
    """Two signatures that cannot be merged; the message says why."""


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
        adding = self._state.adding
        super().save(*args, **kwargs)
        # The cached public list and counts (signatures.public.caching) follow every change;
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
                    changes.update(_give_back_merged(merged, by=by, reason=reason)[self.pk])
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

    def merge_into(self, keep, by=None, reason=""):
        """Marks this signature a duplicate of `keep`, and moves its networks to `keep`.

        This one is rejected with merged_into set, never deleted. The network lists
        that name it (Member.signature) and the networks it declared (member_of)
        move to `keep`; both signatures record the merge with before and after.
        Raises MergeError, changing nothing, when the two cannot be merged.
        """
        with transaction.atomic():
            locked = type(self).objects.select_for_update().filter(pk__in=[self.pk, keep.pk])
            rows = {row.pk: row for row in locked.order_by("pk")}
            this, kept = rows[self.pk], rows.get(keep.pk)
            problem = merge_problem(this, kept)
            if problem:
                raise MergeError(problem)
            listed = list(Member.objects.filter(signature=this).select_related("network_signature"))
            Member.objects.filter(signature=this).update(signature=kept)
            declared = list(this.member_of.all())
            kept_networks = list(kept.member_of.all())
            kept_declared = sorted(network.name for network in kept_networks)
            kept_listed = sorted(
                Member.objects.filter(signature=kept)
                .exclude(pk__in=[member.pk for member in listed])
                .values_list("network_signature__name", flat=True)
            )
            kept.member_of.add(*declared)
            this.member_of.clear()
            moved_listed = sorted(member.network_signature.name for member in listed)
            moved_declared = sorted(network.name for network in declared)
            from_status = this.status
            this.status, this.merged_into = MERGE.to, kept
            this.decided_at = timezone.now()  # MERGE.to is among DECIDED
            this.save(update_fields=["status", "merged_into", "decided_at", "updated_at"])
            this_changes = {"merged_into": [None, _label(kept)]}
            kept_changes = {"merged": [None, _label(this)]}
            if moved_declared:
                this_changes["member_of"] = [moved_declared, []]
                after = sorted({*kept_declared, *moved_declared})
                kept_changes["member_of"] = [kept_declared, after]
            if moved_listed:
                this_changes["memberships"] = [moved_listed, []]
                kept_changes["memberships"] = [kept_listed, sorted(kept_listed + moved_listed)]
            if listed or declared:
                # Exactly what moved, by id, for a restore to give it back (_give_back_merged).
                this_changes[MERGE_MOVES] = {
                    "members": [member.pk for member in listed],
                    "member_of": [network.pk for network in declared],
                    "added_to_kept": [n.pk for n in declared if n not in kept_networks],
                }
            action = MERGE.event
            SignatureEvent.objects.bulk_create(
                [
                    SignatureEvent(
                        signature=this,
                        action=action,
                        actor=by,
                        from_status=from_status,
                        to_status=this.status,
                        reason=reason,
                        changes=this_changes,
                    ),
                    SignatureEvent(
                        signature=kept,
                        action=action,
                        actor=by,
                        from_status=kept.status,
                        to_status=kept.status,
                        reason=reason,
                        changes=kept_changes,
                    ),
                ]
            )
        self.status, self.merged_into = this.status, kept
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


def merge_problem(this, keep):
    """Why `this` cannot be merged into `keep`, or None."""
    if keep is None or this.pk == keep.pk:
        return gettext("A signature cannot be merged into itself.")
    if this.letter_id != keep.letter_id:
        return gettext("Only signatures of the same letter can be merged.")
    if (this.kind == Signature.Kind.INDIVIDUAL) != (keep.kind == Signature.Kind.INDIVIDUAL):
        return gettext("An individual and an organization cannot be merged.")
    if this.merged_into_id or keep.merged_into_id:
        return gettext("One of the two signatures is already merged into another.")
    if not {this.status, keep.status} <= MERGE.from_statuses:
        return gettext("Rejected and withdrawn signatures cannot be merged.")
    return None


def _label(signature):
    return f"{signature.display_name} (#{signature.pk})"


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
        touch_list(self.network_signature.letter_id)  # see signatures.public.caching

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


class SignatureEventQuerySet(models.QuerySet):
    def record(self, changes, *, action, actor=None, reason=""):
        """Writes one event per (signature id, from status, to status, changes), in one INSERT.

        bulk_create would build a model instance and eight parameters per event: for
        the 10,000 events of a large bulk approval, most of its time. Here each
        column travels as one array and PostgreSQL unnests them.
        """
        if not changes:
            return 0
        ids, from_statuses, to_statuses, details = zip(*changes, strict=True)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {self.model._meta.db_table}
                    (signature_id, actor_id, action, from_status, to_status, reason, changes,
                     created_at)
                SELECT u.signature_id, %s, %s, u.from_status, u.to_status, %s, u.changes::jsonb, %s
                FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])
                    AS u(signature_id, from_status, to_status, changes)
                """,  # noqa: S608 - the table name is the model's own
                [
                    actor.pk if actor is not None else None,
                    action,
                    reason,
                    timezone.now(),
                    list(ids),
                    list(from_statuses),
                    list(to_statuses),
                    [json.dumps(detail) for detail in details],
                ],
            )
            return cursor.rowcount


class SignatureEvent(AuditEvent):
    """The audit trail: every status change, edit and merge, with who, when and why."""

    # What happened: signatures.status.Event.
    Action = Event

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)

    objects = SignatureEventQuerySet.as_manager()

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
    actor = actor_field()
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


class RateCount(models.Model):
    """How many signing submissions one client address made in one window of time.

    Written only by signatures.signing.ratelimit, one statement per submission; rows of
    ended windows are deleted a few at a time by the submissions that follow.
    """

    pk = models.CompositePrimaryKey("window_start", "key")
    # Windows start at whole multiples of FIRMAS_SIGN_RATE_WINDOW since the epoch.
    window_start = models.DateTimeField()
    # What is counted: "sign:<client address>", "email:<keyed digest of an address>".
    key = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=1)
    # When the window ends (windows differ in length: the signing window, a day).
    ends = models.DateTimeField()

    class Meta:
        indexes = [
            # Each count deletes a few rows of ended windows, oldest first.
            models.Index(fields=["ends"], name="ratecount_ends"),
        ]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
