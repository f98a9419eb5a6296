"""A signature's statuses, the events its history records, and the one table of moves.

MOVES says which move takes a signature from which statuses to which status.
Everything that changes a status, or offers to, reads it:

- Signature.move and SignatureQuerySet.move carry a move out, on one signature
  or on many at once, and refuse it from any status the table does not list;
  the named methods (`signature.approve(by=user)`, `signatures.reject(...)`)
  are those two with a move's name;
- the moderation pages offer, on each tab of the queue and on each signature,
  the actions of the moves its status allows (OFFERED, signatures.bulk.ACTIONS),
  and the signer's own page offers withdrawing and signing again the same way;
- the database's check constraint allows exactly Status.values.

A move's destination is a status, or a rule (REVIEWED, AS_SUBMITTED, AS_BEFORE)
when it depends on the letter and on the signature: see `resolve`. Merging
(MERGE) has its own method, Signature.merge_into, since it changes two signatures.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Event(models.TextChoices):
    """What a SignatureEvent records (SignatureEvent.Action)."""

    CREATED = "created", _("Submitted")
    IMPORTED = "imported", _("Imported")
    CONFIRMED = "confirmed", _("Email confirmed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RESTORED = "restored", _("Restored")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EDITED = "edited", _("Edited")
    MERGED = "merged", _("Merged")


# Still on its way to the list or on it: a signer may withdraw it, a moderator
# reject it or merge it (and duplicates are suggested among these).
LIVE = frozenset({Status.UNCONFIRMED, Status.PENDING, Status.APPROVED})
# Reaching one of these stamps decided_at.
DECIDED = frozenset({Status.APPROVED, Status.REJECTED})

# Destinations that depend on the letter and on the signature (see `resolve`).
# Pending where moderators approve each signature, else approved.
REVIEWED = "reviewed"
# As a new signature from the form: unconfirmed while the letter asks signers to
# confirm and this one never did, else REVIEWED.
AS_SUBMITTED = "as submitted"
# Where it would be without the rejection: as AS_SUBMITTED, except that only a
# signature from the form was ever asked to confirm (not an imported or added one).
AS_BEFORE = "as before"

# Signature.Origin.FORM: the signing form.
FORM = "form"

# Whether the moderator says why (kept in the audit trail): must, may, or "" (no reason).
REASON_REQUIRED = "required"
REASON_OPTIONAL = "optional"


@dataclass(frozen=True)
class Move:
    # Signature.<name>() and SignatureQuerySet.<name>() where they exist, and the
    # name Signature.move() and SignatureQuerySet.move() take.
    name: str
    # The statuses it moves from: from any other, it is refused.
    from_statuses: frozenset
    # A status, or one of the rules above.
    to: str
    # The SignatureEvent.Action it records.
    event: str
    # The moderation pages' action that offers it (signatures.bulk), or "".
    action: str = ""
    # REASON_REQUIRED, REASON_OPTIONAL or "".
    reason: str = ""
    # A date it sets to now, besides decided_at.
    stamp: str = ""

    def __post_init__(self):
        object.__setattr__(self, "from_statuses", frozenset(self.from_statuses))


MOVES = {
    move.name: move
    for move in (
        # The signer proved the email address.
        Move(
            "confirm",
            from_statuses={Status.UNCONFIRMED},
            to=REVIEWED,
            event=Event.CONFIRMED,
            stamp="confirmed_at",
        ),
        Move(
            "approve",
            from_statuses={Status.PENDING},
            to=Status.APPROVED,
            event=Event.APPROVED,
            action="approve",
        ),
        Move(
            "reject",
            from_statuses=LIVE,
            to=Status.REJECTED,
            event=Event.REJECTED,
            action="reject",
            reason=REASON_REQUIRED,
        ),
        # A moderator takes a rejection (or a merge) back. Withdrawn signatures are
        # not reconsidered: only their signer brings them back.
        Move(
            "reconsider",
            from_statuses={Status.REJECTED},
            to=AS_BEFORE,
            event=Event.RESTORED,
            action="restore",
            reason=REASON_OPTIONAL,
        ),
        # The signer leaves the list at once, even after the letter closed; a
        # rejection stays a rejection.
        Move("withdraw", from_statuses=LIVE, to=Status.WITHDRAWN, event=Event.WITHDRAWN),
        # The signer signs again, through confirmation and moderation as new.
        Move(
            "restore",
            from_statuses={Status.WITHDRAWN},
            to=AS_SUBMITTED,
            event=Event.RESTORED,
        ),
    )
}

# Signature.merge_into: a duplicate is rejected, with merged_into set.
MERGE = Move("merge", from_statuses=LIVE, to=Status.REJECTED, event=Event.MERGED)

# The actions offered for a signature in each status (and on its tab of the queue).
OFFERED = {
    status: tuple(
        move.action for move in MOVES.values() if move.action and status in move.from_statuses
    )
    for status in Status.values
}


def resolve(to, origin, confirmed_at, require_confirmation, require_moderation):
    """The status `to` (a move's destination) means for a signature with this origin
    and confirmation date, on a letter with these settings."""
    if to in (AS_SUBMITTED, AS_BEFORE):
        asked = to == AS_SUBMITTED or origin == FORM
        if require_confirmation and asked and confirmed_at is None:
            return Status.UNCONFIRMED
        to = REVIEWED
    if to == REVIEWED:
        return Status.PENDING if require_moderation else Status.APPROVED
    return to


def initial(letter):
    """The status of a new signature from the form."""
    return resolve(AS_SUBMITTED, FORM, None, letter.require_confirmation, letter.require_moderation)
