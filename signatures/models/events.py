"""The audit trail of signatures, and the record of every export with contact details."""

import json

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from letters.audit import AuditEvent, actor_field
from letters.models import Letter
from signatures.status import Event


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

    # Append-only (signatures 0011): a signature with a history is never deleted.
    signature = models.ForeignKey(
        "signatures.Signature", on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    # The import that created the signature (on its IMPORTED event).
    batch = models.ForeignKey(
        "signatures.ImportBatch",
        # Its letter's deletion takes both; the batch alone cannot go while it has events.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("import"),
    )

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

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="export_records")
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
