"""Failed logins are limited per account at each address, slowed down past wider limits,
and tell nothing about accounts (config/lockout.py).

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


def test_past_the_limit_the_account_is_locked_at_that_address_even_with_the_right_password(
    client, moderator
):
    statuses = [log_in(client, "moderadora", "wrong").status_code for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]

    response = log_in(client, "moderadora", "correcto-caballo-42")

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "from this connection is paused for 15 minutes" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert not is_logged_in(client)
    assert_strict(response)


def test_finding_10_failures_from_elsewhere_do_not_lock_the_owner_out(client, moderator):
    """Security review, finding 10: five failures for a username from any addresses
    locked it everywhere, right password included, for as long as someone kept trying."""
    for number in range(LIMIT * 3):
        log_in(client, "moderadora", "wrong", address=f"198.51.100.{number}")

    response = log_in(client, "moderadora", "correcto-caballo-42", address="192.0.2.1")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_finding_10_failures_from_one_address_do_not_lock_the_others_behind_it(
    client, moderator, django_user_model
):
    """Security review, finding 10: an office or a carrier's shared address."""
    for _ in range(LIMIT):
        log_in(client, "alguien", "wrong", address="203.0.113.66")

    colleague = log_in(client, "moderadora", "correcto-caballo-42", address="203.0.113.66")

    assert colleague.status_code == 302


def spread_failures(client, username, count, address=None):
    for number in range(count):
        log_in(client, username, "wrong", address=address or f"198.51.100.{number}")


def test_many_failures_for_an_account_slow_new_browsers_down_not_the_owners(
    client, moderator, settings
):
    settings.FIRMAS_LOGIN_USERNAME_LIMIT = 5
    log_in(client, "moderadora", "correcto-caballo-42", address="192.0.2.1")  # her browser
    known = client.cookies["firmas_device"].value
    client.logout()  # and the test client forgets its cookies: a new browser
    assert "firmas_device" not in client.cookies
    spread_failures(client, "moderadora", 5)

    stranger = log_in(client, "moderadora", "correcto-caballo-42", address="192.0.2.2")
    assert stranger.status_code == 429
    assert "try again in" in stranger.content.decode()
    assert 0 < int(stranger["Retry-After"]) <= settings.FIRMAS_LOGIN_SLOWDOWN_SECONDS
    assert not is_logged_in(client)
    assert_strict(stranger)

    client.cookies["firmas_device"] = known
    owner = log_in(client, "moderadora", "correcto-caballo-42", address="192.0.2.3")
    assert owner.status_code == 302


def test_the_slowdown_lets_one_attempt_through_once_its_wait_is_over(client, moderator, settings):
    settings.FIRMAS_LOGIN_USERNAME_LIMIT = 5
    spread_failures(client, "moderadora", 5)
    assert log_in(client, "moderadora", "wrong", address="192.0.2.2").status_code == 429

    earlier = timezone.now() - timedelta(seconds=settings.FIRMAS_LOGIN_SLOWDOWN_SECONDS + 1)
    AccessAttempt.objects.update(attempt_time=earlier)

    assert log_in(client, "moderadora", "correcto-caballo-42", address="192.0.2.2").status_code == (
        302
    )


def test_many_failures_from_one_address_slow_down_its_new_browsers(client, moderator, settings):
    settings.FIRMAS_LOGIN_ADDRESS_LIMIT = 6
    for number in range(6):
        log_in(client, f"nadie{number}", "wrong", address="203.0.113.66")

    response = log_in(client, "moderadora", "correcto-caballo-42", address="203.0.113.66")

    assert response.status_code == 429
    assert "try again in" in response.content.decode()


def test_a_forged_device_cookie_is_worth_nothing(client, moderator, settings):
    settings.FIRMAS_LOGIN_USERNAME_LIMIT = 5
    spread_failures(client, "moderadora", 5)
    client.cookies["firmas_device"] = f"{moderator.pk}:forged"

    assert log_in(client, "moderadora", "correcto-caballo-42", address="192.0.2.2").status_code == (
        429
    )


def test_finding_10_a_reset_by_email_unlocks_the_account_and_lets_that_browser_in(
    client, moderator, settings
):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    settings.FIRMAS_LOGIN_USERNAME_LIMIT = 5
    spread_failures(client, "moderadora", 5)
    spread_failures(client, "moderadora", LIMIT, address="192.0.2.2")  # this pair is locked
    assert log_in(client, "moderadora", "correcto-caballo-42", address="192.0.2.2").status_code == (
        429
    )

    uid = urlsafe_base64_encode(force_bytes(moderator.pk))
    token = default_token_generator.make_token(moderator)
    url = reverse("password_reset_confirm", args=[uid, token])
    form = client.get(url, follow=True)
    new = {"new_password1": "otra-clave-nueva-5", "new_password2": "otra-clave-nueva-5"}
    done = client.post(form.redirect_chain[-1][0], new, REMOTE_ADDR="192.0.2.2")
    assert done.status_code == 302

    assert not AccessAttempt.objects.filter(username="moderadora").exists()
    assert log_in(client, "moderadora", "otra-clave-nueva-5", address="192.0.2.2").status_code == (
        302
    )


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, moderator, settings):
    settings.NUM_PROXIES = 1
    for number in range(LIMIT):
        client.post(
            reverse("login"),
            {"username": "moderadora", "password": "wrong"},
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
    for _ in range(LIMIT + 1):
        address = "198.51.100.7"
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

    assert log_in(client, "x" * 10_000, "wrong").status_code == 429
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
