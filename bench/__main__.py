"""`python -m bench [scenario ...]`: runs scenarios (all by default), each in its own process.

Prints each scenario's table as it finishes, then one summary table, and writes
bench/results/<scenario>.json and bench/results/summary.json.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from devtools.stack import Cluster, prepare, production_env

from . import harness

SCENARIOS = ["workers", "surge", "letter_page", "public_data", "export", "moderation", "scaleout"]


def main():
    # Stopped with SIGTERM (a timeout, a killed job): clean up like on Ctrl-C, so that
    # no cluster, server or Redis is left running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("scenarios", nargs="*", metavar="scenario",
                        help=f"any of: {', '.join(SCENARIOS)} (default: all)")  # fmt: skip
    parser.add_argument("--one", choices=SCENARIOS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario {', '.join(sorted(unknown))}; choose from {SCENARIOS}")
    if args.one:
        harness.main(args.one)
        return 0
    started, failed, results = time.monotonic(), [], []
    with shared_cluster() as env:
        for name in args.scenarios or SCENARIOS:
            path = harness.RESULTS / f"{name}.json"
            path.unlink(missing_ok=True)
            code = subprocess.call([sys.executable, "-m", "bench", "--one", name], env=env)
            if code != 0 or not path.exists():
                failed.append(name)
                continue
            results.append(json.loads(path.read_text()))
            chosen = results[-1].get("chosen")
            if chosen:  # the `workers` scenario: the others run with its choice
                env["FIRMAS_BENCH_WORKERS"] = str(chosen["workers"])
                env["FIRMAS_BENCH_THREADS"] = str(chosen["threads"])
    print(summary(results, time.monotonic() - started))
    (harness.RESULTS / "summary.json").write_text(json.dumps(results, indent=2) + "\n")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


@contextmanager
def shared_cluster():
    """One throwaway cluster for the whole run, migrated once, static files collected once:
    each scenario copies its database from it (see harness.Bench)."""
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    cluster = Cluster().create()
    static = Path(tempfile.mkdtemp(prefix="firmas-bench-static-"))
    try:
        env = production_env(cluster.url, static, DJANGO_SETTINGS_MODULE="bench.settings")
        print("== preparing one cluster for every scenario", file=sys.stderr, flush=True)
        prepare(env)
        yield {**os.environ, harness.SHARED: os.pathsep.join(
            [str(cluster.folder), str(cluster.port), str(static)])}  # fmt: skip
    finally:
        cluster.destroy()
        shutil.rmtree(static, ignore_errors=True)


def summary(results, elapsed):
    rows = []
    for result in results:
        for row in result["table"]:
            rows.append({**row, "measure": f"{result['scenario']}: {row['measure']}"})
    head = f"\nFirmas benchmark: {len(results)} scenarios in {elapsed / 60:.1f} min\n"
    return head + harness.format_table(rows) + "\n"


if __name__ == "__main__":
    sys.exit(main())
