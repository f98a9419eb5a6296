"""Personas for the signing tests (tests/signatures/test_signing_*.py)."""

import pytest
from django.core.cache import cache

from tests.signatures.signing.helpers import INDIVIDUAL, NETWORK, ORGANIZATION, PERSONAS, sign_url


@pytest.fixture
def letter(make_letter):
    """An open letter in English and Spanish; signers confirm and moderators approve."""
    from letters.models import LetterVersion

    # Cached pages and counts live in the cache table, which transactional tests do not
    # roll back.
    cache.clear()
    letter = make_letter(slug="asylum-letter", title="Letter on asylum restrictions")
    LetterVersion.objects.create(
        letter=letter, language="es", title="Carta sobre las restricciones al asilo", body="Hola"
    )
    return letter


@pytest.fixture
def moderator(django_user_model, letter):
    from letters.models import LetterRole

    user = django_user_model.objects.create_user("moderadora", password="x")
    LetterRole.objects.create(letter=letter, user=user, role=LetterRole.Role.MODERATOR)
    return user


@pytest.fixture
def organization_data():
    return dict(ORGANIZATION)


@pytest.fixture
def individual_data():
    return dict(INDIVIDUAL)


@pytest.fixture
def network_data():
    return dict(NETWORK)


@pytest.fixture
def immediate_tasks(settings):
    # Outside the end-to-end tests, tasks run in-process as soon as they are
    # enqueued (after commit) instead of waiting for the worker: the worker closes
    # the database connection, which would end a test that runs inside a transaction.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks, immediate_tasks):
    """POST as a browser would, then run what the request queued for after its commit."""

    def post(url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return post


@pytest.fixture
def sign(post):
    """Signs `letter` as `kind` with `data` (a persona unless given); returns the response."""

    def sign(letter, kind, data=None, **extra):
        return post(sign_url(letter, kind), PERSONAS[kind] if data is None else data, **extra)

    return sign
