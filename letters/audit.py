"""What every audit trail records: who did what, the status it moved from and to, and what changed.

An abstract model, so each trail keeps its own table: LetterEvent (below: the letter's
own trail) and SignatureEvent (signatures), each adding what it is about and its own
actions.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def actor_field():
    """Who did it: kept as nobody when their account is deleted, so the record stays."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )


class AuditEvent(models.Model):
    actor = actor_field()
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        abstract = True


def audit_value(value):
    """A field's value as an event's `changes` keep it, in JSON: None, booleans and whole
    numbers as they are, dates and times in ISO 8601, anything else (text, a
    country) as its text."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, datetime.date):  # datetimes are dates too
        return value.isoformat()
    return str(value)


class LetterEvent(AuditEvent):
    """The letter's own audit trail: lifecycle, settings and who may manage it."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Opened for signatures")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        DELIVERED = "delivered", _("Delivered")
        SETTINGS = "settings", _("Settings changed")
        ROLE_ADDED = "role_added", _("Role given")
        ROLE_REMOVED = "role_removed", _("Role removed")
        ROLE_CHANGED = "role_changed", _("Role changed")
        INVITED = "invited", _("Invitation sent")
        INVITATION_ACCEPTED = "accepted", _("Invitation accepted")
        INVITATION_REVOKED = "revoked", _("Invitation withdrawn")
        CREATED = "created", _("Letter created")
        TEXT_EDITED = "text_edited", _("Text edited")
        AMENDED = "amended", _("Text amended after signatures")
        DELIVERY_NOTE = "delivery_note", _("Delivery note or answer changed")

    # The trail outlives nothing it records: a letter with a history is never deleted.
    letter = models.ForeignKey("letters.Letter", on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)

    class Meta:
        verbose_name = _("letter event")
        verbose_name_plural = _("letter events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The letter's history on its management pages, newest first.
            models.Index(fields=["letter", "-created_at"], name="letterevent_by_letter"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.letter.slug}"
