"""Password reset tells no one who has an account, and cannot flood an inbox
(security review, finding 4): the request does the same work for any address, the
email leaves through the task queue, and both the client and the address are limited."""

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from signatures.models import RateCount

pytestmark = pytest.mark.django_db

RESET = "config.passwordreset.send_reset"


def ask(client, email, address="203.0.113.5"):
    response = client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    return response


def queued():
    return list(DBTaskResult.objects.filter(task_path=RESET).values_list("args_kwargs", flat=True))


def test_the_request_sends_nothing_and_queues_the_same_for_any_address(client, owner):
    ask(client, "duena@example.org")
    ask(client, "nadie@example.org")

    assert mail.outbox == []  # nothing is sent inside the request
    emails = [entry["args"][0] for entry in queued()]
    assert emails == ["duena@example.org", "nadie@example.org"]


def test_the_worker_emails_the_account_its_link_and_no_one_else(client, owner, post):
    post(reverse("password_reset"), {"email": "duena@example.org"})
    post(reverse("password_reset"), {"email": "nadie@example.org"})

    assert [message.to for message in mail.outbox] == [["duena@example.org"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_one_inbox_gets_a_few_emails_a_day_whoever_asks(client, owner, post, settings):
    for number in range(50):
        post(
            reverse("password_reset"),
            {"email": "duena@example.org"},
            REMOTE_ADDR=f"198.51.100.{number}",
        )

    assert len(mail.outbox) == settings.FIRMAS_EMAILS_PER_ADDRESS_PER_DAY
    # The counter keeps a keyed digest of the address, never the address.
    assert not RateCount.objects.filter(key__contains="duena").exists()


def test_one_client_is_limited_across_addresses(client, owner, settings):
    for number in range(settings.FIRMAS_SIGN_RATE_LIMIT + 5):
        ask(client, f"persona{number}@example.org")

    assert len(queued()) == settings.FIRMAS_SIGN_RATE_LIMIT
