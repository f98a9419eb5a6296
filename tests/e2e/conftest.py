"""End-to-end tests: Debian's Chromium, driven by Playwright, against a live server.

One browser for all of them; each test opens fresh contexts (a phone or a
desktop) on pytest-django's live server, on the test PostgreSQL database. The
strict Content-Security-Policy stays on: a page that breaks it fails its test.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache

from .browser import DESKTOP, PHONE, BrowserPage

# Debian's package; Playwright's own browser download does not work on our machines.
CHROMIUM = os.environ.get("FIRMAS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium calls home at start, and a closed network refuses it.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Package scope: the browser, and the event loop Playwright runs in this thread, end
# with the last end-to-end test, before the rest of the suite runs.
@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
            "(scripts/system-deps does, as root) or set FIRMAS_CHROMIUM."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread, which makes
    # Django refuse database calls from the test code; they are plain sync calls.
    # Only while the browser runs: a subprocess started later must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, settings, transactional_db):
    """The live server, with links in emails pointing at it."""
    settings.SITE_URL = live_server.url
    # The cached pages and counts live in the cache table, which transactional
    # tests do not empty (the rate limit's counts are rows, flushed after each).
    cache.clear()
    return live_server


@pytest.fixture
def open_page(browser, site):
    """Opens a page in a new browser context: `open_page("phone", locale="es")`.

    Every page opened fails its test, on closing, if the browser reported a
    Content-Security-Policy violation or a script error.
    """
    pages = []

    def open_page(size="desktop", locale="en"):
        viewport = {"phone": PHONE, "desktop": DESKTOP}[size]
        context = browser.new_context(base_url=site.url, locale=locale, **viewport)
        context.set_default_timeout(10_000)
        page = BrowserPage(context.new_page(), size=size)
        pages.append(page)
        return page

    yield open_page
    problems = []
    for page in pages:
        problems += page.problems
        page.page.context.close()
    assert not problems, "The browser reported:\n" + "\n".join(problems)
