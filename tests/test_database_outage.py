"""A real PostgreSQL stop and start while gunicorn serves signers.

While the database is down, signers get a translated 503 page and nothing half
saved; once it is back, requests succeed within seconds without restarting the
app, and every submission that was answered with success is in the database.
"""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest

from devtools.stack import Cluster, Gunicorn, manage, prepare, production_env, running

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "mexico-asylum-letter-2023-12-18.txt"
SLUG = "outage"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Signer:
    """A browser-like client: cookies, the form fetched, then posted."""

    def __init__(self, base, language="en"):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.headers = {"Accept-Language": language}

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=self.headers)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form(self):
        status, html = self.request(f"/letters/{SLUG}/sign/individual/")
        return status, (CSRF.search(html).group(1) if status == 200 else None), html

    def post(self, token, email):
        return self.request(
            f"/letters/{SLUG}/sign/individual/",
            {
                "csrfmiddlewaretoken": token,
                "name": f"Signer {email.split('@')[0]}",
                "email": email,
                "visibility": "public",
                "language": "en",
                "consent": "on",
            },
        )

    def sign(self):
        """Signs once; returns the email when the app answered with success, else None."""
        status, token, _ = self.form()
        if status != 200:
            return None
        email = f"{uuid.uuid4().hex[:12]}@example.org"
        status, _ = self.post(token, email)
        return email if status == 302 else None


def emails_in(cluster):
    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://")) as connection:
        rows = connection.execute("SELECT email FROM signatures_signature WHERE email <> ''")
        return {email for (email,) in rows}


@pytest.fixture
def stack(tmp_path):
    cluster = Cluster().create()
    env = production_env(
        cluster.url, tmp_path / "static", FIRMAS_SIGN_RATE_LIMIT=10_000, DATABASE_CONN_MAX_AGE=60
    )
    try:
        prepare(env)
        manage("import_letter", str(SAMPLE), "--slug", SLUG, env=env)
        server = Gunicorn(env, workers=2).start()
    except Exception:
        cluster.destroy()
        raise
    with running(cluster, server):
        yield cluster, server


def test_signing_survives_a_database_restart(stack):
    cluster, server = stack
    signer = Signer(server.url)
    succeeded = {signer.sign() for _ in range(5)}
    assert None not in succeeded
    # A form fetched before the outage, posted during it.
    _, pending_token, _ = signer.form()

    cluster.stop()
    status, html = Signer(server.url, language="es").request(f"/letters/{SLUG}/")
    assert status == 503
    assert "Firmas no está disponible por un momento" in html
    assert "Traceback" not in html and "psycopg" not in html
    lost_email = "during-outage@example.org"
    status, html = signer.post(pending_token, lost_email)
    assert status == 503
    assert "Nothing you sent in this request was saved" in html

    cluster.start()
    back = time.monotonic()
    while signer.request(f"/letters/{SLUG}/")[0] != 200:
        assert time.monotonic() - back < 5, "the app did not recover within 5 seconds"
        time.sleep(0.1)
    recovered_after = time.monotonic() - back
    succeeded |= {signer.sign() for _ in range(5)}

    assert None not in succeeded and len(succeeded) == 10
    stored = emails_in(cluster)
    assert succeeded <= stored, "a submission answered with success is missing"
    assert lost_email not in stored
    assert recovered_after < 5
