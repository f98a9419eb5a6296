"""Signed, expiring tokens for the links in signers' emails.

A token is bound to one signature's public_id and one purpose (a per-purpose salt),
so a "manage" token cannot confirm and a token for one signature opens no other.
The URL carries the public_id; the token is only the timestamp and signature part.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM = "confirm"
MANAGE = "manage"

_MAX_AGE_SETTING = {
    CONFIRM: "FIRMAS_CONFIRM_LINK_DAYS",
    MANAGE: "FIRMAS_MANAGE_LINK_DAYS",
}

# TimestampSigner's separator between the value, the timestamp and the signature.
SEP = ":"

VALID = "valid"
EXPIRED = "expired"
INVALID = "invalid"


def _signer(purpose):
    return signing.TimestampSigner(salt=f"firmas.signatures.{purpose}")


def max_age(purpose):
    return timedelta(days=getattr(settings, _MAX_AGE_SETTING[purpose]))


def make_token(signature, purpose):
    value = str(signature.public_id)
    return _signer(purpose).sign(value).removeprefix(value + SEP)


def check_token(public_id, token, purpose):
    """VALID, EXPIRED (authentic but too old) or INVALID (forged, mangled, other purpose)."""
    signed = f"{public_id}{SEP}{token}"
    try:
        _signer(purpose).unsign(signed, max_age=max_age(purpose))
    except signing.SignatureExpired:
        return EXPIRED
    except signing.BadSignature:
        return INVALID
    return VALID
