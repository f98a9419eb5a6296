"""The letter's team pages: who moderates it, its lifecycle and settings, invitations.

Access is checked by letters.access, once per view: these pages are for owners.
Changes are POSTs that redirect back. The dashboard (signatures.moderation.dashboard)
and delivery (signatures.exports.delivery) show signatures, so they live with them.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from letters import invitations
from letters.access import OWN, letter_access_required
from letters.delivery.forms import DeliveryAnswerForm
from letters.delivery.models import DeliveryAnswer
from letters.forms import AccountForm, DeliverForm, InviteForm, LetterSettingsForm
from letters.models import Invitation, LastOwnerError, Letter, LetterRole
from letters.people.models import display_name

# The owner's lifecycle buttons and the Letter method each calls.
STEPS = {"open": Letter.open, "close": Letter.close, "reopen": Letter.reopen}
STEP_DONE = {
    "open": gettext_lazy("The letter is open for signatures."),
    "close": gettext_lazy("The letter is closed: signing has stopped."),
    "reopen": gettext_lazy("The letter is open for signatures again."),
}
ROLE_GIVEN = {
    LetterRole.Role.OWNER: gettext_lazy("%(user)s is now an owner of this letter."),
    LetterRole.Role.MODERATOR: gettext_lazy("%(user)s is now a moderator."),
}


def team_context(request, letter, **extra):
    """What every page of the letter's team shows: the letter, its title, the owner's tabs."""
    return {
        "letter": letter,
        "version": letter.version_for(),
        "is_owner": OWN in request.letter_abilities,
        **extra,
    }


def _roles_page(request, letter, form, status=200):
    roles = (
        LetterRole.objects.filter(letter=letter)
        .select_related("user__profile")
        .order_by("role", "user__username")
    )
    return render(
        request,
        "letters/manage/roles.html",
        team_context(
            request,
            letter,
            roles=roles,
            invitations=letter.invitations.pending().select_related("invited_by"),
            form=form,
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@letter_access_required(OWN)
def roles(request, letter):
    """Who manages the letter; invite a moderator or a co-owner by email."""
    form = InviteForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        return _roles_page(request, letter, form, status=400 if form.is_bound else 200)
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    try:
        invitation = letter.invite(email, by=request.user, language=get_language(), role=role)
    except IntegrityError:
        messages.info(request, _("%(email)s is already invited.") % {"email": email})
    else:
        invitations.invitation_after_commit(invitation)
        messages.success(request, _("An invitation is on its way to %(email)s.") % {"email": email})
    return redirect("letters:roles", letter.slug)


@require_POST
@letter_access_required(OWN)
def dismiss(request, letter, role_id):
    """Owners remove moderators and other owners; never the letter's last owner."""
    role = get_object_or_404(LetterRole.objects.select_related("user"), pk=role_id, letter=letter)
    try:
        if letter.dismiss(role, by=request.user):
            messages.success(
                request,
                _("%(user)s no longer manages this letter.") % {"user": display_name(role.user)},
            )
    except LastOwnerError as refusal:
        messages.error(request, str(refusal))
    return redirect("letters:roles", letter.slug)


@require_POST
@letter_access_required(OWN)
def change_role(request, letter, role_id):
    """Makes a moderator a co-owner, or an owner a moderator (never the last owner)."""
    role = get_object_or_404(LetterRole.objects.select_related("user"), pk=role_id, letter=letter)
    new_role = request.POST.get("role")
    if new_role not in LetterRole.Role.values:
        return redirect("letters:roles", letter.slug)
    try:
        if letter.change_role(role, new_role, by=request.user):
            messages.success(request, ROLE_GIVEN[new_role] % {"user": display_name(role.user)})
    except LastOwnerError as refusal:
        messages.error(request, str(refusal))
    return redirect("letters:roles", letter.slug)


@require_POST
@letter_access_required(OWN)
def revoke(request, letter, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id, letter=letter)
    if invitation.revoke(by=request.user):
        messages.success(request, _("The invitation is withdrawn."))
    return redirect("letters:roles", letter.slug)


