"""A letter's list version: the token that tells every cache its public list changed.

Pages, counts and data derived from a letter's signatures are cached under this
token (signatures.public.caching). The database keeps it: triggers on every
table whose rows the public page shows (the letter, its language versions, its
revisions and delivery; its signatures, their members, networks and "member of"
links) bump the letter's row of ListVersion in the same transaction as the
change. So no way of changing a row can forget it: a model's save(), a
queryset's update() or delete(), a cascade, an admin bulk action or raw SQL in a
migration. Deleting a letter deletes its row, and a cached page of it is then
never served again. The triggers are defined in the migrations
letters/0008_list_version and signatures/0010_list_version_triggers.

Python only reads it: one primary-key read per cached page. A reader in another
transaction sees the new version only once the change is committed, and then sees
the change as well, so nothing is cached under a version it does not belong to.
"""

from django.db import models


class ListVersion(models.Model):
    """One row per letter, written only by the database's triggers."""

    letter_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "letters_listversion"

    def __str__(self):
        return f"letter {self.letter_id}: list version {self.version}"


def make_token(version, changed_at):
    """Unique for the letter, and readable as the time of the change (for Last-Modified)."""
    return f"{int(changed_at.timestamp() * 1_000_000):x}.{version}"


def token_time(token):
    """The time (seconds since the epoch) a list version was made."""
    try:
        return int(token.split(".", 1)[0], 16) / 1_000_000
    except (ValueError, AttributeError):
        return 0.0


def list_version(letter_id):
    """The letter's current list version; None when there is no such letter."""
    row = ListVersion.objects.filter(pk=letter_id).values_list("version", "changed_at").first()
    return make_token(*row) if row else None
