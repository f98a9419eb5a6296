"""Fixtures every test may take, by name, without importing them.

The personas (a letter, its owner and moderators, another letter and its team, an
organizer, a superuser) and the factories live here; fixtures for one part of the
app live in that part's conftest.py (tests/signatures/conftest.py for signing),
and plain helper functions in a `helpers.py` beside the tests that use them.
"""

import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from letters.models import LetterRole
from tests import factories

# Property-based tests (tests/test_fuzz_*.py): `ci` in `make test`, `quick` in
# `make test-quick`, `fuzz` for `make fuzz`. `ci` and `quick` draw the same examples
# on every run, so that a red run is always reproducible and never a coin toss (the
# explicit @examples of tests/hostile.py run in each); `make fuzz` explores new ones.
hypothesis_settings.register_profile("ci", max_examples=300, derandomize=True, database=None)
hypothesis_settings.register_profile("quick", max_examples=50, derandomize=True, database=None)
hypothesis_settings.register_profile("fuzz", max_examples=3000)
hypothesis_settings.load_profile(os.environ.get("FIRMAS_HYPOTHESIS_PROFILE", "ci"))


E2E = os.path.join(os.path.dirname(__file__), "e2e") + os.sep


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Browser tests are marked `browser` and kept on one worker (`--dist loadgroup`),
    so that one Chromium and one live server serve them all."""
    for item in items:
        if str(item.path).startswith(E2E):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A test never needs its commits to outlive a crash of the database server:
    without waiting for the disk on each commit, building the test databases and the
    tests that commit (the browser tests, the transactional ones) take less time."""
    from django.conf import settings

    options = settings.DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # A cheap hasher keeps user fixtures fast; tests never need a strong hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Pages default to English in tests; Spanish tests ask for it as a browser would.
    settings.LANGUAGE_CODE = "en"
    # A test that changes a letter and reads its page again within a second must see the
    # change: shared pages are checked against the database on every request. The window
    # production has is tested on its own (tests/signatures/public/test_list_version.py).
    settings.FIRMAS_PAGE_RECHECK_SECONDS = 0


@pytest.fixture
def make_letter(db):
    """A factory for letters with an original version (English unless told)."""
    return factories.create_letter


@pytest.fixture
def make_signature(db):
    """A factory for signatures; approved and public unless told otherwise."""
    return factories.create_signature


@pytest.fixture
def letter(db):
    """An open letter in English and Spanish; signers confirm, moderators approve."""
    # Cached pages and counts live in the cache table, which transactional tests do not
    # roll back.
    cache.clear()
    return factories.asylum_letter()


@pytest.fixture
def other_letter(db):
    return factories.another_letter()


@pytest.fixture
def owner(letter):
    return factories.create_user("duena", LetterRole.Role.OWNER, letter)


@pytest.fixture
def moderator(letter):
    return factories.create_user("moderadora", LetterRole.Role.MODERATOR, letter)


@pytest.fixture
def other_moderator(other_letter):
    """Moderates another letter, not `letter`."""
    return factories.create_user("ajena", LetterRole.Role.MODERATOR, other_letter)


@pytest.fixture
def other_owner(other_letter):
    """Owns another letter, not `letter`."""
    return factories.create_user("otra-duena", LetterRole.Role.OWNER, other_letter)


@pytest.fixture
def organizer(db):
    """May start letters (the Organizers group); no role on any letter."""
    return factories.create_organizer()


@pytest.fixture
def superuser(db):
    return factories.create_superuser()


@pytest.fixture
def as_user(client):
    """The test client, logged in as `user`."""

    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def signature(letter):
    """A factory for `letter`'s signatures, pending (and confirmed) unless told otherwise."""

    def make(name, **kw):
        return factories.moderated_signature(kw.pop("letter", letter), name, **kw)

    return make


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
def uninstrumented_templates(monkeypatch):
    """Templates render without the test runner's instrumentation, which copies every
    context for assertTemplateUsed: a third of each request's time. For tests that
    make many requests and read no response.context."""
    from django.template import Template
    from django.test import utils

    saved = getattr(utils._TestState, "saved_data", None)
    if saved is not None:
        monkeypatch.setattr(Template, "_render", saved.template_render)
