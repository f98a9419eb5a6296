"""A letter's delivery: the record of what was sent, frozen, and what may still change.

Delivery is written once (signatures.exports.delivery.deliver) and a database
trigger refuses any UPDATE of it (letters migration 0002). The team's note and the
recipient's answer change later, so they are kept in a table of their own,
DeliveryAnswer, one row per delivery: editing them never touches the frozen record.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from letters.audit import actor_field, audit_value


class Delivery(models.Model):
    """What was delivered, when, to whom and how: the letter and its list exactly as sent."""

    class Method(models.TextChoices):
        EMAIL = "email", _("By email")
        IN_PERSON = "in_person", _("In person")
        POST = "post", _("By post")

    # Kept for good: the database refuses to change or delete it (letters 0002, 0010).
    letter = models.OneToOneField(
        "letters.Letter", on_delete=models.PROTECT, related_name="delivery"
    )
    delivered_on = models.DateField(_("delivered on"))
    recipient = models.CharField(_("delivered to"), max_length=300, blank=True)
    method = models.CharField(_("how"), max_length=16, choices=Method.choices, blank=True)
    # {language: the delivery list as text, as the export writes it} per language version.
    texts = models.JSONField(_("delivered list"))
    # {language: the whole letter as delivered: title, date, recipient, body, closing,
    # sections [[heading, [entry, ...]], ...] and totals}, for its PDF and DOCX.
    documents = models.JSONField(_("delivered letter"), default=dict)
    organizations = models.PositiveIntegerField(_("organizations"))
    individuals = models.PositiveIntegerField(_("individuals"))
    signatures = models.PositiveIntegerField(_("approved signatures"))
    actor = actor_field()
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.letter.slug} — {self.delivered_on}"

    @property
    def total(self):
        return self.organizations + self.individuals


class DeliveryAnswer(models.Model):
    """The team's note on a delivery and the recipient's answer: they change after delivery."""

    delivery = models.OneToOneField(
        "letters.Delivery", on_delete=models.CASCADE, related_name="follow_up"
    )
    note = models.TextField(
        _("delivery note"),
        blank=True,
        help_text=_("For the letter's team: who received it, a reference number, what was said."),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(
        _("recipient's answer"),
        blank=True,
        help_text=_("What the recipient answered, when they do. Only the letter's team sees it."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = actor_field()

    class Meta:
        verbose_name = _("delivery note and answer")
        verbose_name_plural = _("delivery notes and answers")

    def __str__(self):
        return str(self.delivery)

    @classmethod
    def record(cls, delivery, values, by=None):
        """Sets the note, the answer and its date (field name → value), audited in the
        letter's history; returns {field: [old, new]}."""
        with transaction.atomic():
            current, _created = cls.objects.select_for_update().get_or_create(delivery=delivery)
            changes = {
                name: [audit_value(getattr(current, name) or None), audit_value(value or None)]
                for name, value in values.items()
                if getattr(current, name) != value
            }
            if not changes:
                return {}
            for name in changes:
                setattr(current, name, values[name])
            current.updated_by = by
            current.save()
            # The letter's history (letters.models.LetterEvent), by its related name:
            # this module is imported by letters.models and imports nothing of it.
            delivery.letter.events.create(action="delivery_note", actor=by, changes=changes)
        return changes
