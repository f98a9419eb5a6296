"""The signing rate limit counts atomically, so it holds across processes and servers."""

import multiprocessing
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

from signatures.signing import ratelimit


def count_in_another_process(database, key, times, results):
    """Runs in a fresh interpreter: Django set up against the test database."""
    import django

    django.setup()
    from django.db import connections

    connections.databases["default"]["NAME"] = database
    from signatures.signing import ratelimit

    results.put([ratelimit.increment(key, 60) for _ in range(times)])
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_processes_counting_at_once_lose_no_count():
    key = f"test:{uuid.uuid4().hex}"
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    database = settings.DATABASES["default"]["NAME"]
    processes = [
        context.Process(target=count_in_another_process, args=(database, key, 40, results))
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    counts = [count for _ in processes for count in results.get(timeout=120)]
    for process in processes:
        process.join(timeout=30)

    # Each count was handed out once: no two requests saw the same number.
    assert sorted(counts) == list(range(1, 81))
    assert caches["default"].get(key) == 80


@pytest.mark.django_db
def test_the_database_count_starts_again_once_its_window_is_over():
    key = f"test:{uuid.uuid4().hex}"
    assert [ratelimit.increment(key, 60) for _ in range(3)] == [1, 2, 3]

    cache = caches["default"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE firmas_cache SET expires = now() - interval '1 second' WHERE cache_key = %s",
            [cache.make_and_validate_key(key)],
        )

    assert cache.get(key) is None
    assert ratelimit.increment(key, 60) == 1
    assert cache.get(key) == 1


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_a_cache_service_counts_with_its_own_increment():
    key = f"test:{uuid.uuid4().hex}"

    assert [ratelimit.increment(key, 60) for _ in range(3)] == [1, 2, 3]
    assert caches["default"].get(key) == 3
