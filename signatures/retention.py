"""Erasing private contact data once it is no longer needed (see docs/privacy.md)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.models import Letter
from signatures.models import Signature, SignatureEvent

# Everything a signer told only the organizers. Public fields stay.
PRIVATE_FIELDS = {"contact_name": "", "contact_role": "", "email": "", "note": ""}
ERASED = "[erased]"


class RetentionError(ValueError):
    pass


def _erase(signatures):
    """Blanks the private fields of `signatures` and their traces in the audit trail.

    Returns the number of signatures that held any private data.
    """
    holding = signatures.exclude(contact_name="", contact_role="", email="", note="")
    ids = list(holding.values_list("pk", flat=True))
    if not ids:
        return 0
    Signature.objects.filter(pk__in=ids).update(**PRIVATE_FIELDS, updated_at=timezone.now())
    # Edits of private fields left their old and new values in the audit trail.
    events = SignatureEvent.objects.filter(signature_id__in=ids).exclude(changes={})
    for event in events.iterator(chunk_size=1000):
        private = PRIVATE_FIELDS.keys() & event.changes.keys()
        if private:
            event.changes.update({name: [ERASED, ERASED] for name in private})
            event.save(update_fields=["changes"])
    return len(ids)


@transaction.atomic
def purge_letter_contacts(letter):
    """Erases the contact data of every signature of a delivered letter."""
    if letter.status != Letter.Status.DELIVERED:
        raise RetentionError(
            _("Only a delivered letter's contacts can be erased; this one is “%(status)s”.")
            % {"status": letter.get_status_display()}
        )
    return _erase(Signature.objects.filter(letter=letter))


@transaction.atomic
def purge_withdrawn(now=None):
    """Erases the contact data of signatures withdrawn longer than the grace period ago.

    The period runs from the latest withdrawal: a signer who withdrew long ago, came
    back and withdrew again yesterday has the whole period again.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.FIRMAS_WITHDRAWN_GRACE_DAYS)
    latest_withdrawal = (
        SignatureEvent.objects.filter(
            signature=OuterRef("pk"), action=SignatureEvent.Action.WITHDRAWN
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return _erase(
        Signature.objects.filter(status=Signature.Status.WITHDRAWN)
        .annotate(withdrawn_at=Subquery(latest_withdrawal))
        .filter(withdrawn_at__lt=cutoff)
    )
