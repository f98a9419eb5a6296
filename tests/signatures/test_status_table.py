"""The table of status moves (signatures.status.MOVES) and everything that reads it agree:
the model's methods, the queryset's moves over many signatures, the actions the
moderation pages and the signer's page offer, and the database's check constraint."""

import itertools
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from signatures import status, tokens
from signatures.models import MergeError, Signature, SignatureEvent
from signatures.moderation import bulk
from signatures.moderation import queue as moderation
from signatures.moderation.views import TAB_ACTIONS

pytestmark = pytest.mark.django_db

STATUSES = Signature.Status.values
RULES = {status.REVIEWED, status.AS_SUBMITTED, status.AS_BEFORE}
# The letter's settings and the signature's facts a move's destination may depend on.
SITUATIONS = list(
    itertools.product(
        [True, False],  # the letter asks signers to confirm
        [True, False],  # moderators approve each signature
        [Signature.Origin.FORM, Signature.Origin.IMPORT],
        [True, False],  # the signer confirmed the address
    )
)


def test_every_move_goes_from_and_to_known_statuses_and_records_a_known_event():
    for name, move in status.MOVES.items():
        assert move.name == name
        assert move.from_statuses and move.from_statuses <= set(STATUSES), name
        assert move.to in STATUSES or move.to in RULES, name
        assert move.event in SignatureEvent.Action.values, name
        for confirmation, moderated, origin, confirmed in SITUATIONS:
            confirmed_at = timezone.now() if confirmed else None
            to = status.resolve(move.to, origin, confirmed_at, confirmation, moderated)
            assert to in STATUSES, name
    assert status.MERGE.from_statuses <= set(STATUSES)
    assert status.MERGE.to in STATUSES
    assert status.FORM == Signature.Origin.FORM


def test_the_database_accepts_exactly_the_statuses_of_the_table():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            ["signature_status_valid"],
        )
        (definition,) = cursor.fetchone()
    assert sorted(re.findall(r"'(\w+)'::", definition)) == sorted(STATUSES)


def test_the_model_and_its_queryset_name_the_moves_of_the_table():
    single = {n for n in status.MOVES if callable(getattr(Signature, n, None))}
    many = {n for n in status.MOVES if callable(getattr(Signature.objects.none(), n, None))}

    assert single == {"confirm", "approve", "reject", "withdraw", "restore"}
    assert many == {"approve", "reject", "reconsider"}


@pytest.mark.parametrize("name", ["confirm", "approve", "reject", "withdraw", "restore"])
def test_each_method_of_a_signature_refuses_a_move_the_table_does_not_allow(
    make_letter, make_signature, name
):
    letter = make_letter()
    move = status.MOVES[name]
    for from_status in STATUSES:
        signature = make_signature(letter, f"From {from_status}", status=from_status)
        method = getattr(signature, name)
        changed = method() if name == "confirm" else method(by=None)

        assert changed == (from_status in move.from_statuses), (name, from_status)
        stored = Signature.objects.get(pk=signature.pk)
        assert stored.status == signature.status
        events = list(stored.events.values_list("action", flat=True))
        assert events == ([move.event] if changed else [])
        if not changed:
            assert stored.status == from_status


@pytest.mark.parametrize("name", ["approve", "reject", "reconsider"])
def test_each_move_over_many_signatures_leaves_alone_those_the_table_does_not_allow(
    make_letter, make_signature, name
):
    letter = make_letter()
    move = status.MOVES[name]
    signatures = {s: make_signature(letter, f"From {s}", status=s) for s in STATUSES}

    changed = getattr(Signature.objects.filter(letter=letter), name)(by=None)

    assert {from_status for _pk, from_status, _to in changed} == move.from_statuses
    for from_status, signature in signatures.items():
        moved = Signature.objects.get(pk=signature.pk).status != from_status
        assert moved == (from_status in move.from_statuses), (name, from_status)


def _pair(letter, from_status, origin, confirmed, merged_into):
    return [
        Signature.objects.create(
            letter=letter,
            kind=Signature.Kind.ORGANIZATION,
            name=name,
            status=from_status,
            origin=origin,
            confirmed_at=timezone.now() if confirmed else None,
            merged_into=merged_into,
        )
        for name in ("Single", "Many")
    ]


def _outcome(signature):
    stored = Signature.objects.get(pk=signature.pk)
    events = [
        (e.action, e.from_status, e.to_status, e.reason, e.changes, e.actor_id)
        for e in stored.events.all()
    ]
    return (
        stored.status,
        stored.decided_at is not None,
        stored.confirmed_at is not None,
        stored.merged_into_id,
        events,
    )


