"""Login protection with django-axes (see settings): what a failed login is counted
under, and the page for a login refused after too many failures. The client
address it counts is config.clientaddress's, the signing rate limit's too.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render

# django-axes keeps the username typed in a column of this size.
USERNAME_LENGTH = 255


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
