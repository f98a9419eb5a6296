"""Merging duplicates and undoing a merge: what moves from one signature to the other.

A merged signature is rejected with merged_into set, never deleted; what it carried
(the network lists that name it, the networks it declared) moves to the kept one and
is recorded by id, so that restoring it gives back exactly what the merge moved.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from signatures.models.events import SignatureEvent
from signatures.models.networks import Member, Network
from signatures.status import MERGE

# The key of a merge's SignatureEvent.changes that records, by id, what it moved.
MERGE_MOVES = "moved"


class MergeError(ValueError):
    """Two signatures that cannot be merged; the message says why."""


def merge_problem(this, keep):
    """Why `this` cannot be merged into `keep`, or None."""
    if keep is None or this.pk == keep.pk:
        return gettext("A signature cannot be merged into itself.")
    if this.letter_id != keep.letter_id:
        return gettext("Only signatures of the same letter can be merged.")
    if (this.kind == this.Kind.INDIVIDUAL) != (keep.kind == this.Kind.INDIVIDUAL):
        return gettext("An individual and an organization cannot be merged.")
    if this.merged_into_id or keep.merged_into_id:
        return gettext("One of the two signatures is already merged into another.")
    if not {this.status, keep.status} <= MERGE.from_statuses:
        return gettext("Rejected and withdrawn signatures cannot be merged.")
    return None


def label(signature):
    """How the audit trail names a signature."""
    return f"{signature.display_name} (#{signature.pk})"


def merge(duplicate, keep, *, by=None, reason="", values=None):
    """Marks `duplicate` a duplicate of `keep`, and moves its networks to `keep`.

    `duplicate` is rejected with merged_into set, never deleted. The network lists
    that name it (Member.signature) and the networks it declared (member_of)
    move to `keep`; both signatures record the merge with before and after.
    `values` ({field: value}) are what the kept signature takes over from the
    duplicate, chosen by the moderator field by field: set in the same transaction
    and audited as an edit. An email taken over leaves the duplicate (one address
    signs a letter once per kind), which its merge event records.
    Raises MergeError, changing nothing, when the two cannot be merged. Returns the
    kept signature's changes, as audited.
    """
    with transaction.atomic():
        locked = type(duplicate).objects.select_for_update().filter(pk__in=[duplicate.pk, keep.pk])
        rows = {row.pk: row for row in locked.order_by("pk")}
        this, kept = rows[duplicate.pk], rows.get(keep.pk)
        problem = merge_problem(this, kept)
        if problem:
            raise MergeError(problem)
        listed = list(Member.objects.filter(signature=this).select_related("network_signature"))
        Member.objects.filter(signature=this).update(signature=kept)
        declared = list(this.member_of.all())
        kept_networks = list(kept.member_of.all())
        kept_declared = sorted(network.name for network in kept_networks)
        kept_listed = sorted(
            Member.objects.filter(signature=kept)
            .exclude(pk__in=[member.pk for member in listed])
            .values_list("network_signature__name", flat=True)
        )
        kept.member_of.add(*declared)
        this.member_of.clear()
        moved_listed = sorted(member.network_signature.name for member in listed)
        moved_declared = sorted(network.name for network in declared)
        from_status = this.status
        this.status, this.merged_into = MERGE.to, kept
        this.decided_at = timezone.now()  # MERGE.to is among DECIDED
        fields = ["status", "merged_into", "decided_at", "updated_at"]
        this_changes = {"merged_into": [None, label(kept)]}
        email = (values or {}).get("email", "")
        if email and this.email and email.casefold() == this.email.casefold():
            this_changes["email"] = [this.email, ""]  # it moves to the kept signature
            this.email = ""
            fields.append("email")
        this.save(update_fields=fields)
        kept_changes = {"merged": [None, label(this)]}
        if moved_declared:
            this_changes["member_of"] = [moved_declared, []]
            after = sorted({*kept_declared, *moved_declared})
            kept_changes["member_of"] = [kept_declared, after]
        if moved_listed:
            this_changes["memberships"] = [moved_listed, []]
            kept_changes["memberships"] = [kept_listed, sorted(kept_listed + moved_listed)]
        if listed or declared:
            # Exactly what moved, by id, for a restore to give it back (give_back_merged).
            this_changes[MERGE_MOVES] = {
                "members": [member.pk for member in listed],
                "member_of": [network.pk for network in declared],
                "added_to_kept": [n.pk for n in declared if n not in kept_networks],
            }
        action = MERGE.event
        SignatureEvent.objects.bulk_create(
            [
                SignatureEvent(
                    signature=this,
                    action=action,
                    actor=by,
                    from_status=from_status,
                    to_status=this.status,
                    reason=reason,
                    changes=this_changes,
                ),
                SignatureEvent(
                    signature=kept,
                    action=action,
                    actor=by,
                    from_status=kept.status,
                    to_status=kept.status,
                    reason=reason,
                    changes=kept_changes,
                ),
            ]
        )
        if values:
            kept_changes.update(kept.edit(values, by=by, reviewed=True))
    return kept_changes


def give_back_merged(model, merged, *, by, reason):
    """The inverse of merge() for restored signatures of `model` (Signature):
    `merged` maps each one's pk to the pk of the signature it was merged into.

    From what each merge recorded (MERGE_MOVES): the network-list links that named it
    and the networks it declared come back to it, and the kept signature loses the
    networks it had only through the merge. A link a moderator has pointed elsewhere
    since stays where it is. The kept signatures' side is recorded here, an event
    each; returns {pk: changes} for the restored signatures' own events. A fixed
    number of queries, however many are restored.
    """
    if not merged:
        return {}
    merges = (
        SignatureEvent.objects.filter(signature_id__in=merged, action=SignatureEvent.Action.MERGED)
        .order_by("signature_id", "-created_at", "-pk")
        .distinct("signature_id")
    )
    moves = {event.signature_id: event.changes.get(MERGE_MOVES) or {} for event in merges}
    involved = {*merged, *merged.values()}
    before = memberships(model, involved)
    owner, still_kept = {}, Q()
    for pk, move in moves.items():
        owner.update(dict.fromkeys(move.get("members", []), pk))
        still_kept |= Q(pk__in=move.get("members", []), signature_id=merged[pk])
    links = list(Member.objects.filter(still_kept).values_list("pk", flat=True)) if owner else []
    if links:
        Member.objects.filter(pk__in=links).update(
            signature_id=Case(*(When(pk=link, then=Value(owner[link])) for link in links))
        )
    through = model.member_of.through
    networks = {n for move in moves.values() for n in move.get("member_of", [])}
    existing = set(Network.objects.filter(pk__in=networks).values_list("pk", flat=True))
    through.objects.bulk_create(
        [
            through(signature_id=pk, network_id=network)
            for pk, move in moves.items()
            for network in move.get("member_of", [])
            if network in existing
        ],
        ignore_conflicts=True,
    )
    added = Q()
    for pk, move in moves.items():
        added |= Q(signature_id=merged[pk], network_id__in=move.get("added_to_kept", []))
    if added:
        through.objects.filter(added).delete()
    after = memberships(model, involved)

    def changed(pk):
        return {
            key: [before[pk][key], after[pk][key]]
            for key in after[pk]
            if before[pk][key] != after[pk][key]
        }

    restored_into = defaultdict(list)
    for pk, kept in merged.items():
        restored_into[kept].append(pk)
    labels = {
        s.pk: s for s in model.objects.filter(pk__in=involved).only("name", "acronym", "status")
    }
    SignatureEvent.objects.record(
        [
            (
                kept,
                labels[kept].status,
                labels[kept].status,
                {"merged": ["; ".join(label(labels[pk]) for pk in pks), None], **changed(kept)},
            )
            for kept, pks in restored_into.items()
        ],
        action=SignatureEvent.Action.RESTORED,
        actor=by,
        reason=reason,
    )
    return {pk: changed(pk) for pk in merged}


def memberships(model, ids):
    """{pk: {"member_of": network names, "memberships": listing networks}}, as merges audit."""
    found = {pk: {"member_of": [], "memberships": []} for pk in ids}
    declared = model.member_of.through.objects.filter(signature_id__in=ids)
    for pk, name in declared.values_list("signature_id", "network__name"):
        found[pk]["member_of"].append(name)
    listed = Member.objects.filter(signature_id__in=ids)
    for pk, name in listed.values_list("signature_id", "network_signature__name"):
        found[pk]["memberships"].append(name)
    return {pk: {key: sorted(names) for key, names in lists.items()} for pk, lists in found.items()}
