"""An organization's website frames the sign box and shows the badge; the browser
refuses to frame any other page of Firmas."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from . import data


@pytest.fixture
def partner_site():
    """A website of another origin on this machine, serving the page it is given."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", pages
    server.shutdown()
    server.server_close()


def test_a_partner_site_frames_the_sign_box_but_not_the_letter_page(open_page, site, partner_site):
    letter = data.small_letter()
    data.signature(letter, "Casa Monarca")
    data.signature(letter, "Ana Hurtado", kind="individual")
    box = f"{site.url}/letters/{letter.slug}/embed/?lang=en"
    badge = f"{site.url}/letters/{letter.slug}/badge.svg?lang=en"
    partner, pages = partner_site
    pages["/campaigns"] = f"""<!doctype html><html lang="en"><title>Partner</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"><main>
        <h1>Our campaigns</h1>
        <iframe id="box" src="{box}" title="Sign the letter" width="100%" height="300"></iframe>
        <iframe id="page" src="{site.url}{letter.get_absolute_url()}" title="Letter"></iframe>
        <img id="badge" src="{badge}" alt="Sign the letter">
        </main></html>"""
    page = open_page("phone")

    page.goto(f"{partner}/campaigns")
    page.wait_for_load_state("load")

    framed = page.frame_locator("#box")
    framed.get_by_role("heading", name="Open letter on the right to asylum").wait_for()
    count = " ".join(framed.locator(".embed-count").inner_text().split())
    assert count.startswith("2 signatories")
    sign = framed.get_by_role("link", name="Sign this letter")
    assert sign.get_attribute("target") == "_blank"
    with page.context.expect_page() as new_tab:
        sign.click()
    new_tab.value.wait_for_load_state()
    assert new_tab.value.url == f"{site.url}/letters/{letter.slug}/sign/"
    # The letter page itself refuses to be framed: the browser says so and shows nothing.
    assert page.frame_locator("#page").locator(".letter-title").count() == 0
    refusals = [p for p in page.problems if "frame-ancestors 'none'" in p]
    assert len(refusals) == 1 and "Framing 'http://localhost" in refusals[0]
    page.problems.remove(refusals[0])
    # The badge loads as an image on the partner's page.
    assert page.eval_on_selector("#badge", "img => img.complete && img.naturalWidth") > 40
    # Headless Chromium leaves frames of another site out of full-page screenshots.
    page.screenshot("embed-on-a-partner-site", full_page=False)
