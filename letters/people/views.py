"""The site-wide pages about people: the superuser's "People" page (who may start
letters, inviting an organizer), one's own account, and the login that lands on
"My letters".

Access is checked by letters.access (site_access_required), once per view.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from letters import invitations
from letters.access import ACCOUNT, PEOPLE, site_access_required
from letters.models import LetterRole
from letters.people import organizers
from letters.people.forms import InviteOrganizerForm, ProfileForm
from letters.people.invitations import invitation_after_commit
from letters.people.models import OrganizerInvitation, Profile, display_name
from letters.views import take_up


class LoginView(auth_views.LoginView):
    """Django's login; without a `next`, someone with letters to run lands on "My letters"."""

    def get_default_redirect_url(self):
        user = self.request.user
        has_letters = LetterRole.objects.filter(user=user).exists()
        if has_letters or organizers.is_organizer(user):
            return resolve_url("my_letters")
        return super().get_default_redirect_url()


def _people_page(request, form, status=200):
    accounts = get_user_model().objects.select_related("profile").order_by("username")
    organizer_ids = organizers.organizer_ids()
    rows = [(account, display_name(account), account.pk in organizer_ids) for account in accounts]
    return render(
        request,
        "letters/people/people.html",
        {
            "rows": rows,
            "invitations": OrganizerInvitation.objects.pending().select_related("invited_by"),
            "form": form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@site_access_required(PEOPLE)
def people(request):
    """Every account and whether it may start letters; invite an organizer by email."""
    form = InviteOrganizerForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        return _people_page(request, form, status=400 if form.is_bound else 200)
    email = form.cleaned_data["email"]
    try:
        with transaction.atomic():  # a savepoint: the duplicate is refused, the request goes on
            invitation = OrganizerInvitation.objects.create(
                email=email, invited_by=request.user, language=get_language()
            )
    except IntegrityError:
        messages.info(request, _("%(email)s is already invited.") % {"email": email})
    else:
        invitation_after_commit(invitation)
        messages.success(request, _("An invitation is on its way to %(email)s.") % {"email": email})
    return redirect("people:people")


@require_POST
@site_access_required(PEOPLE)
def organizer(request, user_id):
    """Grants or revokes the organizer permission (POST `action`: grant or revoke)."""
    account = get_object_or_404(get_user_model(), pk=user_id)
    name = display_name(account)
    if request.POST.get("action") == "grant":
        if organizers.grant(account, by=request.user):
            messages.success(request, _("%(name)s may now start letters.") % {"name": name})
    elif request.POST.get("action") == "revoke":
        if organizers.revoke(account, by=request.user):
            messages.success(request, _("%(name)s may no longer start letters.") % {"name": name})
        if account.is_superuser:
            messages.info(request, _("An administrator may always start letters."))
    return redirect("people:people")


@require_POST
@site_access_required(PEOPLE)
def withdraw(request, invitation_id):
    invitation = get_object_or_404(OrganizerInvitation, pk=invitation_id)
    if invitation.revoke():
        messages.success(request, _("The invitation is withdrawn."))
    return redirect("people:people")


@require_http_methods(["GET", "POST"])
@site_access_required(ACCOUNT)
def account(request):
    """One's own account: the display name others see."""
    profile = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("people:account")
    status = 400 if form.is_bound else 200
    return render(request, "letters/people/account.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@never_cache  # it shows the invited address
def accept_invitation(request, token, signature):
    """The link in an organizer's invitation: create an account (or use the signed-in one)."""
    invitation = OrganizerInvitation.objects.filter(token=token).first()
    state = invitations.check_token(token, signature) if invitation else invitations.INVALID
    if state == invitations.INVALID:
        return render(request, "letters/manage/invitation_invalid.html", status=404)

    def welcome(new_account):
        if new_account:
            messages.success(
                request, _("Welcome! You may now start letters. Choose how others see your name.")
            )
            return redirect("people:account")
        messages.success(request, _("You may now start letters."))
        return redirect("my_letters")

    return take_up(
        request, invitation, state, {"invitation": invitation}, welcome, templates="letters/people"
    )
