"""Background tasks (django-tasks, database backend; `manage.py db_worker` runs them)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend

from . import emails
from .models import Signature

# A mail server that is down for a while should not lose a confirmation email.
MAX_ATTEMPTS = 5


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
        backend = send_signature_email.get_backend()
        if attempt < MAX_ATTEMPTS and backend.supports_defer:
            retry = send_signature_email.using(
                run_after=timezone.now() + timedelta(minutes=2**attempt)
            )
            retry.enqueue(email, public_id, language, attempt + 1)
        raise
    return "sent"


def send_after_commit(email, signature):
    """Queues `email` for when the current transaction commits, in the active language.

    Nothing is queued if the transaction rolls back, and the worker never sees a
    signature that is not yet in the database. With the database backend the task's
    row is written inside the transaction itself, which gives both: one commit per
    signature in a surge instead of two. Other backends are called on commit.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    public_id = str(signature.public_id)
    if isinstance(send_signature_email.get_backend(), DatabaseBackend):
        send_signature_email.enqueue(email, public_id, language)
    else:
        transaction.on_commit(lambda: send_signature_email.enqueue(email, public_id, language))
