"""Signatures many at a time: what is public, and status moves in a fixed number of queries."""

from collections import defaultdict

from django.db import models, transaction
from django.utils import timezone

from letters.models import Letter
from signatures.models.events import SignatureEvent
from signatures.models.merging import give_back_merged
from signatures.status import DECIDED, MOVES, Status, resolve


class SignatureQuerySet(models.QuerySet):
    def approved(self):
        """Signatures on the delivered letter and in the counts, including "delivered only"."""
        return self.filter(status=Status.APPROVED)

    def public(self):
        """The one definition of what anyone may see: approved and shown on the website.

        Every public page, count, feed and public export starts from here.
        """
        return self.approved().filter(visibility=self.model.Visibility.PUBLIC)

    def on_listed_letters(self):
        """Only signatures of letters anyone may see (Letter.objects.listed()).

        public() says what a letter's own page may show; a page that reads across
        letters (a network's last list) must also leave out the drafts.
        """
        return self.filter(letter__in=Letter.objects.listed())

    # State changes over many signatures at once, in a fixed number of queries
    # whatever their number: lock the rows, one UPDATE per target status, one INSERT
    # of all their SignatureEvents, in one transaction. Signatures among these that
    # the move does not apply to are left alone. Each returns the changes made as
    # [(pk, from_status, to_status)].

    def approve(self, by=None):
        return self.move("approve", by=by)

    def reject(self, by=None, reason=""):
        return self.move("reject", by=by, reason=reason)

    def reconsider(self, by=None, reason=""):
        """Rejected (or merged) signatures go back to where they would be without it."""
        return self.move("reconsider", by=by, reason=reason)

    def move(self, name, *, by=None, reason=""):
        """The move `name` of signatures.status.MOVES, on those whose status allows it."""
        move = MOVES[name]
        now = timezone.now()
        with transaction.atomic():
            rows = list(
                self.filter(status__in=move.from_statuses)
                .select_for_update(of=("self",))
                .order_by("pk")  # the same lock order everywhere, so no deadlock
                .values_list(
                    "pk",
                    "status",
                    "origin",
                    "confirmed_at",
                    "merged_into_id",
                    "letter__require_confirmation",
                    "letter__require_moderation",
                )
            )
            targets = defaultdict(list)
            for row in rows:
                targets[resolve(move.to, *row[2:4], *row[5:])].append(row)
            given_back = {}
            if Status.REJECTED in move.from_statuses:  # a merge is undone with the rejection
                merged = {row[0]: row[4] for row in rows if row[4]}
                given_back = give_back_merged(self.model, merged, by=by, reason=reason)
            for to_status, group in targets.items():
                fields = {"status": to_status, "updated_at": now}
                if to_status in DECIDED:
                    fields["decided_at"] = now
                if move.stamp:
                    fields[move.stamp] = now
                if Status.REJECTED in move.from_statuses:
                    fields["merged_into"] = None  # only a rejected signature is merged
                self.model.objects.filter(pk__in=[row[0] for row in group]).update(**fields)
            changes = [
                (
                    row[0],
                    row[1],
                    to_status,
                    {"merged_into": [row[4], None], **given_back.get(row[0], {})} if row[4] else {},
                )
                for to_status, group in targets.items()
                for row in group
            ]
            SignatureEvent.objects.record(changes, action=move.event, actor=by, reason=reason)
        return [(pk, from_status, to_status) for pk, from_status, to_status, _c in changes]
