"""A letter's list version: the token that tells every cache its public list changed.

Pages, counts and data derived from a letter's signatures are cached under this
token (signatures.public.caching). Every write that can change what the public
list shows replaces it once the transaction commits: the letter's and its
versions' save() and delete(), and the signatures app's models and querysets
call touch_list(). It lives here, in the lower layer, so that the letter's own
models can mark their list changed without importing the signatures app.
"""

import logging
import secrets
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def version_key(letter_id):
    """The cache key of the letter's list version."""
    return f"firmas:list-version:{letter_id}"


def new_token():
    """Unique, and readable as the time of the change (for Last-Modified)."""
    return f"{time.time_ns() // 1000:x}.{secrets.token_hex(3)}"


def token_time(token):
    """The time (seconds since the epoch) a list version was made."""
    try:
        return int(token.split(".", 1)[0], 16) / 1_000_000
    except (ValueError, AttributeError):
        return 0.0


def list_version(letter_id):
    """The letter's current list version; a new one if the cache has none."""
    key = version_key(letter_id)
    token = cache.get(key)
    if token is None:
        token = new_token()
        if not cache.add(key, token, timeout=None):
            token = cache.get(key) or token
    return token


def touch_list(*letter_ids):
    """Marks the public list of these letters changed: now, and again once the
    transaction commits.

    The second time matters: a reader in another transaction may cache the list
    as it was before the commit under the first new version; the version made at
    commit leaves that behind. Outside a transaction, once is enough.
    """
    ids = {int(letter_id) for letter_id in letter_ids if letter_id is not None}
    if not ids:
        return

    def bump():
        try:
            # In a savepoint: with the database cache, a failed write (say, its table
            # missing) would otherwise abort the transaction of the change itself.
            with transaction.atomic():
                cache.set_many({version_key(i): new_token() for i in ids}, timeout=None)
        except Exception:
            # The change itself stands; a cache outage must not turn it into an error.
            logger.exception("could not mark the public list of letters %s changed", ids)

    if transaction.get_connection().in_atomic_block:
        bump()
    transaction.on_commit(bump)
