"""An asyncio HTTP client for flows wrk cannot do: fetch a form, post it with its CSRF token.

Each simulated person has its own session (cookies, one keep-alive connection);
all run in this one process. Requests go only to the loopback servers the bench
started, and every loop stops at its deadline.
"""

import asyncio
import re
import time
import uuid
from collections import Counter

import aiohttp

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = aiohttp.ClientTimeout(total=30)


class Tally:
    def __init__(self):
        self.requests = []  # latency of each HTTP request, ms
        self.flows = []  # latency of each whole flow (form + post), ms
        self.errors = Counter()
        self.succeeded = []  # what each successful flow returned (e.g. the email)
        self.limited = 0

    def summary(self, wall):
        from .harness import latency_summary

        return {
            "ops": len(self.succeeded),
            "ops_per_s": round(len(self.succeeded) / wall, 1),
            "requests_per_s": round(len(self.requests) / wall, 1),
            "request_ms": latency_summary(self.requests),
            "flow_ms": latency_summary(self.flows),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "rate_limited": self.limited,
        }


def _session(address):
    headers = {"Accept-Language": "en"}
    if address:
        # The bench's servers trust one proxy (NUM_PROXIES=1): each person its own address.
        headers["X-Forwarded-For"] = address
    return aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies for 127.0.0.1
        connector=aiohttp.TCPConnector(limit=1, force_close=False),
        headers=headers,
        timeout=TIMEOUT,
    )


async def _sign_once(session, base, slug, tally):
    """One person signing: GET the form, POST it. Returns the email if answered with success."""
    url = f"{base}/letters/{slug}/sign/individual/"
    start = time.perf_counter()
    async with session.get(url) as response:
        html = await response.text()
        status = response.status
    got_form = time.perf_counter()
    tally.requests.append((got_form - start) * 1000)
    if status != 200:
        tally.errors[f"form {status}"] += 1
        return None
    token = CSRF.search(html).group(1)
    email = f"{uuid.uuid4().hex[:16]}@example.org"
    data = {
        "csrfmiddlewaretoken": token,
        "name": f"Surge Signer {email[:8]}",
        "title": "Bench",
        "email": email,
        "visibility": "public",
        "language": "en",
        "consent": "on",
    }
    async with session.post(url, data=data, allow_redirects=False) as response:
        await response.read()
        status = response.status
    done = time.perf_counter()
    tally.requests.append((done - got_form) * 1000)
    if status == 302:
        tally.flows.append((done - start) * 1000)
        tally.succeeded.append(email)
        return email
    if status == 429:
        tally.limited += 1
    else:
        tally.errors[f"post {status}"] += 1
    return None


async def _insert_once(session, base, letter_id, tally):
    start = time.perf_counter()
    async with session.post(f"{base}/bench/insert/?letter={letter_id}", data=b"") as response:
        await response.read()
        status = response.status
    elapsed = (time.perf_counter() - start) * 1000
    tally.requests.append(elapsed)
    if status == 201:
        tally.flows.append(elapsed)
        tally.succeeded.append(1)
    else:
        tally.errors[f"insert {status}"] += 1


async def _person(step, base, deadline, tally, address, max_ops):
    async with _session(address) as session:
        done = 0
        while time.monotonic() < deadline and (max_ops is None or done < max_ops):
            done += 1
            try:
                await step(session, base, tally)
            except (TimeoutError, aiohttp.ClientError) as error:
                tally.errors[type(error).__name__] += 1


def _run(step, bases, clients, duration, addresses=None, max_ops=None):
    async def go():
        tally = Tally()
        deadline = time.monotonic() + duration
        start = time.monotonic()
        await asyncio.gather(
            *(
                _person(
                    step,
                    bases[i % len(bases)],
                    deadline,
                    tally,
                    addresses[i] if addresses else None,
                    max_ops,
                )
                for i in range(clients)
            )
        )
        return tally, time.monotonic() - start

    return asyncio.run(go())


def sign_surge(bases, slug, *, clients=32, duration=30, addresses=None, max_ops=None):
    """`clients` people signing in a loop through `bases` (round robin) for `duration` s."""

    async def step(session, base, tally):
        await _sign_once(session, base, slug, tally)

    return _run(step, bases, clients, duration, addresses, max_ops)


def insert_baseline(bases, letter_id, *, clients=32, duration=10):
    async def step(session, base, tally):
        await _insert_once(session, base, letter_id, tally)

    return _run(step, bases, clients, duration)


def client_addresses(count, network=203):
    """Documentation-range addresses, sent only as an X-Forwarded-For header."""
    return [f"{network}.0.{113 + i // 250}.{1 + i % 250}" for i in range(count)]
