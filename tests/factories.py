"""Plain functions that make the tests' data: the fixtures of tests/conftest.py call
them, and so does a module that builds its data once for all its tests
(tests/test_access_matrix.py). Each needs the database open."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from letters.models import Letter, LetterRole, LetterVersion
from signatures.models import Member, Signature


def create_letter(slug="open-letter", status="open", language="en", title="An open letter", **kw):
    """A letter with an original version (English unless told)."""
    letter = Letter.objects.create(slug=slug, status=status, **kw)
    LetterVersion.objects.create(
        letter=letter,
        language=language,
        is_original=True,
        title=title,
        recipient="**The Minister**",
        body="We, the undersigned, ask you to act.",
        closing="Kindly,",
    )
    return letter


def create_signature(letter, name, kind="organization", members=(), **kw):
    """A signature, approved and public unless told otherwise, with its members."""
    kw.setdefault("status", Signature.Status.APPROVED)
    signature = Signature.objects.create(letter=letter, kind=kind, name=name, **kw)
    for position, member in enumerate(members, start=1):
        if isinstance(member, str):
            member = {"name": member}
        Member.objects.create(network_signature=signature, position=position, **member)
    return signature


def moderated_signature(letter, name, **kw):
    """A signature waiting for the moderators (confirmed) unless told otherwise."""
    kw.setdefault("status", "pending")
    if kw["status"] != "unconfirmed":
        # As the signing flow leaves it: past the unconfirmed step means confirmed.
        kw.setdefault("confirmed_at", timezone.now())
    return create_signature(letter, name, **kw)


def asylum_letter():
    """The personas' letter: open, in English and Spanish; signers confirm, moderators approve."""
    letter = create_letter(slug="carta", title="Letter on asylum restrictions")
    LetterVersion.objects.create(
        letter=letter, language="es", title="Carta sobre las restricciones al asilo", body="Hola"
    )
    return letter


def another_letter():
    return create_letter(slug="otra-carta", title="Another letter")


def create_user(username, role=None, letter=None, **extra):
    """An account (password "x"), with `role` on `letter` when given."""
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="x", **extra
    )
    if role:
        LetterRole.objects.create(letter=letter, user=user, role=role)
    return user


def create_organizer(username="organizadora"):
    """May start letters (the Organizers group); no role on any letter."""
    from letters.people import organizers

    user = create_user(username)
    organizers.grant(user)
    return user


def create_superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "x")


def insertable_fields(model):
    """The model's fields an INSERT gives values for: not its primary key, nor the
    columns PostgreSQL generates itself (it refuses values for them)."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]


def copy_rows(model, objects):
    """Inserts unsaved `objects` with PostgreSQL's COPY, as a bulk load does, and returns
    their primary keys in order. For tests that need tens of thousands of rows:
    bulk_create spends ten times as long building its SQL. No save() and no signal,
    as with bulk_create; the database's own triggers and constraints run."""
    from django.db import connection

    fields = insertable_fields(model)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
        (last,) = cursor.fetchone()
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(obj, add=True), connection)
                        for field in fields
                    ]
                )
        cursor.execute(f"SELECT id FROM {table} WHERE id > %s ORDER BY id", [last])  # noqa: S608
        return [pk for (pk,) in cursor.fetchall()]


def past_event(signature, action, days):
    """A signature's event written `days` ago. The trail is append-only (nothing may
    backdate a row afterwards), so the clock is set back while it is written."""
    from datetime import timedelta
    from unittest import mock

    then = timezone.now() - timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=then):
        return signature.events.create(action=action)
