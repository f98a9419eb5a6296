"""`migrate` alone leaves a working database, and a cache outage never aborts a write.

pytest-django builds its test database with Django's test runner, which also runs
`createcachetable`; that hid a missing cache table. The first test therefore
builds a database of its own, the way an operator does: `migrate`, then
`import_letter`, nothing else.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from signatures.importing.letter import import_letter
from signatures.models import Signature

SAMPLE = Path(settings.BASE_DIR) / "samples" / "mexico-asylum-letter-2023-12-18.txt"


def _server():
    """Connection arguments for the test database's server, as an administrator database."""
    db = settings.DATABASES["default"]
    return {
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }


@pytest.fixture
def empty_database():
    name = f"firmas_fresh_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**_server()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    yield name, url
    with psycopg.connect(**_server()) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(url, *args):
    env = {key: value for key, value in os.environ.items() if key != "CACHE_URL"}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_letter_works_right_after_migrate_on_an_empty_database(empty_database):
    name, url = empty_database

    migrated = _manage(url, "migrate", "--noinput")
    imported = _manage(url, "import_letter", str(SAMPLE))

    assert migrated.returncode == 0, migrated.stderr
    assert imported.returncode == 0, imported.stderr
    with psycopg.connect(**{**_server(), "dbname": name}) as fresh:
        tables = {row[0] for row in fresh.execute("SELECT tablename FROM pg_tables")}
        signatures = fresh.execute("SELECT count(*) FROM signatures_signature").fetchone()[0]
    assert settings.CACHES["default"]["LOCATION"] in tables
    assert signatures == 32


@pytest.mark.django_db
def test_an_import_survives_a_cache_that_cannot_be_written():
    """Writes never touch the cache: the list version is the database's own
    (letters.listversion), so a missing cache table cannot fail an import."""
    from letters.listversion import list_version

    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")

    text = "Kindly,\n\nCasa Uno A.C.\n\nRed Dos: Casa Tres, Casa Cuatro\n"
    summary = import_letter(text, slug="c")

    assert Signature.objects.filter(letter=summary.letter).count() == 2
    assert list_version(summary.letter.pk) is not None
