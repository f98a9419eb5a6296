"""Background tasks for moderation's emails (the same worker as signatures.tasks)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from letters.models import Invitation

from . import moderation_emails
from .models import Signature
from .tasks import MAX_ATTEMPTS


def _retry(task_function, attempt, *args):
    """Queues the task again later if the backend can; the caller re-raises."""
    if attempt < MAX_ATTEMPTS and task_function.get_backend().supports_defer:
        later = task_function.using(run_after=timezone.now() + timedelta(minutes=2**attempt))
        later.enqueue(*args, attempt + 1)


@task()
def send_approval_emails(signature_ids, attempt=1):
    """Tells each signer among `signature_ids` that their signature is approved.

    One task for a whole bulk approval, so that approving 10,000 signatures
    queues one row. Signatures withdrawn or rejected meanwhile get nothing. If
    the mail server fails, the ones not yet sent are retried later.
    """
    signatures = list(
        Signature.objects.filter(pk__in=signature_ids, status=Signature.Status.APPROVED)
        .exclude(email="")
        .select_related("letter")
        .prefetch_related("letter__versions")
        .order_by("pk")
    )
    for position, signature in enumerate(signatures):
        try:
            moderation_emails.approved(signature)
        except OSError:  # smtplib's errors are OSErrors, as are refused connections
            _retry(send_approval_emails, attempt, [s.pk for s in signatures[position:]])
            raise
    return len(signatures)


def approvals_after_commit(signature_ids):
    """Queues the approval emails once the approving transaction commits."""
    if signature_ids:
        ids = list(signature_ids)
        transaction.on_commit(lambda: send_approval_emails.enqueue(ids))


@task()
def send_invitation_email(invitation_id, attempt=1):
    invitation = (
        Invitation.objects.select_related("letter", "invited_by")
        .prefetch_related("letter__versions")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return "skipped"
    try:
        moderation_emails.invitation(invitation)
    except OSError:
        _retry(send_invitation_email, attempt, invitation_id)
        raise
    return "sent"


def invitation_after_commit(invitation):
    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id))
