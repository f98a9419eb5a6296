"""Scale-out: two gunicorn instances, one PostgreSQL, one Redis, signing through both at once.

Nothing lives in a process: sessions, CSRF, rate limits, counts and cached pages are
in PostgreSQL or Redis. People sign through both servers (each form fetched from
one server may be posted to the other); afterwards no signature answered with
success is missing and none is stored twice. Then one address signs through both
servers at once with a rate limit of RATE_LIMIT: exactly RATE_LIMIT get through.
"""

from concurrent.futures import ThreadPoolExecutor

from signatures.models import Signature

from . import harness, load, seed
from .surge import check

CLIENTS = 32
RATE_LIMIT = 20
ATTEMPTS = 120


def run(bench):
    letter = seed.letter("scaleout")
    # Each server gets half the processes of the one-server scenarios.
    workers = max(1, harness.WORKERS // 2)
    first = bench.serve(workers=workers, NUM_PROXIES=1)
    second = bench.serve(workers=workers, NUM_PROXIES=1)
    bench.work()
    bases = [first.url, second.url]
    addresses = load.client_addresses(CLIENTS)
    runs, succeeded = [], []
    for _ in range(harness.repeats(2)):
        with bench.cpu() as cpu:
            tally, wall = load.sign_surge(
                bases, letter.slug, clients=CLIENTS, duration=harness.seconds(15),
                addresses=addresses,
            )  # fmt: skip
        succeeded += tally.succeeded
        runs.append({**tally.summary(wall), "cores": cpu.cores})
        bench.log(f"both servers: {runs[-1]['ops_per_s']} signatures/s")
    crossed = cross_post(bases, letter.slug)
    integrity = check(letter, succeeded)
    bench.stop_servers()

    limited = seed.letter("ratelimit")
    bench.serve(workers=workers, NUM_PROXIES=1, FIRMAS_SIGN_RATE_LIMIT=RATE_LIMIT)
    bench.serve(workers=workers, NUM_PROXIES=1, FIRMAS_SIGN_RATE_LIMIT=RATE_LIMIT)
    bases = [server.url for server in bench.servers]
    accepted, refused, other = one_address(bases, limited.slug)
    stored = Signature.objects.filter(letter=limited).count()

    median = harness.median_of_runs
    bench.results.update(runs=runs, integrity=integrity, cross_posted=crossed,
                         rate_limit={"limit": RATE_LIMIT, "attempts": ATTEMPTS,
                                     "accepted": accepted, "refused": refused,
                                     "other": other, "stored": stored})  # fmt: skip
    bench.row("signatures/s through both", median(runs, "ops_per_s"))
    bench.row("request p99 (ms)", harness.median([r["request_ms"]["p99"] for r in runs]))
    bench.row("form from one server, posted to the other", crossed, "", "accepted", crossed)
    bench.row("errors", sum(r["errors"] for r in runs), "", "0", not sum(r["errors"] for r in runs))
    bench.row("lost", integrity["lost"], "", "0", integrity["lost"] == 0)
    bench.row("duplicated", integrity["duplicated"], "", "0", integrity["duplicated"] == 0)
    bench.row(
        f"one address, {ATTEMPTS} tries through both, limit {RATE_LIMIT}",
        f"{accepted} saved, {refused} refused (429)",
        "",
        f"{RATE_LIMIT} saved",
        accepted == RATE_LIMIT and stored == RATE_LIMIT and other == 0,
    )


def cross_post(bases, slug):
    """A form fetched from the first server and posted to the second (CSRF in the cookie)."""
    import asyncio

    import aiohttp

    async def go():
        async with load._session("192.0.2.1") as session:
            async with session.get(f"{bases[0]}/letters/{slug}/sign/individual/") as response:
                token = load.CSRF.search(await response.text()).group(1)
            data = {
                "csrfmiddlewaretoken": token,
                "name": "Cross Post",
                "visibility": "public",
                "email": "cross-post@example.org",
                "language": "en",
                "consent": "on",
            }
            async with session.post(
                f"{bases[1]}/letters/{slug}/sign/individual/", data=data, allow_redirects=False
            ) as response:
                return response.status == 302

    try:
        return asyncio.run(go())
    except aiohttp.ClientError:
        return False


def one_address(bases, slug):
    """ATTEMPTS signatures from one address, eight at a time, alternating servers."""

    def attempt(number):
        tally, _wall = load.sign_surge([bases[number % 2]], slug, clients=1, duration=60,
                                       addresses=["198.51.100.7"], max_ops=1)  # fmt: skip
        return tally

    with ThreadPoolExecutor(8) as pool:
        tallies = list(pool.map(attempt, range(ATTEMPTS)))
    accepted = sum(len(t.succeeded) for t in tallies)
    refused = sum(t.limited for t in tallies)
    other = sum(sum(t.errors.values()) for t in tallies)
    return accepted, refused, other