@pytest.mark.parametrize("name", list(status.MOVES))
def test_a_move_on_one_signature_and_on_many_give_the_same_result(
    make_letter, make_signature, moderator, name
):
    move = status.MOVES[name]
    letters, kept = {}, {}
    for confirmation, moderated in itertools.product([True, False], repeat=2):
        letter = make_letter(
            slug=f"letter-{confirmation:d}{moderated:d}",
            require_confirmation=confirmation,
            require_moderation=moderated,
        )
        letters[confirmation, moderated] = letter
        kept[letter] = make_signature(letter, "Kept")
    for from_status in STATUSES:
        allowed = from_status in move.from_statuses
        # Where the move goes may depend on the situation; whether it is allowed may not.
        situations = SITUATIONS if allowed and move.to in RULES else SITUATIONS[:1]
        merged = [False, True] if from_status == Signature.Status.REJECTED else [False]
        for situation, is_merged in itertools.product(situations, merged):
            confirmation, moderated, origin, confirmed = situation
            letter = letters[confirmation, moderated]
            merged_into = kept[letter] if is_merged else None
            single, many = _pair(letter, from_status, origin, confirmed, merged_into)
            one = single.move(name, by=moderator, reason="Because")
            several = Signature.objects.filter(pk=many.pk).move(
                name, by=moderator, reason="Because"
            )

            case = (name, from_status, *situation, is_merged)
            assert one == bool(several) == allowed, case
            assert _outcome(single) == _outcome(many), case
            if allowed:
                when = timezone.now() if confirmed else None
                expected = status.resolve(move.to, origin, when, confirmation, moderated)
                assert single.status == expected == several[0][2], case
                assert Signature.objects.get(pk=single.pk).merged_into is None, case


def test_merging_is_refused_from_the_statuses_the_table_does_not_allow(make_letter, make_signature):
    letter = make_letter()
    kept = make_signature(letter, "Kept", status=Signature.Status.APPROVED)
    for from_status in STATUSES:
        duplicate = make_signature(letter, f"From {from_status}", status=from_status)
        try:
            duplicate.merge_into(kept)
        except MergeError:
            merged = False
        else:
            merged = True
        assert merged == (from_status in status.MERGE.from_statuses), from_status
        if merged:
            assert Signature.objects.get(pk=duplicate.pk).status == status.MERGE.to


def test_the_queue_offers_each_action_on_the_tabs_of_its_move_and_nowhere_else():
    offered_on = {
        action: {tab for tab in moderation.TABS if action in TAB_ACTIONS[tab]}
        for action in bulk.ACTIONS
    }
    moves = {move.action: move for move in status.MOVES.values() if move.action}

    assert set(TAB_ACTIONS) == set(moderation.TABS)
    assert set(bulk.ACTIONS) == set(moves)
    for action, move in moves.items():
        assert offered_on[action] == {*move.from_statuses, moderation.ALL}, action
        assert bulk.ACTIONS[action].from_statuses == move.from_statuses
        assert bulk.ACTIONS[action].needs_reason == (move.reason == status.REASON_REQUIRED)


def _queue_page(client, letter, tab):
    html = client.get(reverse("moderation:queue", args=[letter.slug]), {"status": tab})
    html = html.content.decode()
    bar = re.search(r'<select[^>]*name="action"[^>]*>(.*?)</select>', html, flags=re.S)
    options = tuple(re.findall(r'<option value="(\w+)">', bar.group(1))) if bar else ()
    rows = {
        int(pk): tuple(re.findall(r'name="action" value="(\w+)"', row))
        for pk, row in re.findall(r'<tr id="s(\d+)"(.*?)</tr>', html, flags=re.S)
    }
    return options, rows


def test_the_queue_pages_and_a_signatures_page_show_the_actions_of_the_table(
    client, letter, moderator, make_signature
):
    signatures = {s: make_signature(letter, f"Org {s}", status=s) for s in STATUSES}
    client.force_login(moderator)

    for tab in moderation.TABS:
        options, rows = _queue_page(client, letter, tab)

        assert options == (TAB_ACTIONS[tab] if rows else ()), tab
        for from_status, signature in signatures.items():
            if signature.pk in rows:
                assert rows[signature.pk] == status.OFFERED[from_status], (tab, from_status)
    for from_status, signature in signatures.items():
        url = reverse("moderation:detail", args=[letter.slug, signature.public_id])
        html = client.get(url).content.decode()
        offered = tuple(re.findall(r'name="action" value="(\w+)"', html))
        assert offered == status.OFFERED[from_status], from_status


@pytest.mark.parametrize("action", list(bulk.ACTIONS))
def test_a_bulk_action_changes_exactly_the_statuses_its_move_allows(
    client, letter, moderator, make_signature, action
):
    client.force_login(moderator)
    for from_status in STATUSES:
        signature = make_signature(letter, f"Org {from_status} {action}", status=from_status)
        client.post(
            reverse("moderation:bulk", args=[letter.slug]),
            {"action": action, "scope": "selected", "ids": [signature.pk], "reason_code": "spam"},
        )
        changed = Signature.objects.get(pk=signature.pk).status != from_status
        assert changed == (from_status in bulk.ACTIONS[action].from_statuses), from_status


def test_the_signers_page_offers_withdrawing_and_signing_again_as_the_table_allows(
    client, letter, make_signature
):
    for from_status in STATUSES:
        signature = make_signature(letter, f"Org {from_status}", status=from_status)
        token = tokens.make_token(signature, tokens.MANAGE)
        url = reverse("signing:manage", args=[letter.slug, signature.public_id, token])
        html = client.get(url).content.decode()

        can_withdraw = from_status in status.MOVES["withdraw"].from_statuses
        can_restore = from_status in status.MOVES["restore"].from_statuses
        assert (f"{token}/withdraw/" in html) == can_withdraw, from_status
        assert (f"{token}/restore/" in html) == can_restore, from_status