@require_POST
@letter_access_required(OWN)
def resend(request, letter, invitation_id):
    """Sends the invitation again, with a fresh link (the old one still works until it expires)."""
    invitation = get_object_or_404(Invitation.objects.pending(), pk=invitation_id, letter=letter)
    invitations.invitation_after_commit(invitation)
    messages.success(
        request, _("The invitation is sent again to %(email)s.") % {"email": invitation.email}
    )
    return redirect("letters:roles", letter.slug)


def lifecycle_response(
    request, letter, settings_form=None, deliver_form=None, answer_form=None, status=200
):
    """The lifecycle page, with these forms (a refused one shows its errors).

    Once the letter is delivered, only the delivery's note and answer may change:
    the page shows the rest as it was, and says why.
    """
    delivery = getattr(letter, "delivery", None)
    if delivery is not None and answer_form is None:
        follow_up = DeliveryAnswer.objects.filter(delivery=delivery).first()
        answer_form = DeliveryAnswerForm(instance=follow_up)
    return render(
        request,
        "letters/manage/lifecycle.html",
        team_context(
            request,
            letter,
            settings_form=settings_form or LetterSettingsForm(instance=letter),
            deliver_form=deliver_form or DeliverForm(),
            delivery=delivery,
            answer_form=answer_form,
            events=letter.events.select_related("actor__profile")[:50],
            steps=[step for step in STEPS if _step_possible(letter, step)],
        ),
        status=status,
    )


def _step_possible(letter, step):
    allowed = {
        "open": Letter.Status.DRAFT,
        "close": Letter.Status.OPEN,
        "reopen": Letter.Status.CLOSED,
    }
    return letter.status == allowed[step]


@require_GET
@letter_access_required(OWN)
def lifecycle_page(request, letter):
    return lifecycle_response(request, letter)


@require_POST
@letter_access_required(OWN)
def lifecycle_step(request, letter, step):
    if step not in STEPS:
        raise Http404
    if STEPS[step](letter, by=request.user):
        messages.success(request, STEP_DONE[step])
    else:
        messages.error(
            request,
            _("The letter is %(status)s: that is not possible now.")
            % {"status": letter.get_status_display()},
        )
    return redirect("letters:lifecycle", letter.slug)


@require_POST
@letter_access_required(OWN)
def letter_settings(request, letter):
    form = LetterSettingsForm(request.POST, instance=letter)
    if not form.is_valid():
        letter.refresh_from_db()
        return lifecycle_response(request, letter, settings_form=form, status=400)
    if letter.set_options(form.values(), by=request.user):
        messages.success(request, _("Saved."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect("letters:lifecycle", letter.slug)


@require_http_methods(["GET", "POST"])
@never_cache  # it shows the invited address
def accept_invitation(request, token, signature):
    """The link in an invitation: create an account (or use the signed-in one) and join."""
    invitation = Invitation.objects.select_related("letter").filter(token=token).first()
    state = invitations.check_token(token, signature) if invitation else invitations.INVALID
    if state == invitations.INVALID:
        return render(request, "letters/manage/invitation_invalid.html", status=404)
    letter = invitation.letter

    def welcome(new_account):
        if invitation.for_owner:
            messages.success(request, _("You are now an owner of this letter."))
        elif new_account:
            messages.success(request, _("Welcome! You now moderate this letter."))
        else:
            messages.success(request, _("You now moderate this letter."))
        return redirect("moderation:queue", letter.slug)

    return take_up(
        request,
        invitation,
        state,
        {"invitation": invitation, "letter": letter, "version": letter.version_for()},
        welcome,
    )


def take_up(request, invitation, state, context, welcome, templates="letters/manage"):
    """An invitation's link, whatever it invites to: a page with the signed-in account's
    button or a new account's form; on POST, the invitation taken up and `welcome(new_account)`
    (a message and a redirect). TEMPLATES/accept_invitation.html and invitation_closed.html."""
    closed = f"{templates}/invitation_closed.html"
    if state == invitations.EXPIRED or not invitation.is_open:
        return render(request, closed, context, status=410)
    if request.user.is_authenticated:
        if request.method == "POST":
            invitation.accept(request.user)
            return welcome(new_account=False)
        return render(request, f"{templates}/accept_invitation.html", context)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = invitations.accept_with_new_account(invitation, form)
        if user is None:
            return render(request, closed, context, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return welcome(new_account=True)
    return render(request, f"{templates}/accept_invitation.html", {**context, "form": form})
