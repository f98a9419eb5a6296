"""Who may manage a letter, and who may use the site-wide pages (people, one's account).

Every moderation, owner and site view checks access here, once.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from letters.models import Letter, LetterRole

MODERATE = "moderate"
OWN = "own"
# The site-wide permission to start letters (Django's model permission, given to the
# "Organizers" group); superusers have it too.
START_LETTERS = "letters.add_letter"

# Which roles grant each ability; superusers have every ability on every letter.
ROLES_FOR = {
    MODERATE: {LetterRole.Role.OWNER, LetterRole.Role.MODERATOR},
    OWN: {LetterRole.Role.OWNER},
}


# Site-wide pages, not about one letter: who may use each.
ACCOUNT = "account"  # one's own account: any signed-in user
PEOPLE = "people"  # the site's accounts, who may start letters: superusers only
START = "start"  # starting a new letter: organizers (START_LETTERS) and superusers
SITE_ABILITIES = {
    ACCOUNT: lambda user: user.is_active,
    PEOPLE: lambda user: user.is_active and user.is_superuser,
    START: lambda user: can_start_letters(user),
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
                if request.letter_abilities:
                    # On the team, but this page is the owners': say so, not "ask to be added".
                    return render(request, "403.html", {"for_owners": True}, status=403)
                raise PermissionDenied
            return view(request, letter, *args, **kwargs)

        return wrapper

    return decorator


def can_start_letters(user):
    """Whether the user may start a new letter (and so is offered "New letter")."""
    return user.is_authenticated and user.is_active and user.has_perm(START_LETTERS)


def organizer_required(view):
    """Decorator for the pages that start a letter: organizers only (site_access_required)."""
    return site_access_required(START)(view)


def readable_letter(request, slug, letters=None):
    """The letter a public page shows: listed, or a draft that the user may moderate
    (its team previews it). Anyone else gets a 404 for a draft, as for no letter.

    Sets `request.draft_preview` to whether this is a team's look at a draft: such a
    page says so, is not indexed, and never enters a shared cache.
    """
    letters = Letter.objects.all() if letters is None else letters
    letter = get_object_or_404(letters, slug=slug)
    request.draft_preview = letter.status == Letter.Status.DRAFT
    if request.draft_preview and not can(request.user, MODERATE, letter):
        raise Http404
    return letter


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
