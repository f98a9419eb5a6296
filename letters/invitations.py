"""Invitations to a letter's team: the signed, expiring link, its email, and taking it up.

The link carries the invitation's random token and a timestamped signature of it
(a salt of its own), so it cannot be guessed or forged, stops working after
FIRMAS_INVITATION_DAYS, and works once (Invitation.accept).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from letters import mail
from letters.models import Invitation
from letters.people.models import display_name

VALID, EXPIRED, INVALID = "valid", "expired", "invalid"
_SEP = ":"


def _signer():
    return signing.TimestampSigner(salt="firmas.letters.invitation")


def make_token(invitation):
    value = str(invitation.token)
    return _signer().sign(value).removeprefix(value + _SEP)


def check_token(invitation_token, token):
    try:
        _signer().unsign(
            f"{invitation_token}{_SEP}{token}",
            max_age=timedelta(days=settings.FIRMAS_INVITATION_DAYS),
        )
    except signing.SignatureExpired:
        return EXPIRED
    except signing.BadSignature:
        return INVALID
    return VALID


def accept_with_new_account(invitation, form):
    """Creates the account from `form` (a bound, valid AccountForm) and takes up the role.

    All or nothing: an invitation taken up meanwhile leaves no account behind.
    Returns the new user, or None if the invitation was no longer open.
    """
    with transaction.atomic():
        user = form.save(commit=False)
        user.email = invitation.email
        user.save()
        if invitation.accept(user) is None:
            transaction.set_rollback(True)
            return None
    return user


def invitation_url(invitation):
    path = reverse("accept_invitation", args=[invitation.token, make_token(invitation)])
    return mail.absolute(path)


def send_email(invitation):
    """Someone is invited to a letter's team; the link takes them to accept it."""
    mail.send(
        "letters/invitation",
        invitation.email,
        invitation.language,
        {
            "letter": invitation.letter,
            "inviter": display_name(invitation.invited_by),
            "owner": invitation.for_owner,
            "accept_url": invitation_url(invitation),
            "days": settings.FIRMAS_INVITATION_DAYS,
        },
    )


@task()
def send_invitation_email(invitation_id, attempt=1):
    invitation = (
        Invitation.objects.select_related("letter", "invited_by__profile")
        .prefetch_related("letter__versions")
        .filter(pk=invitation_id)
        .first()
    )
    return send_or_retry(send_invitation_email, send_email, invitation, attempt)


def send_or_retry(task_function, send, invitation, attempt):
    """The body of an invitation's task: `send` it if still open; on a mail server's
    error, `task_function` is queued again for later (letters.mail.retry_later)."""
    if invitation is None or not invitation.is_open:
        return "skipped"
    try:
        send(invitation)
    except OSError:  # smtplib's errors are OSErrors, as are refused connections
        mail.retry_later(task_function, attempt, invitation.pk)
        raise
    return "sent"


def invitation_after_commit(invitation):
    """Queues the invitation email once the transaction that made it commits."""
    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id))
