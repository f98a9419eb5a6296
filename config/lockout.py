"""Login protection with django-axes (see settings), and what it cannot do alone.

- django-axes locks the pair (username, client address) after AXES_FAILURE_LIMIT
  failures for AXES_COOLOFF_TIME: someone guessing from one place stops there, and
  nobody else is locked out by it, neither the account's owner at another address nor
  the people behind the same address (an office, a carrier's shared address).
- Past FIRMAS_LOGIN_USERNAME_LIMIT failures for one username from any addresses, or
  FIRMAS_LOGIN_ADDRESS_LIMIT from one address for any usernames, logging in is slowed
  down, not refused: one attempt every FIRMAS_LOGIN_SLOWDOWN_SECONDS for browsers
  that have not signed in to that account before. A browser that has (the device
  cookie, set at each login) goes straight on.
- Proving control of the account's email unlocks it: the password reset's last step
  (config.passwordreset) clears its failures and lets that browser in.

The client address is config.clientaddress's, the signing rate limit's too.
"""

import math
from datetime import timedelta
from functools import wraps

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from config.clientaddress import client_address

# django-axes keeps the username typed in a column of this size.
USERNAME_LENGTH = 255
DEVICE_COOKIE = "firmas_device"


def attempted_username(request, credentials=None):
    """The username typed, cut to fit: login forms accept any length, the column does not."""
    field = get_user_model().USERNAME_FIELD
    source = credentials if credentials else request.POST
    username = source.get(field)
    return None if username is None else str(username)[:USERNAME_LENGTH]


def locked_out(request, original_response=None, credentials=None):
    """429, the same for every username: it tells nothing about which accounts exist."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


# --- The device cookie: a browser that signed in to the account before --------------


def _device_signer():
    return signing.TimestampSigner(salt="firmas.login.device")


def remember_device(response, user):
    """Marks the browser as one `user` signed in from (signed, HttpOnly, expiring)."""
    days = settings.FIRMAS_LOGIN_DEVICE_DAYS
    response.set_cookie(
        DEVICE_COOKIE,
        _device_signer().sign(str(user.pk)),
        max_age=days * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _known_device(request, username):
    try:
        user_id = _device_signer().unsign(
            request.COOKIES.get(DEVICE_COOKIE, ""),
            max_age=timedelta(days=settings.FIRMAS_LOGIN_DEVICE_DAYS),
        )
    except signing.BadSignature:
        return False
    users = get_user_model().objects.filter(pk=user_id)
    return users.filter(**{get_user_model().USERNAME_FIELD: username}).exists()


# --- Slowing down guesses spread over addresses or usernames --------------------------


def slowdown_seconds(request, username):
    """How long this attempt must wait before it is tried (0: it goes on)."""
    if username is None:
        return 0
    username = username.replace("\x00", "\ufffd")  # PostgreSQL text holds no NUL
    now = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    totals = [
        (recent.filter(username=username), settings.FIRMAS_LOGIN_USERNAME_LIMIT),
        (recent.filter(ip_address=client_address(request)), settings.FIRMAS_LOGIN_ADDRESS_LIMIT),
    ]
    wait = 0.0
    for attempts, limit in totals:
        found = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (found["failures"] or 0) >= limit:
            since = (now - found["last"]).total_seconds()
            wait = max(wait, settings.FIRMAS_LOGIN_SLOWDOWN_SECONDS - since)
    if wait <= 0 or _known_device(request, username):
        return 0
    return math.ceil(wait)


def guarded(view):
    """A login view with the slowdown in front and the device cookie after a login."""

    @wraps(view)
    def guarded_view(request, *args, **kwargs):
        if request.method == "POST":
            wait = slowdown_seconds(request, attempted_username(request))
            if wait:
                response = render(
                    request, "registration/slowed_down.html", {"seconds": wait}, status=429
                )
                response["Retry-After"] = str(wait)
                return response
        response = view(request, *args, **kwargs)
        logged_in = response.status_code == 302 and request.user.is_authenticated
        if request.method == "POST" and logged_in:
            remember_device(response, request.user)
        return response

    return guarded_view
