"""Signing surge: people fetch the form and post it, many at once, through gunicorn.

Baseline: a bare view doing one ORM insert, same servers, same run. Rounds
alternate baseline and surge; medians are reported. Afterwards the database is
compared with the submissions answered with success: none lost, none twice.
"""

from django.db.models import Count

from signatures.models import Signature

from . import harness, load, seed

CLIENTS = 32


def run(bench):
    letter = seed.letter("surge")
    baseline_letter = seed.letter("surge-baseline")
    # The signing flow and the baseline each run behind one trusted proxy, one address
    # per person, as a real surge arrives (the rate limit keeps its real cost).
    server = bench.serve(NUM_PROXIES=1)
    bench.work()
    addresses = load.client_addresses(CLIENTS)
    succeeded, baseline_runs, surge_runs = [], [], []
    load.sign_surge([server.url], letter.slug, clients=CLIENTS, duration=3, addresses=addresses)
    for round_number in range(harness.repeats(3)):
        with bench.cpu() as cpu:
            tally, wall = load.insert_baseline(
                [server.url], baseline_letter.pk, clients=CLIENTS, duration=harness.seconds(8)
            )
        baseline_runs.append({**tally.summary(wall), "cores": cpu.cores})
        with bench.cpu() as cpu:
            tally, wall = load.sign_surge(
                [server.url], letter.slug, clients=CLIENTS, duration=harness.seconds(30),
                addresses=addresses,
            )  # fmt: skip
        succeeded += tally.succeeded
        surge_runs.append({**tally.summary(wall), "cores": cpu.cores})
        bench.log(
            f"round {round_number + 1}: baseline {baseline_runs[-1]['ops_per_s']}/s, "
            f"signing {surge_runs[-1]['ops_per_s']}/s, p99 {surge_runs[-1]['request_ms']['p99']} ms"
        )
    report(bench, baseline_runs, surge_runs, check(letter, succeeded))


def check(letter, succeeded):
    """Lost: answered with success but not stored. Duplicated: one email stored twice."""
    stored = Signature.objects.filter(letter=letter).exclude(email="")
    emails = set(stored.values_list("email", flat=True))
    twice = stored.values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
    answered = set(succeeded)
    return {
        "answered": len(succeeded),
        "stored": stored.count(),
        "lost": len(answered - emails),
        "duplicated": twice + (len(succeeded) - len(answered)),
        # Stored but never answered with success (a timeout on the client): not lost.
        "unanswered": len(emails - answered),
    }


def report(bench, baseline_runs, surge_runs, integrity):
    median = harness.median_of_runs
    signing = median(surge_runs, "ops_per_s")
    inserts = median(baseline_runs, "ops_per_s")
    p99 = harness.median([run["request_ms"]["p99"] for run in surge_runs])
    errors = sum(run["errors"] for run in surge_runs)
    share = harness.ratio(signing, inserts)
    bench.results.update(
        clients=CLIENTS, baseline=baseline_runs, surge=surge_runs, integrity=integrity,
        signatures_per_s=signing, inserts_per_s=inserts, ratio=share, p99_ms=p99,
    )  # fmt: skip
    bench.row("signatures/s (form + post)", signing, f"{inserts} inserts/s", "", None)
    bench.row("ratio to the bare insert", share, "", ">= 0.5", bool(share and share >= 0.5))
    for key in ("p50", "p95"):
        value = harness.median([run["request_ms"][key] for run in surge_runs])
        bench.row(f"request {key} (ms)", value, "", "", None)
    bench.row("request p99 (ms)", p99, "", "< 150", bool(p99 is not None and p99 < 150))
    flow = harness.median([run["flow_ms"]["p99"] for run in surge_runs])
    bench.row("whole signing p99 (ms)", flow, "", "", None)
    bench.row("errors", errors, "", "0", errors == 0)
    bench.row("lost", integrity["lost"], "", "0", integrity["lost"] == 0)
    bench.row("duplicated", integrity["duplicated"], "", "0", integrity["duplicated"] == 0)
    bench.row(
        "cores: client / app / postgres",
        " / ".join(str(harness.median([r["cores"][k] for r in surge_runs])) for k in
                   ("client", "app", "postgres")),
    )  # fmt: skip
