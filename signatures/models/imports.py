"""Imports of signatures from a file or pasted text: the batch, and the columns remembered.

An ImportBatch starts as a draft that holds what was read (never a signature: the
organizer reviews it first), becomes committed when its signatures are created,
all in one transaction, and undone when a moderator takes the whole batch back.
Each imported signature's SignatureEvent names its batch.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from letters.audit import actor_field
from letters.models import Letter


class ImportBatch(models.Model):
    """One import: who, when, from which file, read with which columns, and what it made."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being reviewed")
        COMMITTED = "committed", _("Imported")
        UNDONE = "undone", _("Undone")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="import_batches")
    created_by = actor_field()
    created_at = models.DateTimeField(_("read"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    source_format = models.CharField(_("format"), max_length=8)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    # The columns as read (header cells) and the field each one was mapped to.
    headers = models.JSONField(_("columns"), default=list, blank=True)
    mapping = models.JSONField(_("mapping"), default=list, blank=True)
    # The status the signatures were given: pending or approved.
    given_status = models.CharField(_("status given"), max_length=16, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    # A draft's data: the rows of the file and the entries read from them, with the
    # organizer's corrections. Emptied at commit (it holds contact details).
    draft = models.JSONField(default=dict, blank=True, editable=False)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = actor_field()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="importbatch_state_valid",
                condition=Q(state__in=["draft", "committed", "undone"]),
            ),
            models.CheckConstraint(
                name="importbatch_draft_only_in_drafts",
                condition=Q(state="draft") | Q(draft={}),
            ),
        ]
        indexes = [
            # The letter's imports on its import page, newest first.
            models.Index(fields=["letter", "-created_at"], name="importbatch_by_letter"),
        ]

    def __str__(self):
        return f"{self.file_name or _('pasted list')} ({self.created_at:%Y-%m-%d %H:%M})"


class ImportMapping(models.Model):
    """The fields a letter's organizers chose for a file's columns, for the next upload
    of a file with the same header row (the same form's export)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="import_mappings")
    # A digest of the header row, once case, accents and spacing are ignored.
    headers_key = models.CharField(max_length=64)
    mapping = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "headers_key"], name="importmapping_one_per_header_row"
            ),
        ]

    def __str__(self):
        return f"{self.letter_id}: {', '.join(self.mapping)}"
