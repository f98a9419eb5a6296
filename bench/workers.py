"""Gunicorn workers: which configuration serves Firmas best on this machine.

Sync workers (2 * cores + 1, gunicorn's advice) against gthread
workers, on the two loads that matter: the signing flow (form + post, writing)
and the letter page of a 2,000-signature letter (reading, from the cache).
`python -m bench` runs the other scenarios with the configuration chosen here.
"""

import os

from . import harness, load, seed

CONFIGURATIONS = [(2 * (os.cpu_count() or 1) + 1, 1), (2, 4), (3, 4)]
CLIENTS = 32


def run(bench):
    letter = seed.public_letter("workers", organizations=500, networks_count=20, individuals=1480)
    signing = seed.letter("workers-signing")
    bench.vacuum()
    addresses = load.client_addresses(CLIENTS)
    results = []
    for workers, threads in CONFIGURATIONS:
        server = bench.serve(workers=workers, threads=threads, NUM_PROXIES=1)
        url = f"{server.url}/letters/{letter.slug}/"
        harness.wrk(url, duration=2)
        page = harness.wrk(url, connections=CLIENTS, duration=harness.seconds(8))
        tally, wall = load.sign_surge(
            [server.url], signing.slug, clients=CLIENTS, duration=harness.seconds(10),
            addresses=addresses,
        )  # fmt: skip
        surge = tally.summary(wall)
        bench.stop_servers()
        name = describe(workers, threads)
        results.append({"workers": workers, "threads": threads, "page": page, "signing": surge})
        bench.log(f"{name}: page {page['rps']}/s, signing {surge['ops_per_s']}/s")
        bench.row(
            f"{name}: page/s, signatures/s",
            f"{page['rps']}, {surge['ops_per_s']}",
            f"p99 {page['p99']} ms, {surge['request_ms']['p99']} ms",
        )
    best = choose(results)
    bench.results["configurations"] = results
    bench.results["chosen"] = {"workers": best["workers"], "threads": best["threads"]}
    bench.row("chosen for the other scenarios", describe(best["workers"], best["threads"]))


def choose(results):
    """The configuration with the best throughput on both loads together (product of the
    two rates, so that neither may be sacrificed to the other)."""
    return max(results, key=lambda r: r["page"]["rps"] * r["signing"]["ops_per_s"])


def describe(workers, threads):
    return f"{workers} sync" if threads == 1 else f"{workers} gthread x {threads}"
