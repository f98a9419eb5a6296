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
    """Queues `email` about the signature, in the active language (enqueue_with_commit)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    enqueue_with_commit(send_signature_email, email, str(signature.public_id), language)
