"""Public count and JSON: count.json and signatories.json of a 100,000-signature letter, under load.

Both are served from the cache (signatures.public.caching): the count is computed once
per change of the list, and signatories.json answers a revalidation (If-None-Match)
from the list version, without counting anything. The baselines are a hello-world
view and what the count cost before: counting every signature on each request.
"""

import json
import time
import urllib.request

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from signatures.models import Signature
from signatures.public import caching

from . import harness, seed

CONNECTIONS = 32


def run(bench):
    started = time.monotonic()
    letter = seed.public_letter("data")
    bench.vacuum()
    bench.log(f"seeded in {time.monotonic() - started:.0f} s")

    client = Client(HTTP_HOST="127.0.0.1")
    count_url = f"/letters/{letter.slug}/count.json"
    json_url = f"/letters/{letter.slug}/signatories.json"
    client.get(count_url)
    queries = {}
    for name, url, headers in [
        ("count.json", count_url, {}),
        ("signatories.json revalidated", json_url, {}),
    ]:
        if name.endswith("revalidated"):
            headers = {"HTTP_IF_NONE_MATCH": client.get(json_url)["ETag"]}
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **headers)
        sql = [q["sql"] for q in captured.captured_queries]
        queries[name] = {
            "status": response.status_code,
            "queries": len(sql),
            "counts": sum("COUNT(" in q.upper() and "firmas_cache" not in q for q in sql),
        }
    recount_ms = full_count_ms(letter)

    server = bench.serve()
    base = server.url
    etag = urllib.request.urlopen(base + json_url).headers["ETag"]  # noqa: S310
    runs = {"hello": [], "count.json": [], "json 304": []}
    for round_number in range(harness.repeats(3)):
        for name, url, headers in [
            ("hello", base + "/bench/hello/", None),
            ("count.json", base + count_url, None),
            ("json 304", base + json_url, {"If-None-Match": etag}),
        ]:
            with bench.cpu() as cpu:
                result = harness.wrk(url, connections=CONNECTIONS, duration=harness.seconds(8),
                                     headers=headers)  # fmt: skip
            runs[name].append({**result, "cores": cpu.cores})
        bench.log(
            f"round {round_number + 1}: "
            + ", ".join(f"{name} {runs[name][-1]['rps']}/s" for name in runs)
        )
    urllib.request.urlopen(base + json_url, timeout=600).read()  # noqa: S310 (made once)
    full = harness.wrk(base + json_url, connections=4, duration=harness.seconds(10))
    gzipped = harness.wrk(base + json_url, connections=4, duration=harness.seconds(10),
                          headers={"Accept-Encoding": "gzip"})  # fmt: skip
    body = json.loads(urllib.request.urlopen(base + json_url).read())  # noqa: S310
    entries = len(body["signatories"])

    median = harness.median_of_runs
    hello = median(runs["hello"], "rps")
    bench.results.update(runs=runs, full_json=full, gzip_json=gzipped, queries=queries,
                         recount_ms=recount_ms, entries=entries)  # fmt: skip
    for name in ("count.json", "json 304"):
        rps = median(runs[name], "rps")
        bench.row(f"{name} requests/s", rps, f"{hello} hello/s")
        bench.row(f"{name} ratio to hello", harness.ratio(rps, hello))
        bench.row(f"{name} p99 (ms)", median(runs[name], "p99"))
    for name, figures in queries.items():
        bench.row(
            f"{name}: queries / full counts per request",
            f"{figures['queries']} / {figures['counts']}",
            "",
            "0 counts",
            figures["counts"] == 0,
        )
    bench.row("count recomputed after a change (ms)", recount_ms)
    bench.row(
        "signatories.json in full, 4 clients: requests/s, p50 (ms)",
        f"{full['rps']}, {full['p50']}",
        f"{entries} entries, {round(full['kib_per_response'] / 1024, 1)} MiB",
    )
    bench.row(
        "the same, gzip: requests/s, p50 (ms)",
        f"{gzipped['rps']}, {gzipped['p50']}",
        f"{round(gzipped['kib_per_response'] / 1024, 1)} MiB",
    )
    errors = sum(r["errors"] for rs in runs.values() for r in rs) + full["errors"]
    bench.row("errors", errors + gzipped["errors"], "", "0", errors + gzipped["errors"] == 0)


def full_count_ms(letter, repeat=1):
    """What each request cost before: counting the letter's signatures again."""
    times = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        caching.signatory_count(letter)
        times.append((time.perf_counter() - start) * 1000)
    assert Signature.objects.filter(letter=letter).exists()
    return harness.median(times)
