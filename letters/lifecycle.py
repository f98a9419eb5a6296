"""Delivering a letter: the status changes and the list is frozen as it was sent.

Opening, closing and reopening are Letter.open/close/reopen. Delivery also needs
the signatory list, which lives in the signatures app: the snapshot is the
delivery text exactly as the text export writes it, in every language version
of the letter, with the counts and the date, saved in the same transaction as
the status change. A database trigger keeps it from changing afterwards.
"""

from django.db import transaction
from django.utils import timezone

from signatures.exports import Export
from signatures.exports_text import render_text, signatory_block
from signatures.listing import count_signatories
from signatures.models import Signature

from .models import Delivery


def delivery_texts(letter):
    """{language: the signatory list as delivered} for each language version."""
    texts = {}
    for version in letter.versions.all():
        export = Export(letter=letter, format="text", language=version.language)
        texts[version.language] = render_text(signatory_block(export))
    return texts


def deliver(letter, by=None, delivered_on=None):
    """Marks the letter delivered and freezes its list; the Delivery, or None if it cannot be."""
    with transaction.atomic():
        if not letter.mark_delivered(by=by):
            return None
        approved = Signature.objects.filter(letter=letter).approved()
        count = count_signatories(approved)
        return Delivery.objects.create(
            letter=letter,
            delivered_on=delivered_on or timezone.localdate(),
            texts=delivery_texts(letter),
            organizations=count.organizations,
            individuals=count.individuals,
            signatures=approved.count(),
            actor=by,
        )
