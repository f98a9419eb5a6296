"""The database cache's table, so that `migrate` alone leaves a working database.

With the default settings the shared cache is a table in PostgreSQL (see
cache_from_url in config/settings.py). Django makes it only with the separate
`createcachetable` command; a fresh database migrated without it failed on the
first write that marks a letter's list changed. The command is idempotent, so
databases that already have the table are left as they are; with a Redis cache
it does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_moderation")]

    operations = [
        # Reversing leaves the table: the cache outlives the schema it serves.
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
