"""A signature's page for moderators: everything about it, its history, and its corrections.

Each form posts to its own URL and, when valid, redirects back to this page; an
invalid one shows this page again with its errors. Approving, rejecting and
restoring go through the queue's bulk action, with this page as `next`.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from letters.access import MODERATE, letter_access_required
from signatures import duplicate_keys
from signatures.importing.pipeline import members as member_reading
from signatures.models import Member, Network, Signature
from signatures.moderation import bulk, duplicates, memberships
from signatures.moderation.forms import (
    AttachForm,
    DeclaredNetworksForm,
    LeadForm,
    MemberListForm,
    ReasonForm,
    SignatureEditForm,
)
from signatures.moderation.views import context, int_or_none, letter_signature


def _network_signatures(letter, exclude):
    return (
        Signature.objects.filter(letter=letter, kind=Signature.Kind.NETWORK)
        .exclude(pk=exclude.pk)
        .exclude(status__in=[Signature.Status.REJECTED, Signature.Status.WITHDRAWN])
        .order_by("sort_name")
    )


def _declarable(letter, signature):
    """Networks an organization may declare: those on the letter, and those it has."""
    on_letter = Signature.objects.filter(letter=letter, kind=Signature.Kind.NETWORK)
    return (
        Network.objects.filter(
            Q(pk__in=on_letter.values("network_id")) | Q(declared_members=signature)
        )
        .distinct()
        .order_by("name")
    )


def _link_suggestions(letter, members):
    """For each member of a network's list, the letter's organizations it may be."""
    wanted = {
        key: member
        for member in members
        if member.kind == Member.Kind.ORGANIZATION
        for key in duplicate_keys.suggestion_keys(
            duplicate_keys.own_keys(Signature.Kind.ORGANIZATION, member.name)
        )
    }
    if not wanted:
        return {}
    candidates = Signature.objects.filter(
        letter=letter,
        kind=Signature.Kind.ORGANIZATION,
        status__in=duplicates.ACTIVE,
        match_keys__overlap=sorted(wanted),
    ).order_by("sort_name")[:500]
    found = {}
    for candidate in candidates:
        for key in set(candidate.match_keys) & wanted.keys():
            found.setdefault(wanted[key].pk, {})[candidate.pk] = candidate
    return {pk: list(by_pk.values()) for pk, by_pk in found.items()}


def _render(request, letter, signature, status=200, **forms):
    is_network = signature.kind == Signature.Kind.NETWORK
    is_organization = signature.kind == Signature.Kind.ORGANIZATION
    members = list(signature.members.select_related("signature").order_by("position"))
    suggestions = _link_suggestions(letter, members) if is_network else {}
    for member in members:
        member.suggestions = [
            s for s in suggestions.get(member.pk, []) if s.pk != member.signature_id
        ]
    forms.setdefault("edit_form", SignatureEditForm(instance=signature))
    forms.setdefault("lead_form", LeadForm(instance=signature))
    if is_organization:
        forms.setdefault(
            "networks_form",
            DeclaredNetworksForm(
                networks=_declarable(letter, signature),
                initial={"networks": list(signature.member_of.all())},
            ),
        )
        forms.setdefault(
            "attach_form",
            AttachForm(
                network_signatures=_network_signatures(letter, signature), signature=signature
            ),
        )
    if is_network:
        forms.setdefault("members_form", MemberListForm(members=members))
    hints = duplicates.hints(letter, [signature]).get(signature.pk, [])
    here = reverse("moderation:detail", args=[letter.slug, signature.public_id])
    return render(
        request,
        "signatures/moderation/detail.html",
        context(
            request,
            letter,
            signature=signature,
            members=members,
            declared=list(signature.member_of.all()),
            listed_in=list(signature.memberships.select_related("network_signature")),
            merged=list(signature.merged.all()),
            events=list(
                signature.events.select_related("actor__profile", "batch").order_by(
                    "-created_at", "-pk"
                )
            ),
            member_flags=member_reading.flag_members(members) if is_network else [],
            hints=hints,
            actions=[bulk.ACTIONS[name] for name in signature.moderation_actions],
            reason_form=ReasonForm(),
            here=here,
            queue_url=reverse("moderation:queue", args=[letter.slug]),
            **forms,
        ),
        status=status,
    )


def _saved(request, letter, signature, changed):
    if changed:
        messages.success(request, _("Saved."))
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect("moderation:detail", letter.slug, signature.public_id)


@require_GET
@letter_access_required(MODERATE)
def detail(request, letter, public_id):
    return _render(request, letter, letter_signature(letter, public_id))


def _edit_with(request, letter, public_id, form_class, form_name):
    """Saves a correction made with `form_class`; shown again as `form_name` when invalid."""
    signature = letter_signature(letter, public_id)
    form = form_class(request.POST, instance=signature)
    if not form.is_valid():
        signature.refresh_from_db()
        return _render(request, letter, signature, status=400, **{form_name: form})
    changes = signature.edit(form.values(), by=request.user, reviewed=True)
    return _saved(request, letter, signature, changes)


@require_POST
@letter_access_required(MODERATE)
def edit(request, letter, public_id):
    """Spelling, capitalization, acronym: what the list shows."""
    return _edit_with(request, letter, public_id, SignatureEditForm, "edit_form")


@require_POST
@letter_access_required(MODERATE)
def lead(request, letter, public_id):
    """Whether the signature is among the lead signatories, and in which place."""
    return _edit_with(request, letter, public_id, LeadForm, "lead_form")


@require_POST
@letter_access_required(MODERATE)
def networks(request, letter, public_id):
    """The networks an organization signs "as a member of"."""
    signature = letter_signature(letter, public_id)
    if signature.kind != Signature.Kind.ORGANIZATION:
        return redirect("moderation:detail", letter.slug, signature.public_id)
    form = DeclaredNetworksForm(request.POST, networks=_declarable(letter, signature))
    if not form.is_valid():
        return _render(request, letter, signature, status=400, networks_form=form)
    changed = memberships.set_declared(signature, form.cleaned_data["networks"], by=request.user)
    return _saved(request, letter, signature, changed)


@require_POST
@letter_access_required(MODERATE)
def attach(request, letter, public_id):
    """Adds the organization to a network's member list."""
    signature = letter_signature(letter, public_id)
    form = AttachForm(
        request.POST, network_signatures=_network_signatures(letter, signature), signature=signature
    )
    if signature.kind != Signature.Kind.ORGANIZATION or not form.is_valid():
        return _render(request, letter, signature, status=400, attach_form=form)
    changed = memberships.attach(
        signature, form.cleaned_data["network_signature"], request.user, form.cleaned_data["role"]
    )
    return _saved(request, letter, signature, changed)


