"""Background tasks (django-tasks, database backend; `manage.py db_worker` runs them).

Every email to a signer leaves from here: each task looks the signature up as it
is when the worker runs, sends through the email functions of its room
(signing.emails, moderation.emails) and retries later when the mail server
fails (letters.mail). Queued rows name these functions by their import path:
a task that moves leaves a re-export behind (see moderation_tasks.py).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend

from letters import mail
from letters.authoring.revisions import LetterRevision
from signatures.models import Signature
from signatures.moderation import emails as moderation_emails
from signatures.signing import emails, ratelimit
from signatures.status import LIVE


@task()
def send_signature_email(email, public_id, language, attempt=1):
    """Sends `email` (a name in emails.EMAILS) about the signature, as it is now."""
    signature = (
        Signature.objects.select_related("letter")
        .prefetch_related("letter__versions")
        .filter(public_id=public_id)
        .first()
    )
    if signature is None or not signature.email:
        return "skipped"
    try:
        emails.EMAILS[email](signature, language)
    except OSError:  # smtplib's errors are OSErrors, as are refused connections
        mail.retry_later(send_signature_email, attempt, email, public_id, language)
        raise
    return "sent"


def enqueue_with_commit(task_function, *args):
    """Queues the task for when the current transaction commits.

    Nothing is queued if the transaction rolls back, and the worker never sees a
    row that is not yet in the database. With the database backend the task's
    row is written inside the transaction itself, which gives both: one commit per
    signature in a surge instead of two. Other backends are called on commit.
    """
    if isinstance(task_function.get_backend(), DatabaseBackend):
        task_function.enqueue(*args)
    else:
        transaction.on_commit(lambda: task_function.enqueue(*args))


def send_after_commit(email, signature):
    """Queues `email` about the signature, in the active language (enqueue_with_commit).

    An address that had its emails for the day (FIRMAS_EMAILS_PER_ADDRESS_PER_DAY)
    gets nothing more until the next; the page the sender sees is the same.
    """
    if not ratelimit.allow_email(signature.email):
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    enqueue_with_commit(send_signature_email, email, str(signature.public_id), language)


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
            mail.retry_later(send_approval_emails, attempt, [s.pk for s in signatures[position:]])
            raise
    return len(signatures)


def approvals_after_commit(signature_ids):
    """Queues the approval emails once the approving transaction commits."""
    if signature_ids:
        ids = list(signature_ids)
        transaction.on_commit(lambda: send_approval_emails.enqueue(ids))


def earlier_signers(revision):
    """The signatures to tell about `revision`: given an earlier text (or signed before
    texts were recorded), still on their way to the list or on it, with an address."""
    return (
        Signature.objects.filter(letter_id=revision.letter_id, status__in=LIVE)
        .filter(Q(revision__number__lt=revision.number) | Q(revision__isnull=True))
        .exclude(email="")
    )


@task()
def send_amendment_emails(revision_id, signature_ids=None, attempt=1):
    """Tells each signer of an earlier text what the amendment `revision_id` changed,
    with their link to correct or withdraw their signature.

    One task for the whole letter; if the mail server fails, the signers not yet
    told are retried later (`signature_ids`).
    """
    revision = LetterRevision.objects.select_related("letter").filter(pk=revision_id).first()
    if revision is None:
        return 0
    signatures = earlier_signers(revision).select_related("letter", "revision")
    if signature_ids is not None:
        signatures = signatures.filter(pk__in=signature_ids)
    signatures = list(signatures.prefetch_related("letter__versions").order_by("pk"))
    for position, signature in enumerate(signatures):
        try:
            emails.amended(signature, revision)
        except OSError:  # smtplib's errors are OSErrors, as are refused connections
            remaining = [s.pk for s in signatures[position:]]
            mail.retry_later(send_amendment_emails, attempt, revision_id, remaining)
            raise
    return len(signatures)


def amendment_emails_after_commit(sender, revision, **kwargs):
    """Receives letters.authoring.texts.notify_signers (connected in signatures.apps)."""
    enqueue_with_commit(send_amendment_emails, revision.pk)
