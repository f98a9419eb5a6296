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

allow_email counts, in the same table, the emails to each recipient address per
day (FIRMAS_EMAILS_PER_ADDRESS_PER_DAY).
"""

import datetime
import time

from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

from config.clientaddress import client_address
from signatures.models import RateCount

# Rows of ended windows deleted by each count: more than the one row a count may add.
SWEEP = 10

_TABLE = RateCount._meta.db_table
# `ended` is materialized: read once, as a subquery that the plan could scan again
# would find SWEEP more rows each time (those it deleted no longer lock).
_COUNT = f"""
    WITH ended AS MATERIALIZED (
        SELECT window_start, key FROM {_TABLE} WHERE window_start < %(start)s
        ORDER BY window_start LIMIT %(sweep)s FOR UPDATE SKIP LOCKED
    ), swept AS (
        DELETE FROM {_TABLE} AS c USING ended
        WHERE c.window_start = ended.window_start AND c.key = ended.key
    )
    INSERT INTO {_TABLE} AS c (window_start, key, count) VALUES (%(start)s, %(key)s, 1)
    ON CONFLICT (window_start, key) DO UPDATE SET count = c.count + 1
    RETURNING c.count
"""  # noqa: S608 - the table's name is ours; values are parameters


def allow(request, scope="sign"):
    """Counts one submission from this client; False once it is over the limit."""
    key = f"{scope}:{client_address(request) or 'unknown'}"
    return increment(key) <= settings.FIRMAS_SIGN_RATE_LIMIT


def window_start(now=None):
    """When the window holding `now` (a Unix time; default: now) began."""
    window = settings.FIRMAS_SIGN_RATE_WINDOW
    now = time.time() if now is None else now
    return datetime.datetime.fromtimestamp(now // window * window, tz=datetime.UTC)


def increment(key, now=None):
    """Adds one to the count of `key` in the current window and returns the new count."""
    with connection.cursor() as cursor:
        cursor.execute(_COUNT, {"start": window_start(now), "key": key, "sweep": SWEEP})
        return cursor.fetchone()[0]


# A day's count of the emails to one address is kept under the day's end rather than
# its start: the sweep of ended windows (rows whose window began before the current
# one) leaves it alone all day, and deletes it once the day is over.
_COUNT_FOR_THE_DAY = f"""
    INSERT INTO {_TABLE} AS c (window_start, key, count) VALUES (%(ends)s, %(key)s, 1)
    ON CONFLICT (window_start, key) DO UPDATE SET count = c.count + 1
    RETURNING c.count
"""  # noqa: S608 - the table's name is ours; values are parameters


def allow_email(address, now=None):
    """Counts one email to `address`; False once the address had its emails for the day.

    The signing forms mail whatever address is typed in, and the per-client limit
    does not stop many clients writing to one inbox. The key holds a keyed digest of
    the address, never the address.
    """
    day = 24 * 3600
    now = time.time() if now is None else now
    ends = datetime.datetime.fromtimestamp((now // day + 1) * day, tz=datetime.UTC)
    digest = salted_hmac("firmas.ratelimit.email", address.strip().casefold()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_FOR_THE_DAY, {"ends": ends, "key": f"email:{digest}"})
        return cursor.fetchone()[0] <= settings.FIRMAS_EMAILS_PER_ADDRESS_PER_DAY


def forget_ended_windows(now=None):
    """Deletes every count of a window that has ended; returns how many."""
    return RateCount.objects.filter(window_start__lt=window_start(now)).delete()[0]


def window_seconds():
    return settings.FIRMAS_SIGN_RATE_WINDOW
