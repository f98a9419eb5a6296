"""Every public page and form, also with its errors, at phone and desktop sizes:
axe-core finds no serious or critical violation, and each is screenshot for review.
"""

import time

import pytest
from django.core.cache import cache
from django.core.signing import TimestampSigner, b62_encode

from letters.models import Letter
from signatures import tokens
from signatures.models import RateCount, Signature

from . import data

SIZES = ["phone", "desktop"]


@pytest.fixture
def letters(site):
    sample = data.sample_letter()
    data.signature(sample, "Ana Hurtado", kind="individual", title="Investigadora", country="MX")
    data.signature(sample, "Persona en riesgo", kind="individual", visibility="delivery_only")
    small = data.small_letter()
    closed = data.small_letter(slug="carta-cerrada", status=Letter.Status.CLOSED)
    delivered = data.small_letter(slug="carta-entregada", status=Letter.Status.DELIVERED)
    for letter in (small, closed, delivered):
        data.signature(letter, "Casa Monarca", acronym="CM", country="MX")
        data.signature(letter, "Red de Derechos", kind="network", members=["Sin Fronteras", "CELS"])
    return {"sample": sample, "small": small, "closed": closed, "delivered": delivered}


def visit_and_check(open_page, pages, locale="en"):
    """Each of `pages` ({name: path}) at both sizes: axe, then a screenshot."""
    for size in SIZES:
        page = open_page(size, locale=locale)
        for name, path in pages.items():
            page.goto(path)
            page.check(name)
            page.assert_fits()


def test_reading_pages_are_accessible(open_page, letters):
    sample, closed, delivered = letters["sample"], letters["closed"], letters["delivered"]
    visit_and_check(
        open_page,
        {
            "home": "/",
            "letter": sample.get_absolute_url(),
            "letter-spanish-version": sample.get_absolute_url() + "?lang=es",
            "letter-closed": closed.get_absolute_url(),
            "letter-delivered": delivered.get_absolute_url(),
            "embed": f"/letters/{sample.slug}/embed/",
            "not-found": "/letters/no-such-letter/",
            "login": "/accounts/login/",
        },
    )


def test_spanish_pages_are_accessible(open_page, letters):
    small = letters["small"]
    visit_and_check(
        open_page,
        {
            "es-home": "/",
            "es-letter": small.get_absolute_url(),
            "es-sign": f"/letters/{small.slug}/sign/individual/",
        },
        locale="es",
    )


def test_signing_forms_are_accessible_empty_and_with_errors(open_page, letters):
    sample = letters["sample"]
    for size in SIZES:
        page = open_page(size)
        page.goto(f"/letters/{sample.slug}/sign/")
        page.check("sign-choose")
        for kind in ("organization", "individual", "network"):
            page.goto(f"/letters/{sample.slug}/sign/{kind}/")
            page.check(f"sign-{kind}")
            page.assert_fits()
            page.get_by_role("button", name="Sign the letter").click()
            page.wait_for_selector(".error-summary")
            page.check(f"sign-{kind}-errors")


def _expired(signature, purpose):
    old = int(time.time()) - 400 * 86400

    class Yesterday(TimestampSigner):
        def timestamp(self):
            return b62_encode(old)

    value = str(signature.public_id)
    signed = Yesterday(salt=f"firmas.signatures.{purpose}").sign(value)
    return signed.removeprefix(value + tokens.SEP)


def test_pages_after_signing_are_accessible(open_page, letters, settings):
    small, closed = letters["small"], letters["closed"]
    signature = data.signature(small, "Colectivo Sur", status=Signature.Status.UNCONFIRMED)
    confirmed = data.signature(small, "Colectivo Norte", status=Signature.Status.PENDING)
    base = f"/letters/{small.slug}/signatures"
    confirm = tokens.make_token(signature, tokens.CONFIRM)
    manage = tokens.make_token(confirmed, tokens.MANAGE)
    visit_and_check(
        open_page,
        {
            "thanks": f"/letters/{small.slug}/sign/thanks/",
            "confirm": f"{base}/{signature.public_id}/confirm/{confirm}/",
            "manage": f"{base}/{confirmed.public_id}/manage/{manage}/",
            "link-expired": f"{base}/{confirmed.public_id}/manage/{_expired(confirmed, 'manage')}/",
            "link-invalid": f"{base}/{confirmed.public_id}/manage/not-a-token/",
            "link-sent": f"/letters/{small.slug}/sign/new-link-sent/",
            "sign-closed-letter": f"/letters/{closed.slug}/sign/",
        },
    )
    # The correction form with an error; a form sent without its cookie; the page
    # over the rate limit.
    settings.FIRMAS_SIGN_RATE_LIMIT = 1
    for size in SIZES:
        cache.clear()
        RateCount.objects.all().delete()
        page = open_page(size)
        page.goto(f"{base}/{confirmed.public_id}/manage/{manage}/")
        page.get_by_label("Name of the organization").fill("")
        page.get_by_role("button", name="Save changes").click()
        page.wait_for_selector(".error-summary")
        page.check("manage-errors")
        page.goto(f"/letters/{small.slug}/sign/individual/")
        page.context.clear_cookies()
        page.get_by_role("button", name="Sign the letter").click()
        assert page.title().startswith("Form expired")
        page.check("csrf-failure")
        for number in range(2):
            page.goto(f"/letters/{small.slug}/sign/individual/")
            page.get_by_label("Full name").fill("Ana Pérez")
            page.get_by_label("Email").fill(f"ana{number}@example.org")
            page.get_by_label("I have read the privacy notice").check()
            page.get_by_role("button", name="Sign the letter").click()
        # Over the limit: the form as typed, with the browser's check (proof of work).
        page.locator(".proof").wait_for()
        assert page.get_by_label("Email").input_value() == "ana1@example.org"
        page.check("rate-limited")


def test_the_checks_notice_a_broken_policy_and_an_inaccessible_page(open_page, site):
    page = open_page("phone")
    html = (
        '<!doctype html><html lang="en"><title>t</title><main>'
        '<p style="color:#ccc">Faint text</p><img src="/static/img/firmas-mark.svg">'
        "<button></button></main></html>"
    )
    page.route(
        "**/self-test/",
        lambda route: route.fulfill(
            body=html,
            content_type="text/html",
            headers={"Content-Security-Policy": "style-src 'self'"},
        ),
    )
    page.goto("/self-test/")

    assert any("Content Security Policy" in problem for problem in page.problems)
    page.problems.clear()
    with pytest.raises(AssertionError) as failure:
        page.check("self-test")
    assert "button-name" in str(failure.value)
