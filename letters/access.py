"""Who may manage a letter, and who may use the site-wide pages (people, one's account).

Every moderation, owner and site view checks access here, once.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from letters.models import Letter, LetterRole

MODERATE = "moderate"
OWN = "own"

# Which roles grant each ability; superusers have every ability on every letter.
ROLES_FOR = {
    MODERATE: {LetterRole.Role.OWNER, LetterRole.Role.MODERATOR},
    OWN: {LetterRole.Role.OWNER},
}


# Site-wide pages, not about one letter: who may use each.
ACCOUNT = "account"  # one's own account: any signed-in user
PEOPLE = "people"  # the site's accounts, who may start letters: superusers only
SITE_ABILITIES = {
    ACCOUNT: lambda user: user.is_active,
    PEOPLE: lambda user: user.is_active and user.is_superuser,
}


def role_of(user, letter):
    """The user's role on the letter, or None."""
    if not user.is_authenticated:
        return None
    return (
        LetterRole.objects.filter(letter=letter, user=user).values_list("role", flat=True).first()
    )


def abilities(user, letter):
    """Every ability the user has on the letter, from at most one query."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES_FOR)
    role = role_of(user, letter)
    return frozenset(ability for ability, roles in ROLES_FOR.items() if role in roles)


def can(user, ability, letter):
    return ability in abilities(user, letter)


def letters_for(user):
    """The letters the user may moderate (all of them for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Letter.objects.none()
    if user.is_superuser:
        return Letter.objects.all()
    return Letter.objects.filter(roles__user=user).distinct()


def letter_access_required(ability):
    """Decorator for views taking `slug`: loads the letter, checks `ability`, passes `letter`.

    Anonymous users go to the login page; signed-in users without the role get 403.
    The user's abilities on the letter are left in `request.letter_abilities`, so
    that pages show only the actions the user may take.

    Every team page shows what the public must not see (emails, pending and
    delivered-only signers, exports with contacts): the response says
    `Cache-Control: private, no-store`, so that no browser or proxy keeps it.
    """

    def decorator(view):
        @never_cache
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            letter = get_object_or_404(Letter, slug=slug)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.letter_abilities = abilities(request.user, letter)
            if ability not in request.letter_abilities:
                raise PermissionDenied
            return view(request, letter, *args, **kwargs)

        return wrapper

    return decorator


def site_access_required(ability):
    """Decorator for site-wide pages: anonymous users go to the login page, signed-in
    users without `ability` get 403. Never cached: these pages show accounts."""

    def decorator(view):
        @never_cache
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not SITE_ABILITIES[ability](request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
