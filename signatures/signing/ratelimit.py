"""A per-address limit on signing submissions, counted in PostgreSQL.

Counts live in fixed windows of FIRMAS_SIGN_RATE_WINDOW seconds, one RateCount
row per client address and window, whatever the cache is: every process and
server shares the database, so the limit holds across all of them. Counting is
one statement: an INSERT that adds one to the row if it exists (under the row's
lock, so no two submissions get the same number) and returns the count.

The same statement deletes up to SWEEP rows of windows that have ended, skipping
rows another submission is deleting, so the table holds about one window's
addresses and nothing waits. Whatever is left when signing stops (the addresses
of the last window) goes with the next submission, or with `purge_contacts
--withdrawn`, the daily retention job (see docs/privacy.md).
"""

import datetime
import time

from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

from config.clientaddress import client_address
from signatures.models import RateCount

# Rows of ended windows deleted by each count: more than the one row a count may add.
DAY = 24 * 3600
SWEEP = 10

_TABLE = RateCount._meta.db_table
# `ended` is materialized: read once, as a subquery that the plan could scan again
# would find SWEEP more rows each time (those it deleted no longer lock).
_COUNT = f"""
    WITH ended AS MATERIALIZED (
        SELECT window_start, key FROM {_TABLE} WHERE ends <= %(now)s
        ORDER BY ends LIMIT %(sweep)s FOR UPDATE SKIP LOCKED
    ), swept AS (
        DELETE FROM {_TABLE} AS c USING ended
        WHERE c.window_start = ended.window_start AND c.key = ended.key
    )
    INSERT INTO {_TABLE} AS c (window_start, key, count, ends)
    VALUES (%(start)s, %(key)s, 1, %(ends)s)
    ON CONFLICT (window_start, key) DO UPDATE SET count = c.count + 1
    RETURNING c.count
"""  # noqa: S608 - the table's name is ours; values are parameters


def allow(request, scope="sign"):
    """Counts one submission from this client; False once it is over the limit."""
    key = f"{scope}:{client_address(request) or 'unknown'}"
    return increment(key) <= settings.FIRMAS_SIGN_RATE_LIMIT


def window_start(now=None, window=None):
    """When the window holding `now` (a Unix time; default: now) began; windows are
    `window` seconds long (default: FIRMAS_SIGN_RATE_WINDOW)."""
    window = window or settings.FIRMAS_SIGN_RATE_WINDOW
    now = time.time() if now is None else now
    return datetime.datetime.fromtimestamp(now // window * window, tz=datetime.UTC)


def allow_email(address):
    """Counts one email to `address`; False once the address had its emails for the day.

    The signing forms mail whatever address is typed in, and the per-client limit
    does not stop many clients writing to one inbox. The key holds a keyed digest of
    the address, never the address.
    """
    digest = salted_hmac("firmas.ratelimit.email", address.strip().casefold()).hexdigest()
    key = f"email:{digest[:40]}"
    return increment(key, window=DAY) <= settings.FIRMAS_EMAILS_PER_ADDRESS_PER_DAY


def increment(key, now=None, window=None):
    """Adds one to the count of `key` in the current window (default: the signing
    window, FIRMAS_SIGN_RATE_WINDOW seconds) and returns the new count."""
    now = time.time() if now is None else now
    start = window_start(now, window)
    ends = start + datetime.timedelta(seconds=window or settings.FIRMAS_SIGN_RATE_WINDOW)
    now_at = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            _COUNT, {"start": start, "ends": ends, "now": now_at, "key": key, "sweep": SWEEP}
        )
        return cursor.fetchone()[0]


def forget_ended_windows(now=None):
    """Deletes every count of a window that has ended; returns how many."""
    now = time.time() if now is None else now
    ended = RateCount.objects.filter(
        ends__lte=datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    )
    return ended.delete()[0]


def window_seconds():
    return settings.FIRMAS_SIGN_RATE_WINDOW
