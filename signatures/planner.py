"""Queries PostgreSQL's statistics cannot plan well, planned for the few rows they find."""

from contextlib import contextmanager

from django.db import connection, transaction

_FEW_ROWS = {"enable_seqscan": "off", "max_parallel_workers_per_gather": "0", "jit": "off"}


@contextmanager
def few_rows():
    """Within the block, PostgreSQL plans for the few rows the indexes will find.

    For queries whose statistics mislead it. Match keys are nearly unique, so its
    statistics hold none of them, and it guesses that a page's hundred keys match a
    fifth of the letter: it would scan every row, start parallel workers and
    compile the query (100 ms and more at 100,000 signatures) where the GIN index
    answers in about one. And it takes a letter's stale keys to be as common as
    the whole table's, so one large letter not yet moderated would have every
    other letter's queue scan the table (50 ms) instead of the partial index.

    SET LOCAL ends with the transaction, or with its savepoint on an error; a
    surrounding transaction gets its settings back.
    """
    names = list(_FEW_ROWS)
    settings = ", ".join(["set_config(%s, %s, true)"] * len(names))
    # Outside a transaction, the block's own transaction ends the settings with it.
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if nested:
            cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
            before = cursor.fetchone()
        cursor.execute(f"SELECT {settings}", [v for pair in _FEW_ROWS.items() for v in pair])
        yield
        if nested:
            restore = zip(names, before, strict=True)
            cursor.execute(f"SELECT {settings}", [v for pair in restore for v in pair])
