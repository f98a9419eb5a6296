"""Who may manage a letter. Every moderation and owner view checks access here, once."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Letter, LetterRole

MODERATE = "moderate"
OWN = "own"

# Which roles grant each ability; superusers have every ability on every letter.
ROLES_FOR = {
    MODERATE: {LetterRole.Role.OWNER, LetterRole.Role.MODERATOR},
    OWN: {LetterRole.Role.OWNER},
}


def role_of(user, letter):
    """The user's role on the letter, or None."""
    if not user.is_authenticated:
        return None
    return (
        LetterRole.objects.filter(letter=letter, user=user).values_list("role", flat=True).first()
    )


def can(user, ability, letter):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return role_of(user, letter) in ROLES_FOR[ability]


def letter_access_required(ability):
    """Decorator for views taking `slug`: loads the letter, checks `ability`, passes `letter`.

    Anonymous users go to the login page; signed-in users without the role get 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            letter = get_object_or_404(Letter, slug=slug)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, ability, letter):
                raise PermissionDenied
            return view(request, letter, *args, **kwargs)

        return wrapper

    return decorator
