"""Counts in a process of its own (test_rate_limit_shared): imports nothing of the app
until Django is set up there."""


def count_in_another_process(database, key, times, now, results):
    """Runs in a fresh interpreter: Django set up against the test database."""
    import django

    django.setup()
    from django.db import connections

    connections.databases["default"]["NAME"] = database
    from signatures.signing import ratelimit

    results.put([ratelimit.increment(key, now=now) for _ in range(times)])
    connections.close_all()
