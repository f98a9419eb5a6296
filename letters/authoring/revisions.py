"""LetterRevision: the letter's texts, in every language, as signers were given them.

A letter's language versions (letters.models.LetterVersion) hold its current text.
Each revision keeps a copy of all of them: a signature records the revision its
signer read, so that an amendment never changes what someone signed. A revision
nobody was given yet is edited in place; once someone signed it, the next edit
makes a new one (letters.authoring.texts.save_texts).

The model lives here, with no import of letters.models, so that letters.models can
register it without a circle.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from letters.audit import actor_field

# What a language version's text is made of, in the order the pages show it.
TEXT_FIELDS = ("title", "recipients", "recipient", "body", "closing")


class LetterRevision(models.Model):
    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    # {language: {field: text}} for every language version, TEXT_FIELDS each.
    texts = models.JSONField(_("texts"), default=dict)
    note = models.TextField(_("what changed"), blank=True)
    actor = actor_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Changes with every edit in place: the edit pages' conflict token (texts.token).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("text revision")
        verbose_name_plural = _("text revisions")
        ordering = ["letter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="letterrevision_number"),
            models.CheckConstraint(
                name="letterrevision_number_positive", condition=models.Q(number__gte=1)
            ),
        ]

    def __str__(self):
        return f"{self.letter_id} #{self.number}"

    def text(self, language):
        """The text in `language` ({field: text}), or None when it had no such version."""
        return self.texts.get(language)

    @property
    def is_amendment(self):
        return self.number > 1
