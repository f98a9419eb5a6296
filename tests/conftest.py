import pytest


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # A cheap hasher keeps user fixtures fast; tests never need a strong hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
