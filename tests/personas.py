"""Personas and helpers for the moderation, roles, lifecycle and dashboard tests.

Test modules take these fixtures with `from tests.personas import *`.
"""

import pytest
from django.urls import reverse

__all__ = [
    "letter",
    "other_letter",
    "owner",
    "moderator",
    "other_moderator",
    "other_owner",
    "organizer",
    "superuser",
    "as_user",
    "signature",
    "post",
    "immediate_tasks",
]


@pytest.fixture
def letter(make_letter):
    """An open letter in English and Spanish; signers confirm, moderators approve."""
    from letters.models import LetterVersion

    letter = make_letter(slug="carta", title="Letter on asylum restrictions")
    LetterVersion.objects.create(
        letter=letter, language="es", title="Carta sobre las restricciones al asilo", body="Hola"
    )
    return letter


@pytest.fixture
def other_letter(make_letter):
    return make_letter(slug="otra-carta", title="Another letter")


def _user(django_user_model, username, **extra):
    return django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password="x", **extra
    )


@pytest.fixture
def owner(django_user_model, letter):
    from letters.models import LetterRole

    user = _user(django_user_model, "duena")
    LetterRole.objects.create(letter=letter, user=user, role=LetterRole.Role.OWNER)
    return user


@pytest.fixture
def moderator(django_user_model, letter):
    from letters.models import LetterRole

    user = _user(django_user_model, "moderadora")
    LetterRole.objects.create(letter=letter, user=user, role=LetterRole.Role.MODERATOR)
    return user


@pytest.fixture
def other_moderator(django_user_model, other_letter):
    """Moderates another letter, not `letter`."""
    from letters.models import LetterRole

    user = _user(django_user_model, "ajena")
    LetterRole.objects.create(letter=other_letter, user=user, role=LetterRole.Role.MODERATOR)
    return user


@pytest.fixture
def other_owner(django_user_model, other_letter):
    """Owns another letter, not `letter`."""
    from letters.models import LetterRole

    user = _user(django_user_model, "otra-duena")
    LetterRole.objects.create(letter=other_letter, user=user, role=LetterRole.Role.OWNER)
    return user


@pytest.fixture
def organizer(django_user_model):
    """May start letters (the Organizers group); no role on any letter."""
    from letters.people import organizers

    user = _user(django_user_model, "organizadora")
    organizers.grant(user)
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x")


@pytest.fixture
def as_user(client):
    """The test client, logged in as `user`."""

    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def signature(make_signature, letter):
    """A factory for `letter`'s signatures, pending (and confirmed) unless told otherwise."""

    def make(name, **kw):
        from django.utils import timezone

        kw.setdefault("status", "pending")
        if kw["status"] != "unconfirmed":
            # As the signing flow leaves it: past the unconfirmed step means confirmed.
            kw.setdefault("confirmed_at", timezone.now())
        return make_signature(kw.pop("letter", letter), name, **kw)

    return make


@pytest.fixture
def immediate_tasks(settings):
    # Tasks run in-process after commit instead of waiting for the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks, immediate_tasks):
    """POST as a browser would, then run what the request queued for after its commit."""

    def post(url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return post


def queue_url(letter, **params):
    from urllib.parse import urlencode

    url = reverse("moderation:queue", args=[letter.slug])
    return f"{url}?{urlencode(params)}" if params else url


def bulk_url(letter):
    return reverse("moderation:bulk", args=[letter.slug])
