"""A per-IP limit on signing submissions, counted in the shared cache.

Counts live in fixed windows of FIRMAS_SIGN_RATE_WINDOW seconds. Each count is
atomic, so the limit holds across every process and server that shares the
cache: Redis increments in place; the database cache increments under a lock
on the counter's row.
"""

import base64
import datetime
import pickle
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


def client_ip(request):
    """The client's address: the connection's, or the one the trusted proxies saw."""
    if settings.NUM_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= settings.NUM_PROXIES:
            return hops[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope="sign"):
    """Counts one submission from this client; False once it is over the limit."""
    window = settings.FIRMAS_SIGN_RATE_WINDOW
    bucket = int(time.time() // window)
    key = f"firmas:rate:{scope}:{client_ip(request)}:{bucket}"
    return increment(key, window) <= settings.FIRMAS_SIGN_RATE_LIMIT


def increment(key, timeout):
    """Adds one to the counter `key` (created with `timeout`) and returns the new count."""
    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        return _increment_in_database(cache, key, timeout)
    for _attempt in range(3):
        cache.add(key, 0, timeout=timeout)  # creates the counter only if it is missing
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: create it again
            continue
    raise RuntimeError(f"could not count {key} in the cache")


def _increment_in_database(cache, key, timeout):
    """One increment in five round trips: create the row if missing, lock it, update it.

    The value is stored as the database cache stores it (pickled, base64), so that
    cache.get() reads the count; an expired count starts again at one.
    """
    alias = router.db_for_write(cache.cache_model_class)
    connection = connections[alias]
    table = connection.ops.quote_name(cache._table)
    db_key = cache.make_and_validate_key(key)
    now = timezone.now()
    expires = now + datetime.timedelta(seconds=timeout)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (cache_key) DO NOTHING",
            [db_key, _encode(0), expires],
        )
        cursor.execute(
            f"SELECT value, expires FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
            [db_key],
        )
        value, stored_expires = cursor.fetchone()
        if stored_expires < now:
            count, stored_expires = 1, expires
        else:
            count = pickle.loads(base64.b64decode(value.encode())) + 1  # noqa: S301 (our own row)
        cursor.execute(
            f"UPDATE {table} SET value = %s, expires = %s WHERE cache_key = %s",  # noqa: S608
            [_encode(count), stored_expires, db_key],
        )
    return count


def _encode(value):
    return base64.b64encode(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)).decode("latin1")


def window_seconds():
    return settings.FIRMAS_SIGN_RATE_WINDOW
