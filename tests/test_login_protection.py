"""Failed logins are limited per account and per address, and tell nothing about accounts.

django-axes counts failures in the database (settings: AXES_*). Past the limit a
clear page (429) answers the failure that reaches the limit and every attempt
after it, even with the right password, until the cool-off ends.
"""

import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse
from django.utils import timezone

from tests.test_csp import assert_strict

pytestmark = pytest.mark.django_db

LIMIT = 3
LOCKED = "Too many attempts to log in"
WRONG = "Please enter a correct username and password."


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user("moderadora", password="correcto-caballo-42")


def log_in(client, username, password, address="203.0.113.10", url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_the_right_password_logs_in_below_the_limit(client, moderator):
    for _ in range(LIMIT - 1):
        assert WRONG in log_in(client, "moderadora", "wrong").content.decode()

    response = log_in(client, "moderadora", "correcto-caballo-42")

    assert response.status_code == 302
    assert is_logged_in(client)
    assert not AccessLog.objects.exists()  # successful logins are not recorded


def test_past_the_limit_for_an_account_even_the_right_password_is_refused(client, moderator):
    # From a new address each time: the account's own count locks it.
    statuses = [
        log_in(client, "moderadora", "wrong", address=f"198.51.100.{number}").status_code
        for number in range(LIMIT)
    ]
    assert statuses == [200] * (LIMIT - 1) + [429]

    response = log_in(client, "moderadora", "correcto-caballo-42", address="198.51.100.99")

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "paused for 15 minutes" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert not is_logged_in(client)
    assert_strict(response)


def test_another_account_from_another_address_is_not_locked(client, moderator, django_user_model):
    django_user_model.objects.create_user("duena", password="otra-clave-segura-7")
    for number in range(LIMIT):
        log_in(client, "moderadora", "wrong", address=f"198.51.100.{number}")

    response = log_in(client, "duena", "otra-clave-segura-7", address="192.0.2.1")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_past_the_limit_from_one_address_every_account_is_refused_there(
    client, moderator, django_user_model
):
    # Guessing a different username each time does not get around the limit.
    for number in range(LIMIT):
        log_in(client, f"nadie{number}", "wrong", address="203.0.113.66")

    here = log_in(client, "moderadora", "correcto-caballo-42", address="203.0.113.66")
    elsewhere = log_in(client, "moderadora", "correcto-caballo-42", address="203.0.113.67")

    assert here.status_code == 429
    assert elsewhere.status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, moderator, settings):
    settings.NUM_PROXIES = 1
    for number in range(LIMIT):
        client.post(
            reverse("login"),
            {"username": f"nadie{number}", "password": "wrong"},
            # The client forges the left part; the proxy appends the address it saw.
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.5",
        )

    response = client.post(
        reverse("login"),
        {"username": "moderadora", "password": "correcto-caballo-42"},
        HTTP_X_FORWARDED_FOR="10.0.0.99, 203.0.113.5",
    )

    assert response.status_code == 429


def _comparable(response, username):
    html = response.content.decode().replace(username, "USERNAME")
    return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_an_account_that_does_not_exist_fails_and_locks_exactly_like_one_that_does(
    client, moderator
):
    existing, missing = [], []
    for attempt in range(LIMIT + 1):
        address = f"198.51.100.{attempt}"
        existing.append(_comparable(log_in(client, "moderadora", "wrong", address), "moderadora"))
        missing.append(_comparable(log_in(client, "fantasma11", "wrong", address), "fantasma11"))

    assert [status for status, _ in existing] == [200] * (LIMIT - 1) + [429, 429]
    assert existing == missing


def test_the_lockout_ends_after_the_cool_off(client, moderator, settings):
    for _ in range(LIMIT):
        log_in(client, "moderadora", "wrong")
    assert log_in(client, "moderadora", "correcto-caballo-42").status_code == 429

    earlier = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=earlier)
    response = log_in(client, "moderadora", "correcto-caballo-42")

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(attempt_time__lte=earlier).exists()


def test_the_admin_login_is_limited_too(client, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", "raiz-muy-segura-9")
    url = reverse("admin:login")
    for _ in range(LIMIT - 1):
        assert log_in(client, "root", "wrong", url=url).status_code == 200
    log_in(client, "root", "wrong", url=url)

    response = log_in(client, "root", "raiz-muy-segura-9", url=url)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not is_logged_in(client)


def test_failed_logins_leave_no_username_or_address_in_the_logs(client, caplog):
    with caplog.at_level(logging.DEBUG):
        for _ in range(LIMIT + 1):
            log_in(client, "alguien@example.org", "wrong", address="203.0.113.77")

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "AXES" in text  # axes did log the failures
    assert "alguien@example.org" not in text
    assert "203.0.113.77" not in text
    # Nor the password, in the database record of the attempt.
    attempt = AccessAttempt.objects.get()
    assert "wrong" not in attempt.post_data


def test_a_very_long_username_is_refused_like_any_other_not_a_500(client):
    # Found by tests/test_fuzz_accounts.py: axes stores the username in 255 characters.
    for _ in range(LIMIT - 1):
        response = log_in(client, "x" * 10_000, "wrong")
        assert response.status_code == 200
        assert WRONG in response.content.decode()

    assert log_in(client, "x" * 10_000, "wrong", address="192.0.2.50").status_code == 429
    assert AccessAttempt.objects.filter(username="x" * 255).exists()


def test_a_forged_forwarded_address_counts_as_the_connections(client, moderator, settings):
    # With NUM_PROXIES set but no proxy in front, the header is the client's to write.
    settings.NUM_PROXIES = 1
    for forged in ["not-an-address", "\x00", "fe80::1%eth0", "1" * 300]:
        response = client.post(
            reverse("login"),
            {"username": "moderadora", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=forged,
            REMOTE_ADDR="192.0.2.9",
        )
        assert response.status_code in (200, 429)

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.9"}


def test_the_lockout_page_speaks_the_readers_language(client, moderator):
    for _ in range(LIMIT):
        response = client.post(
            reverse("login"),
            {"username": "moderadora", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="es",
        )

    assert response.status_code == 429
    assert "Demasiados intentos de iniciar sesión" in response.content.decode()
