"""Moderators' changes to networks and their members, and signatures they type in.

Every change is audited on each signature it touches, in the same transaction,
through Signature.edit(other_changes=...) with reviewed=True: a moderator's
change is the review, so an approved signature stays approved.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from letters.authoring import texts
from signatures.models import Member, Signature, SignatureEvent
from signatures.names import fold
from signatures.signing.service import DUPLICATE_CONSTRAINT, network_named


def member_text(members):
    """Members as the audit trail shows them: "organization: Name, role"."""
    return [f"{m.kind}: {m.name}, {m.role}" if m.role else f"{m.kind}: {m.name}" for m in members]


def _members(network_signature):
    return list(network_signature.members.order_by("position"))


def _listed_in(signature):
    """Names of the network signatures whose lists name this signature."""
    return sorted(
        Member.objects.filter(signature=signature).values_list("network_signature__name", flat=True)
    )


def _audit(signature, key, before, after, by):
    if before != after:
        signature.edit({}, other_changes={key: [before, after]}, by=by, reviewed=True)


def set_declared(signature, networks, by):
    """The networks an organization signs "as a member of"."""
    with transaction.atomic():
        before = sorted(network.name for network in signature.member_of.all())
        after = sorted(network.name for network in networks)
        if before == after:
            return False
        signature.member_of.set(networks)
        _audit(signature, "member_of", before, after, by)
    return True


def attach(signature, network_signature, by, role=""):
    """Adds an organization to a network's member list, linked to its own signature."""
    with transaction.atomic():
        # Locks the network's list, so that two additions do not take one position.
        Signature.objects.select_for_update().filter(pk=network_signature.pk).get()
        if network_signature.members.filter(signature=signature).exists():
            return False
        before, listed_before = _members(network_signature), _listed_in(signature)
        position = network_signature.members.aggregate(last=Max("position"))["last"] or 0
        Member.objects.create(
            network_signature=network_signature,
            position=position + 1,
            kind=Member.Kind.ORGANIZATION,
            name=signature.display_name,
            role=role,
            signature=signature,
        )
        after = _members(network_signature)
        _audit(network_signature, "members", member_text(before), member_text(after), by)
        _audit(signature, "memberships", listed_before, _listed_in(signature), by)
    return True


def detach(member, by):
    """Takes a member off its network's list (and so the organization off the network)."""
    with transaction.atomic():
        network_signature, own = member.network_signature, member.signature
        before = _members(network_signature)
        listed_before = _listed_in(own) if own else []
        member.delete()
        after = _members(network_signature)
        _audit(network_signature, "members", member_text(before), member_text(after), by)
        if own:
            _audit(own, "memberships", listed_before, _listed_in(own), by)


def link(member, target, by):
    """Links a network member to the organization's own signature (or unlinks it, if None).

    Linked, the organization counts once however many lists name it.
    """
    with transaction.atomic():
        previous = member.signature
        if (previous and previous.pk) == (target and target.pk):
            return False
        affected = [s for s in (previous, target) if s is not None]
        listed_before = {s.pk: _listed_in(s) for s in affected}
        member.signature = target
        member.save(update_fields=["signature"])
        name = member.name
        _audit(
            member.network_signature,
            "member_links",
            [f"{name} → {previous.display_name}"] if previous else [],
            [f"{name} → {target.display_name}"] if target else [],
            by,
        )
        for signature in affected:
            _audit(signature, "memberships", listed_before[signature.pk], _listed_in(signature), by)
    return True


def replace_members(network_signature, members, by):
    """A network's whole member list (MemberLine items), keeping links by name."""
    with transaction.atomic():
        current = _members(network_signature)
        if member_text(current) == member_text(members):
            return False
        links = {fold(m.name): m.signature_id for m in current if m.signature_id}
        network_signature.members.all().delete()
        Member.objects.bulk_create(
            Member(
                network_signature=network_signature,
                position=position,
                kind=line.kind,
                name=line.name,
                role=line.role,
                signature_id=links.get(fold(line.name)),
            )
            for position, line in enumerate(members, start=1)
        )
        _audit(network_signature, "members", member_text(current), member_text(members), by)
    return True


def add_signature(letter, form, by):
    """Saves a signature typed in from an email or paper (a valid AddSignatureForm).

    Returns the signature, or None when its email already signed the letter as
    this kind (the form then has the error).
    """
    signature = form.save(commit=False)
    signature.letter = letter
    signature.status = form.cleaned_data["status"]
    signature.origin = form.cleaned_data["origin"]
    if signature.status == Signature.Status.APPROVED:
        signature.decided_at = timezone.now()
    try:
        with transaction.atomic():
            if signature.kind == Signature.Kind.NETWORK:
                signature.network = network_named(signature.name)
            signature.revision = texts.current_revision(letter)  # the text as it is now
            signature.save()
            signature.events.create(
                action=SignatureEvent.Action.CREATED,
                actor=by,
                to_status=signature.status,
                changes={"origin": [None, signature.origin]},
            )
    except IntegrityError as error:
        diag = getattr(error.__cause__, "diag", None)
        if getattr(diag, "constraint_name", None) != DUPLICATE_CONSTRAINT:
            raise
        return None
    return signature
