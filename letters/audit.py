"""What every audit trail records: who did what, the status it moved from and to, and what changed.

An abstract model, so each trail keeps its own table: LetterEvent (letters) and
SignatureEvent (signatures), each adding what it is about and its own actions.
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
