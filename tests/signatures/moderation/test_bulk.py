"""Approve, reject with a reason and restore: one row, the ticked rows, or a whole filter."""

import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from signatures.models import Signature, SignatureEvent
from signatures.moderation import bulk
from signatures.names import sort_key
from tests.factories import copy_rows
from tests.signatures.moderation.helpers import bulk_url, queue_url

pytestmark = pytest.mark.django_db


def statuses(*signatures):
    return [Signature.objects.get(pk=s.pk).status for s in signatures]


def events_of(signature, action):
    return list(SignatureEvent.objects.filter(signature=signature, action=action))


def test_a_moderator_approves_the_ticked_signatures_and_returns_to_the_same_page(
    as_user, moderator, letter, signature
):
    casa, cels, sin = signature("Casa Monarca"), signature("CELS"), signature("Sin Fronteras")
    here = queue_url(letter, status="pending", q="a", order="name")
    response = as_user(moderator).post(
        bulk_url(letter),
        {"action": "approve", "scope": "selected", "ids": [casa.pk, cels.pk], "next": here},
    )

    assert response.status_code == 302
    assert response.url == here
    assert statuses(casa, cels, sin) == ["approved", "approved", "pending"]
    event = events_of(casa, "approved")[0]
    assert (event.actor, event.from_status, event.to_status) == (moderator, "pending", "approved")
    assert Signature.objects.get(pk=casa.pk).decided_at is not None
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["2 signatures approved."]


def test_ids_of_another_letter_refuse_the_whole_request(
    as_user, moderator, letter, other_letter, signature
):
    ours = signature("Casa Monarca")
    theirs = signature("Cristosal", letter=other_letter)
    response = as_user(moderator).post(
        bulk_url(letter),
        {"action": "approve", "scope": "selected", "ids": [ours.pk, theirs.pk]},
        follow=True,
    )

    assert statuses(ours, theirs) == ["pending", "pending"]
    assert not SignatureEvent.objects.exists()
    assert "1 of the selected signatures is not on this letter. Nothing was changed." in (
        response.content.decode()
    )


def test_an_id_that_does_not_exist_is_refused_too(as_user, moderator, letter, signature):
    ours = signature("Casa Monarca")
    as_user(moderator).post(
        bulk_url(letter), {"action": "approve", "scope": "selected", "ids": [ours.pk, 999999]}
    )

    assert statuses(ours) == ["pending"]


def test_signatures_the_action_does_not_apply_to_refuse_the_whole_request(
    as_user, moderator, letter, signature
):
    pending = signature("Casa Monarca")
    withdrawn = signature("CELS", status="withdrawn")
    response = as_user(moderator).post(
        bulk_url(letter),
        {"action": "approve", "scope": "selected", "ids": [pending.pk, withdrawn.pk]},
        follow=True,
    )

    assert statuses(pending, withdrawn) == ["pending", "withdrawn"]
    assert "cannot be changed this way" in response.content.decode()


def test_rejecting_asks_for_a_reason_first_and_stores_it(as_user, moderator, letter, signature):
    spam = signature("Buy cheap watches")
    client = as_user(moderator)
    data = {"action": "reject", "scope": "selected", "ids": [spam.pk]}

    asked = client.post(bulk_url(letter), data)
    assert asked.status_code == 200
    assert "Reject 1 signature?" in asked.content.decode()
    assert statuses(spam) == ["pending"]

    missing = client.post(bulk_url(letter), {**data, "confirmed": "on"})
    assert "Say why: choose a reason or write one." in missing.content.decode()
    assert statuses(spam) == ["pending"]

    client.post(
        bulk_url(letter),
        {**data, "confirmed": "on", "reason_code": "spam", "reason_text": "Posted by a bot"},
    )
    assert statuses(spam) == ["rejected"]
    event = events_of(spam, "rejected")[0]
    assert event.reason == "Spam or not a real signatory: Posted by a bot"
    assert (event.actor, event.from_status) == (moderator, "pending")


def test_other_reason_needs_its_words(as_user, moderator, letter, signature):
    spam = signature("Buy cheap watches")
    response = as_user(moderator).post(
        bulk_url(letter),
        {"action": "reject", "scope": "selected", "ids": [spam.pk], "reason_code": "other"},
    )

    assert response.status_code == 200
    assert statuses(spam) == ["pending"]