@require_POST
@letter_access_required(MODERATE)
def detach(request, letter, public_id):
    """Takes a member off a network's list: from the organization's page or the network's."""
    signature = letter_signature(letter, public_id)
    member = get_object_or_404(
        Member.objects.select_related("network_signature", "signature"),
        Q(signature=signature) | Q(network_signature=signature),
        pk=int_or_none(request.POST.get("member")),
    )
    memberships.detach(member, by=request.user)
    return _saved(request, letter, signature, True)


@require_POST
@letter_access_required(MODERATE)
def members(request, letter, public_id):
    """A network's whole member list."""
    signature = letter_signature(letter, public_id)
    if signature.kind != Signature.Kind.NETWORK:
        return redirect("moderation:detail", letter.slug, signature.public_id)
    form = MemberListForm(request.POST)
    if not form.is_valid():
        return _render(request, letter, signature, status=400, members_form=form)
    changed = memberships.replace_members(signature, form.cleaned_data["members"], request.user)
    return _saved(request, letter, signature, changed)


@require_POST
@letter_access_required(MODERATE)
def link(request, letter, public_id):
    """Links a member of this network's list to an organization's own signature, or unlinks it."""
    signature = letter_signature(letter, public_id)
    member_id, target_id = request.POST.get("member", ""), request.POST.get("target", "")
    member = get_object_or_404(
        Member.objects.select_related("network_signature", "signature"),
        network_signature=signature,
        pk=int_or_none(member_id),
    )
    target = None
    if target_id:
        target = get_object_or_404(
            Signature,
            letter=letter,
            kind=Signature.Kind.ORGANIZATION,
            pk=int_or_none(target_id),
        )
    changed = memberships.link(member, target, by=request.user)
    return _saved(request, letter, signature, changed)
