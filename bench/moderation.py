"""Moderation: the queue page with 100,000 pending signatures, and approving 10,000 at once.

The queue is fetched over HTTP by a logged-in owner with wrk: one connection, as
a moderator clicking through pages sees it (the target), and four at once, four
moderators each clicking the moment the previous page arrived (for comparison:
on two cores that measures queueing as much as the page). The signatures arrive
in bulk, without keys; their duplicate keys are computed as the task worker
computes them (pages never do), timed on their own, and so is the queue's first
visit. Bulk approval runs in-process through signatures.moderation.bulk.apply, the
code the bulk action calls, for 1,000 and for 10,000 signatures, counting its queries.
"""

import time
import urllib.request

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from letters.models import LetterRole
from signatures import duplicate_keys
from signatures.models import Signature

from . import harness, seed
from .export import moderator_session

PENDING = 100_000
CONNECTIONS = (1, 4)


def run(bench):
    try:
        from signatures.moderation import bulk
    except ImportError:
        bench.row("moderation", "not in this tree yet", "", "", None)
        return
    started = time.monotonic()
    letter = seed.letter("queue")
    seed.signatures(letter, PENDING, status=Signature.Status.PENDING, emails=True)
    small = seed.letter("small-queue")
    seed.signatures(small, 100, status=Signature.Status.PENDING, emails=True)
    keys_ms = worker_keys(letter, small)
    bench.vacuum()
    bench.log(f"seeded in {time.monotonic() - started:.0f} s")
    cookie = moderator_session(letter)
    owner = get_user_model().objects.get(username="bench-owner")
    LetterRole.objects.create(letter=small, user=owner, role=LetterRole.Role.OWNER)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)

    server = bench.serve()
    url = f"{server.url}/letters/{letter.slug}/moderate/"
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie})) as page:
        assert page.status == 200, page.status
    first_visit = round((time.perf_counter() - start) * 1000)
    queries = {"100,000": queue_queries(client, letter), "100": queue_queries(client, small)}

    runs = {connections: [] for connections in CONNECTIONS}
    for _ in range(harness.repeats(3)):
        for connections in CONNECTIONS:
            with bench.cpu() as cpu:
                run = harness.wrk(url, connections=connections, duration=harness.seconds(8),
                                  headers={"Cookie": cookie})  # fmt: skip
            runs[connections].append({**run, "cores": cpu.cores})
            bench.log(f"queue, {connections} at once: {run['rps']}/s, p50 {run['p50']} ms")

    pending = list(
        Signature.objects.filter(letter=letter, status=Signature.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:31_000]
    )
    small_run = approve(bulk, letter, pending[:1000], owner)
    big_runs = [
        approve(bulk, letter, pending[1000 + i * 10_000 : 1000 + (i + 1) * 10_000], owner)
        for i in range(harness.repeats(3))
    ]

    median = harness.median_of_runs
    one, four = runs[1], runs[4]
    p50 = median(one, "p50")
    big_s = harness.median([r["seconds"] for r in big_runs])
    same_queries = small_run["queries"] == big_runs[0]["queries"]
    bench.results.update(queue=one, queue_4=four, keys_ms=keys_ms, first_visit_ms=first_visit,
                         queue_queries=queries, approve_1000=small_run,
                         approve_10000=big_runs)  # fmt: skip
    bench.row("queue p50 (ms), 100,000 pending, one moderator", p50, "", "< 50",
              bool(p50 and p50 < 50))  # fmt: skip
    bench.row("queue p99 (ms) / requests/s, one moderator",
              f"{median(one, 'p99')} / {median(one, 'rps')}")  # fmt: skip
    bench.row("queue p50 / p99 (ms), four moderators at once",
              f"{median(four, 'p50')} / {median(four, 'p99')}")  # fmt: skip
    bench.row("keys for 100,000 new, in the task worker (ms)", keys_ms)
    bench.row("queue first visit (ms)", first_visit)
    bench.row(
        "queue queries: 100,000 vs 100 pending",
        f"{queries['100,000']} vs {queries['100']}",
        "",
        "not more",
        # A large letter's counts come from the cache: one query fewer than a small one's.
        queries["100,000"] <= queries["100"],
    )
    bench.row("bulk approve 10,000 (s)", big_s, f"{small_run['seconds']} s for 1,000", "< 2",
              big_s < 2)  # fmt: skip
    bench.row(
        "bulk approve queries: 10,000 vs 1,000",
        f"{big_runs[0]['queries']} vs {small_run['queries']}",
        "",
        "independent",
        same_queries,
    )
    bench.row("approved", sum(r["changed"] for r in big_runs) + small_run["changed"])


def queue_queries(client, letter):
    client.get(f"/letters/{letter.slug}/moderate/")  # the first visit fills the caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/letters/{letter.slug}/moderate/")
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def worker_keys(letter, small):
    """The duplicate keys of the seeded signatures, as the task worker computes them."""
    start = time.perf_counter()
    duplicate_keys.refresh(letter)
    elapsed = round((time.perf_counter() - start) * 1000)
    duplicate_keys.refresh(small)
    return elapsed


def approve(bulk, letter, ids, owner):
    signatures = Signature.objects.filter(letter=letter, pk__in=ids)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        changed = bulk.apply(letter, bulk.ACTIONS[bulk.APPROVE], signatures, by=owner)
    seconds = round(time.perf_counter() - start, 3)
    return {"seconds": seconds, "queries": len(captured.captured_queries), "changed": changed}