def test_an_approved_signature_can_be_rejected_and_restored(as_user, moderator, letter, signature):
    fake = signature("Fake Org", status="approved")
    client = as_user(moderator)
    client.post(
        bulk_url(letter),
        {"action": "reject", "scope": "selected", "ids": [fake.pk], "reason_text": "Not real"},
    )
    assert statuses(fake) == ["rejected"]

    client.post(bulk_url(letter), {"action": "restore", "scope": "selected", "ids": [fake.pk]})
    assert statuses(fake) == ["pending"]
    restored = events_of(fake, "restored")[0]
    assert (restored.from_status, restored.to_status) == ("rejected", "pending")


def test_restoring_an_unconfirmed_form_signature_needs_its_confirmation_again(
    as_user, moderator, letter, signature
):
    never_confirmed = signature("Casa Monarca", status="rejected", confirmed_at=None)
    confirmed = signature("CELS", status="rejected", confirmed_at="2024-01-01T00:00:00Z")
    as_user(moderator).post(
        bulk_url(letter),
        {"action": "restore", "scope": "selected", "ids": [never_confirmed.pk, confirmed.pk]},
    )

    assert statuses(never_confirmed, confirmed) == ["unconfirmed", "pending"]


def test_a_withdrawn_signature_is_not_restored_by_a_moderator(
    as_user, moderator, letter, signature
):
    withdrawn = signature("Casa Monarca", status="withdrawn")
    as_user(moderator).post(
        bulk_url(letter), {"action": "restore", "scope": "selected", "ids": [withdrawn.pk]}
    )

    assert statuses(withdrawn) == ["withdrawn"]


