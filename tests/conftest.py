import os

import pytest
from hypothesis import settings as hypothesis_settings

# Property-based tests (tests/test_fuzz_*.py): `ci` in `make test`, `fuzz` for `make fuzz`.
# `ci` draws the same 300 examples on every run, so that a red `make test` is always
# reproducible and never a coin toss; `make fuzz` explores new examples each time.
hypothesis_settings.register_profile("ci", max_examples=300, derandomize=True, database=None)
hypothesis_settings.register_profile("fuzz", max_examples=3000)
hypothesis_settings.load_profile(os.environ.get("FIRMAS_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # A cheap hasher keeps user fixtures fast; tests never need a strong hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Pages default to English in tests; Spanish tests ask for it as a browser would.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def make_letter(db):
    """A factory for letters with an original version (English unless told)."""
    from letters.models import Letter, LetterVersion

    def make(slug="open-letter", status="open", language="en", title="An open letter", **kw):
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

    return make


@pytest.fixture
def make_signature(db):
    """A factory for signatures; approved and public unless told otherwise."""
    from signatures.models import Member, Signature

    def make(letter, name, kind="organization", members=(), **kw):
        kw.setdefault("status", Signature.Status.APPROVED)
        signature = Signature.objects.create(letter=letter, kind=kind, name=name, **kw)
        for position, member in enumerate(members, start=1):
            if isinstance(member, str):
                member = {"name": member}
            Member.objects.create(network_signature=signature, position=position, **member)
        return signature

    return make
