"""Letter page: /letters/<slug>/ with 100,000 approved signatures, against a hello-world view.

5,000 organizations, 200 networks (with members, some linked to organizations'
own signatures, some organizations declaring themselves members) and 94,800
individuals. wrk drives both the page and the baseline, alternating, in rounds.
"""

import os
import time
import urllib.request

from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devtools.stack import Redis
from signatures.models import Signature
from signatures.public.listing import build_signatory_list, count_signatories

from . import harness, seed

CONNECTIONS = 32


def run(bench):
    started = time.monotonic()
    letter = seed.public_letter("big")
    # The same page of a letter with 100 signatures, then with 100,000: the queries
    # a request makes must not grow with the list.
    growing = seed.public_letter("growing", organizations=50, networks_count=2, individuals=48)
    bench.vacuum()
    total = Signature.objects.filter(letter=letter).count()
    bench.log(f"seeded {total} signatures in {time.monotonic() - started:.0f} s")
    bench.results["signatures"] = total

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    queries = {
        "small cold": page_queries(client, growing, cold=True),
        "small warm": page_queries(client, growing),
    }
    seed.signatures(growing, 99_900, start=48)
    bench.vacuum()
    queries["big cold"] = page_queries(client, growing, cold=True)
    queries["big warm"] = page_queries(client, growing)
    cold_ms = cold_page_ms(client, letter)
    # What the page cost before it came in pages from the cache: minutes at 100,000.
    whole_ms = whole_list_ms(letter) if os.environ.get("BENCH_WHOLE_LIST") else None

    server = bench.serve()
    # The same page from a server whose cache is Redis (CACHE_URL), as with several servers.
    redis = Redis().start()
    with_redis = bench.serve(CACHE_URL=redis.url)
    url = f"{server.url}/letters/{letter.slug}/"
    redis_url = f"{with_redis.url}/letters/{letter.slug}/"
    hello, page, page_redis = [], [], []
    for warm in (url, redis_url):  # the first request computes the page; then every worker
        urllib.request.urlopen(warm, timeout=600).read()  # noqa: S310
        harness.wrk(warm, connections=CONNECTIONS, duration=2)
    for round_number in range(harness.repeats(3)):
        for runs, target in [(hello, f"{server.url}/bench/hello/"), (page, url),
                             (page_redis, redis_url)]:  # fmt: skip
            with bench.cpu() as cpu:
                runs.append(harness.wrk(target, connections=CONNECTIONS,
                                        duration=harness.seconds(8)))  # fmt: skip
            runs[-1]["cores"] = cpu.cores
        bench.log(
            f"round {round_number + 1}: hello {hello[-1]['rps']}/s, page {page[-1]['rps']}/s, "
            f"with Redis {page_redis[-1]['rps']}/s"
        )
    redis.stop()

    median = harness.median_of_runs
    share = harness.ratio(median(page, "rps"), median(hello, "rps"))
    bench.results.update(
        hello=hello, page=page, ratio=share, queries=queries, cold_page_ms=cold_ms,
        whole_list_ms=whole_ms,
    )  # fmt: skip
    redis_share = harness.ratio(median(page_redis, "rps"), median(hello, "rps"))
    bench.results.update(page_redis=page_redis, ratio_redis=redis_share)
    bench.row("page 1 requests/s", median(page, "rps"), f"{median(hello, 'rps')} hello/s")
    bench.row("ratio to hello world", share, "", ">= 0.3", bool(share and share >= 0.3))
    bench.row("page p50 / p99 (ms)", f"{median(page, 'p50')} / {median(page, 'p99')}")
    bench.row("with CACHE_URL=redis: requests/s, ratio", f"{median(page_redis, 'rps')}, "
              f"{redis_share}", "", ">= 0.3", bool(redis_share and redis_share >= 0.3))  # fmt: skip
    bench.row("page size (KiB)", page[0]["kib_per_response"])
    bench.row("errors", sum(run["errors"] for run in page), "", "0")
    bench.row(
        "queries per request, 100 vs 100,000 signatures",
        f"{queries['small warm']} vs {queries['big warm']}",
        "",
        "independent",
        queries["small warm"] == queries["big warm"],
    )
    # After a change the page, its count and its size are recomputed; for a list past
    # caching.LARGE the three recompute locks are kept a while instead of released.
    bench.row(
        "queries after a change, 100 vs 100,000",
        f"{queries['small cold']} vs {queries['big cold']}",
    )
    bench.row("page after a change, first request (ms)", cold_ms)
    if whole_ms:
        bench.row("whole list in one page, as before (ms)", whole_ms)
    bench.row(
        "cores: wrk / app / postgres",
        " / ".join(str(harness.median([r["cores"][k] for r in page])) for k in
                   ("client", "app", "postgres")),
    )  # fmt: skip


def page_queries(client, letter, cold=False):
    if cold:
        cache.clear()
    else:
        # The first request after the page is made notes that its list version is
        # current (caching.page_by_address): the requests after it are the steady state.
        client.get(f"/letters/{letter.slug}/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/letters/{letter.slug}/")
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def cold_page_ms(client, letter, repeat=1):
    """The first request after a change: the count and the page are recomputed."""
    times = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        client.get(f"/letters/{letter.slug}/")
        times.append((time.perf_counter() - start) * 1000)
    return harness.median(times)


def whole_list_ms(letter):
    """What the page cost before pages and the cache: the whole list, counted and rendered."""
    signatures = Signature.objects.filter(letter=letter)
    version = letter.version_for("es")
    start = time.perf_counter()
    count_signatories(signatures.approved())
    signatory_list = build_signatory_list(signatures.public())
    html = render_to_string(
        "includes/_signatory_list.html", {"signatory_list": signatory_list, "version": version}
    )
    elapsed = (time.perf_counter() - start) * 1000
    harness.Bench.log(f"whole list: {len(html) / 2**20:.1f} MiB of HTML in {elapsed:.0f} ms")
    return round(elapsed)