def test_acting_on_a_filter_shows_the_number_first_then_acts_on_exactly_those(
    as_user, moderator, letter, signature
):
    mexican = [signature(f"Organización {n}", country="MX") for n in range(3)]
    guatemalan = signature("Organización GT", country="GT")
    approved_mexican = signature("Organización aprobada", country="MX", status="approved")
    client = as_user(moderator)
    data = {"action": "approve", "scope": "filter", "status": "pending", "country": "MX"}

    page = client.post(bulk_url(letter), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Approve 3 signatures?" in html
    assert "Country: Mexico" in html
    assert statuses(*mexican) == ["pending"] * 3

    client.post(bulk_url(letter), {**data, "confirmed": "on", "expected": "3"})
    assert statuses(*mexican, guatemalan, approved_mexican) == ["approved"] * 3 + [
        "pending",
        "approved",
    ]
    assert SignatureEvent.objects.filter(action="approved").count() == 3


def test_a_filter_that_grew_since_the_confirmation_page_is_shown_again(
    as_user, moderator, letter, signature
):
    first = signature("Casa Monarca", country="MX")
    client = as_user(moderator)
    data = {"action": "approve", "scope": "filter", "status": "pending", "country": "MX"}
    client.post(bulk_url(letter), data)  # shows 1
    late = signature("Llegó tarde", country="MX")

    again = client.post(bulk_url(letter), {**data, "confirmed": "on", "expected": "1"})

    assert "The number of signatures changed since you looked" in again.content.decode()
    assert "Approve 2 signatures?" in again.content.decode()
    assert statuses(first, late) == ["pending", "pending"]


def test_a_filter_with_search_applies_to_the_matching_rows_only(
    as_user, moderator, letter, signature
):
    casa = signature("Casa del Migrante de Saltillo")
    other = signature("Cristosal")
    client = as_user(moderator)
    data = {"action": "reject", "scope": "filter", "status": "pending", "q": "MIGRANTE"}
    client.post(
        bulk_url(letter),
        {**data, "confirmed": "on", "expected": "1", "reason_code": "duplicate"},
    )

    assert statuses(casa, other) == ["rejected", "pending"]
    assert events_of(casa, "rejected")[0].reason == "Duplicate of another signature"


def test_bulk_actions_only_take_post(as_user, moderator, letter, signature):
    casa = signature("Casa Monarca")
    response = as_user(moderator).get(
        bulk_url(letter), {"action": "approve", "scope": "selected", "ids": [casa.pk]}
    )

    assert response.status_code == 405
    assert statuses(casa) == ["pending"]


def test_signers_are_emailed_on_approval_when_the_letter_asks_for_it(
    as_user, moderator, letter, signature, post
):
    letter.email_signers_on_approval = True
    letter.save()
    casa = signature("Casa Monarca", email="casa@example.org", email_language="es")
    no_email = signature("Sin correo")
    as_user(moderator)
    post(
        bulk_url(letter), {"action": "approve", "scope": "selected", "ids": [casa.pk, no_email.pk]}
    )

    assert statuses(casa, no_email) == ["approved", "approved"]
    assert [m.to for m in mail.outbox] == [["casa@example.org"]]
    message = mail.outbox[0]
    assert "Carta sobre las restricciones al asilo" in message.subject
    assert "/manage/" in message.body
    assert "Casa Monarca" in message.body


def test_signers_are_not_emailed_when_the_letter_does_not_ask_for_it(
    as_user, moderator, letter, signature, post
):
    casa = signature("Casa Monarca", email="casa@example.org")
    as_user(moderator)
    post(bulk_url(letter), {"action": "approve", "scope": "selected", "ids": [casa.pk]})

    assert statuses(casa) == ["approved"]
    assert mail.outbox == []


def _pending(letter, count):
    copy_rows(
        Signature,
        (
            Signature(
                letter=letter,
                kind="organization",
                name=f"Organización {n}",
                sort_name=sort_key(f"Organización {n}"),
                status="pending",
                email=f"o{n}@example.org",
            )
            for n in range(count)
        ),
    )


def _approve_all(client, letter, count):
    data = {"action": "approve", "scope": "filter", "status": "pending"}
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        client.post(bulk_url(letter), {**data, "confirmed": "on", "expected": str(count)})
        elapsed = time.perf_counter() - started
    return len(queries), elapsed


def test_a_bulk_approval_takes_the_same_queries_for_10_or_10000_signatures(
    as_user, moderator, letter, other_letter, settings
):
    from letters.models import LetterRole

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for target in (letter, other_letter):
        target.email_signers_on_approval = True
        target.save()
    LetterRole.objects.create(letter=other_letter, user=moderator, role="moderator")
    _pending(other_letter, 10)
    _pending(letter, 10_000)
    client = as_user(moderator)

    few, _ = _approve_all(client, other_letter, 10)
    many, elapsed = _approve_all(client, letter, 10_000)

    print(f"\nbulk approval of 10,000 over HTTP: {elapsed:.2f} s, {many} queries (10: {few})")
    assert many == few
    assert Signature.objects.filter(letter=letter, status="approved").count() == 10_000
    assert SignatureEvent.objects.filter(signature__letter=letter, action="approved").count() == (
        10_000
    )


def test_a_bulk_approval_of_10000_signatures_approves_them_all_with_their_audit(moderator, letter):
    # Its speed is measured in bench/ (make bench-moderation), not asserted here.
    _pending(letter, 10_000)
    pending = Signature.objects.filter(letter=letter, status="pending")

    done = bulk.apply(letter, bulk.ACTIONS[bulk.APPROVE], pending, by=moderator)

    assert done == 10_000
    assert not Signature.objects.filter(letter=letter, status="pending").exists()
    assert SignatureEvent.objects.filter(signature__letter=letter, action="approved").count() == (
        10_000
    )


def test_a_row_action_returns_to_the_same_place_in_the_list_not_the_top(
    as_user, moderator, letter, signature
):
    signature("Casa Monarca")
    cels = signature("CELS")
    client = as_user(moderator)
    html = client.get(queue_url(letter, order="name")).content.decode()
    # CELS is the second row by name: its form sends the moderator back to the second place.
    form = html[html.index(f'<input type="hidden" name="ids" value="{cels.pk}">') :]
    assert '#at2"' in form[: form.index("</form>")]
    assert 'id="at2"' in html

    response = client.post(
        bulk_url(letter),
        {
            "action": "approve",
            "scope": "selected",
            "ids": [cels.pk],
            "next": "".join([queue_url(letter, order="name"), "#at2"]),
        },
    )
    assert response.url.endswith("#at2")
