"""The signing rate limit counts atomically in PostgreSQL, so it holds across processes
and servers whatever the cache is, and it forgets ended windows."""

import io
import multiprocessing
import time
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from config.clientaddress import client_address
from signatures.models import RateCount
from signatures.signing import ratelimit
from tests.signatures.signing.rate_counter import count_in_another_process

NOW = time.time()


@pytest.mark.django_db(transaction=True)
def test_two_processes_counting_at_once_lose_no_count():
    key = f"test:{uuid.uuid4().hex}"
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    database = settings.DATABASES["default"]["NAME"]
    processes = [
        context.Process(target=count_in_another_process, args=(database, key, 40, NOW, results))
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    counts = [count for _ in processes for count in results.get(timeout=120)]
    for process in processes:
        process.join(timeout=30)

    # Each count was handed out once: no two requests saw the same number.
    assert sorted(counts) == list(range(1, 81))
    assert RateCount.objects.get(key=key).count == 80


@pytest.mark.django_db
def test_counting_is_one_statement():
    with CaptureQueriesContext(connection) as queries:
        assert ratelimit.increment("test:one", now=NOW) == 1

    assert len(queries) == 1


@pytest.mark.django_db
def test_the_count_starts_again_in_the_next_window_and_ended_windows_are_deleted(settings):
    settings.FIRMAS_SIGN_RATE_WINDOW = 600
    for number in range(ratelimit.SWEEP + 2):
        ratelimit.increment(f"test:{number}", now=NOW)
    assert [ratelimit.increment("test:0", now=NOW) for _ in range(2)] == [2, 3]

    later = NOW + 600
    assert ratelimit.increment("test:0", now=later) == 1
    # That count deleted SWEEP of the ended window's rows; the next one the rest.
    assert RateCount.objects.count() == 2 + 1
    ratelimit.increment("test:1", now=later)
    assert set(RateCount.objects.values_list("key", "count")) == {("test:0", 1), ("test:1", 1)}


@pytest.mark.django_db
def test_the_daily_retention_job_deletes_the_counts_of_ended_windows():
    ratelimit.increment("test:old", now=NOW - settings.FIRMAS_SIGN_RATE_WINDOW)
    ratelimit.increment("test:current")

    call_command("purge_contacts", "--withdrawn", stdout=io.StringIO())

    assert list(RateCount.objects.values_list("key", flat=True)) == ["test:current"]


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_with_a_cache_service_the_count_is_still_in_the_database():
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.4")

    assert [ratelimit.allow(request) for _ in range(2)] == [True, True]
    assert RateCount.objects.get(key="sign:203.0.113.4").count == 2


@pytest.mark.parametrize(
    ("forwarded", "remote", "expected"),
    [
        ("198.51.100.1, 203.0.113.7", "192.0.2.9", "203.0.113.7"),
        ("203.0.113.7", "192.0.2.9", "203.0.113.7"),
        ("2001:DB8:0:0::1", "192.0.2.9", "2001:db8::1"),  # one spelling, one count
        ("", "192.0.2.9", "192.0.2.9"),
        ("not-an-address", "192.0.2.9", "192.0.2.9"),
        ("\x00", "192.0.2.9", "192.0.2.9"),
        ("fe80::1%eth0", "192.0.2.9", "192.0.2.9"),
        ("1" * 10_000, "192.0.2.9", "192.0.2.9"),
        (", , ,", "192.0.2.9", "192.0.2.9"),
        ("", "", None),
        ("nonsense", "not-an-address-either", None),
    ],
)
def test_the_client_address_is_one_valid_address_or_none(settings, forwarded, remote, expected):
    settings.NUM_PROXIES = 1
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)

    assert client_address(request) == expected


def test_without_proxies_the_forwarded_header_is_ignored(settings):
    settings.NUM_PROXIES = 0
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="::1")

    assert client_address(request) == "::1"
