"""Moderators' actions on many signatures at once: approve, reject with a reason, restore.

A request names the signatures one of two ways: the ids ticked on the page, or
"everything matching the current filter". Ticked ids that are not the letter's,
or not in a state the action applies to, refuse the whole request: nothing is
skipped silently. Which action applies to which statuses, and what it does, is
the table of moves (signatures.status.MOVES); the work itself is
SignatureQuerySet.move, a fixed number of queries whatever the number of signatures.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from signatures import status
from signatures.models import Signature
from signatures.tasks import approvals_after_commit

APPROVE, REJECT, RESTORE = "approve", "reject", "restore"
LABELS = {APPROVE: _("Approve"), REJECT: _("Reject"), RESTORE: _("Restore")}


@dataclass(frozen=True)
class Action:
    name: str
    label: object
    move: status.Move

    @property
    def from_statuses(self):
        return self.move.from_statuses

    @property
    def needs_reason(self):
        return self.move.reason == status.REASON_REQUIRED


# In the table's order, which is the order the pages offer them in.
ACTIONS = {
    move.action: Action(move.action, LABELS[move.action], move)
    for move in status.MOVES.values()
    if move.action
}

# Why a signature is rejected: the moderator picks one, and may add a sentence.
REASONS = [
    ("spam", _("Spam or not a real signatory")),
    ("duplicate", _("Duplicate of another signature")),
    ("not_eligible", _("Does not meet the letter's criteria")),
    ("unverified", _("Could not verify who signed")),
    ("asked", _("The signatory asked to be removed")),
    ("other", _("Other reason (explain below)")),
]


class BulkRefused(ValueError):
    """The request cannot be carried out as asked; nothing was changed."""


def selected(letter, action, ids):
    """The ticked signatures, all the letter's and all eligible, or BulkRefused."""
    ids = set(ids)
    if not ids:
        raise BulkRefused(_("Select at least one signature."))
    rows = dict(Signature.objects.filter(letter=letter, pk__in=ids).values_list("pk", "status"))
    foreign = len(ids - rows.keys())
    if foreign:
        raise BulkRefused(
            ngettext(
                "%(count)s of the selected signatures is not on this letter. Nothing was changed.",
                "%(count)s of the selected signatures are not on this letter. Nothing was changed.",
                foreign,
            )
            % {"count": foreign}
        )
    ineligible = sum(1 for status in rows.values() if status not in action.from_statuses)
    if ineligible:
        raise BulkRefused(
            ngettext(
                "%(count)s of the selected signatures cannot be changed this way (its status "
                "does not allow it, or it just changed). Nothing was changed.",
                "%(count)s of the selected signatures cannot be changed this way (their status "
                "does not allow it, or it just changed). Nothing was changed.",
                ineligible,
            )
            % {"count": ineligible}
        )
    return Signature.objects.filter(letter=letter, pk__in=ids)


def eligible(signatures, action):
    """Of a filtered queryset, the signatures the action applies to."""
    return signatures.filter(status__in=action.from_statuses)


def reason_text(code, text):
    """The reason stored in the audit trail: the preset's words, then the moderator's."""
    label = dict(REASONS).get(code, "")
    text = " ".join((text or "").split())
    if code == "other" or not label:
        return text
    return f"{label}: {text}" if text else str(label)


def apply(letter, action, signatures, by, reason=""):
    """Carries out `action` on `signatures`; returns the number changed.

    Signers of a letter that asks for it are emailed once their signature is
    approved, by the worker, after the transaction commits.
    """
    move = action.move
    with transaction.atomic():
        changed = signatures.move(move.name, by=by, reason=reason if move.reason else "")
        if action.name == APPROVE and letter.email_signers_on_approval:
            approvals_after_commit([pk for pk, _from, _to in changed])
    return len(changed)


def done_message(action, count):
    if action.name == APPROVE:
        text = ngettext("%(count)s signature approved.", "%(count)s signatures approved.", count)
    elif action.name == REJECT:
        text = ngettext("%(count)s signature rejected.", "%(count)s signatures rejected.", count)
    else:
        text = ngettext("%(count)s signature restored.", "%(count)s signatures restored.", count)
    return text % {"count": count}
