"""Invitations to moderate a letter: the signed, expiring link, and taking it up.

The link carries the invitation's random token and a timestamped signature of it
(a salt of its own), so it cannot be guessed or forged, stops working after
FIRMAS_INVITATION_DAYS, and works once (Invitation.accept).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction

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
