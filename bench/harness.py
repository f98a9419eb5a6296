"""What every scenario shares: the stack, CPU accounting, wrk, statistics and results.

A scenario module defines `run(bench)`; `python -m bench NAME` runs it.
`bench` (a Bench) starts the throwaway cluster, sets this process up as a Django
client of it (for seeding and query counts), and serves the app with gunicorn
using bench.settings (production settings plus the /bench/ baselines).
"""

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from devtools.stack import (
    ROOT,
    Cluster,
    Gunicorn,
    Redis,
    Worker,
    manage,
    prepare,
    production_env,
)

RESULTS = ROOT / "bench" / "results"
# Set by `python -m bench` for its scenarios: "cluster folder:port:static folder".
SHARED = "FIRMAS_BENCH_SHARED"
# gunicorn's configuration for every scenario: the one the `workers` scenario served
# best with (`python -m bench` passes it on); by default the one it chose on the
# 2-core machine (docs/performance.md).
WORKERS = int(os.environ.get("FIRMAS_BENCH_WORKERS") or 2)
THREADS = int(os.environ.get("FIRMAS_BENCH_THREADS") or 4)
GUNICORN_TIMEOUT = 300
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


def seconds(full, quick=None):
    """A duration, shorter with BENCH_QUICK=1 (for trying a scenario out)."""
    return (quick or max(2, full // 5)) if QUICK else full


def repeats(full):
    return 1 if QUICK else full


# CPU accounting -----------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_of(pids):
    """CPU seconds used so far by these processes (user + system)."""
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / _TICK
        except (OSError, IndexError, ValueError):
            pass
    return total


def own_cpu():
    """CPU seconds of this process and its finished children (such as wrk)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class CpuMeter:
    """Cores used by the client, the app servers and PostgreSQL over a measurement."""

    def __init__(self, bench):
        self.bench = bench

    def __enter__(self):
        self.start = time.monotonic()
        self.client = own_cpu()
        self.server_pids, self.db_pids = self.bench.server_pids(), self.bench.cluster.pids()
        self.server, self.db = cpu_of(self.server_pids), cpu_of(self.db_pids)
        return self

    def __exit__(self, *exc):
        elapsed = time.monotonic() - self.start
        self.cores = {
            "client": round((own_cpu() - self.client) / elapsed, 2),
            "app": round((cpu_of(self.server_pids) - self.server) / elapsed, 2),
            "postgres": round((cpu_of(self.db_pids) - self.db) / elapsed, 2),
        }


# Statistics -----------------------------------------------------------------------


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def latency_summary(latencies_ms):
    return {f"p{p}": _round(percentile(latencies_ms, p)) for p in (50, 95, 99)}


def median(values):
    values = [v for v in values if v is not None]
    return _round(statistics.median(values)) if values else None


def _round(value, digits=2):
    return None if value is None else round(value, digits)


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def median_of_runs(runs, key):
    return median([run[key] for run in runs])


# wrk ------------------------------------------------------------------------------

WRK_SCRIPT = """
done = function(summary, latency, requests)
  for _, p in pairs({50, 95, 99}) do
    io.write(string.format("BENCH p%d %d\\n", p, latency:percentile(p)))
  end
  local e = summary.errors
  io.write(string.format("BENCH errors %d\\n", e.connect + e.read + e.write + e.status + e.timeout))
  io.write(string.format("BENCH requests %d %d %d\\n", summary.requests, summary.duration,
    summary.bytes))
end
"""


def wrk(url, *, connections=32, duration=10, headers=None):
    """GETs `url` with wrk for `duration` seconds; throughput, latency, errors, client CPU."""
    binary = shutil.which("wrk")
    if not binary:
        raise RuntimeError("wrk not found: apt-get install wrk (make bench installs it as root)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [binary, "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", script.name]  # fmt: skip
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        output = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=duration + 60, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    values = dict(re.findall(r"^BENCH (\w+) (.+)$", output, re.MULTILINE))
    requests, duration_us, size = (int(v) for v in values["requests"].split())
    wall = duration_us / 1e6
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "requests": requests,
        "rps": round(requests / wall, 1),
        "p50": round(int(values["p50"]) / 1000, 2),
        "p95": round(int(values["p95"]) / 1000, 2),
        "p99": round(int(values["p99"]) / 1000, 2),
        "errors": int(values["errors"]),
        "kib_per_response": round(size / max(requests, 1) / 1024, 1),
        "client_cores": round(client_cpu / wall, 2),
    }


# The stack --------------------------------------------------------------------------


class Bench:
    """One scenario's stack: a cluster, maybe a Redis, and gunicorn servers started on demand."""

    def __init__(self, name, *, shared_cache=False, **env_extra):
        self.name = name
        self.cluster = None
        self.redis = None
        self.servers = []
        self.background = []
        self.shared_cache = shared_cache
        self.env_extra = env_extra
        self.results = {"scenario": name}
        self.rows = []

    def __enter__(self):
        started = time.monotonic()
        extra = {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "FIRMAS_SIGN_RATE_LIMIT": 1_000_000,
            "DATABASE_CONN_MAX_AGE": 600,
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            **self.env_extra,
        }
        if self.shared_cache:
            self.redis = Redis().start()
            extra["CACHE_URL"] = self.redis.url
        shared = os.environ.get(SHARED)
        if shared:
            # `python -m bench` made one cluster for the run: a fresh copy of its
            # migrated database for this scenario, and its collected static files.
            folder, port, static = shared.split(os.pathsep)
            self.cluster, self.static = Cluster.existing(folder, port), Path(static)
            self.database = f"bench_{self.name}"
            self.cluster.dropdb(self.database)
            self.cluster.createdb(self.database, template="firmas")
            url = self.cluster.database_url(self.database)
        else:
            self.cluster = Cluster().create()
            self.static = Path(tempfile.mkdtemp(prefix="firmas-bench-static-"))
            self.database, url = None, self.cluster.url
        self.env = production_env(url, self.static, **extra)
        if not shared:
            prepare(self.env)
        if self.redis:
            manage("createcachetable", env=self.env)
        # This process is a Django client of the same database, for seeding and probes.
        os.environ.update(self.env)
        import django

        django.setup()
        self.log(f"stack ready in {time.monotonic() - started:.0f} s (cluster {self.cluster.port})")
        return self

    def __exit__(self, *exc):
        for server in self.servers + self.background:
            server.stop()
        if self.redis:
            self.redis.stop()
        from django.db import connections

        connections.close_all()
        if self.database:
            self.cluster.dropdb(self.database)
        else:
            self.cluster.destroy()
            shutil.rmtree(self.static, ignore_errors=True)

    def serve(self, workers=WORKERS, threads=THREADS, **env):
        """Starts a gunicorn with the scenario's environment (plus `env`)."""
        # A sync worker busy with one request cannot report to gunicorn: its timeout must
        # outlast the longest request, a large export (docs/deploy.md).
        environment = {**self.env, **{k: str(v) for k, v in env.items()}}
        server = Gunicorn(environment, workers, threads, timeout=GUNICORN_TIMEOUT)
        server.start(timeout=60)
        self.servers.append(server)
        return server

    def work(self):
        """Starts the background worker, as production runs it beside the servers."""
        worker = Worker(self.env).start()
        self.background.append(worker)
        return worker

    def stop_servers(self):
        for server in self.servers:
            server.stop()
        self.servers = []

    def server_pids(self):
        pids = [pid for server in self.servers + self.background for pid in server.pids()]
        return pids + (self.redis.pids() if self.redis else [])

    def cpu(self):
        return CpuMeter(self)

    def psql(self, *args):
        """psql against this scenario's database."""
        return self.cluster.psql(*args, database=self.database or "firmas")

    def vacuum(self):
        """Fresh statistics and visibility maps after seeding, as autovacuum would give."""
        self.psql("-c", "VACUUM (ANALYZE)")

    @staticmethod
    def log(message):
        print(f"  {message}", file=sys.stderr, flush=True)

    def row(self, measure, value, baseline=None, target="", met=None):
        """A line of the scenario's table."""
        self.rows.append(
            {"measure": measure, "value": value, "baseline": baseline, "target": target, "met": met}
        )


def machine():
    load = os.getloadavg()
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "python": platform.python_version(),
        "load_before": [round(x, 2) for x in load],
    }


def format_table(rows):
    headers = ["measure", "value", "baseline", "target", "met"]
    lines = [[str(_cell(row.get(h))) for h in headers] for row in rows]
    widths = [max([len(h), *(len(line[i]) for line in lines)]) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


def _cell(value):
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "NO"
    return value


def main(name):
    """Runs the scenario module bench.<name>, prints its table, writes results/<name>.json.

    The module is imported once the stack is up, as it may use Django models.
    """
    import importlib

    RESULTS.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    print(f"== {name}", file=sys.stderr, flush=True)
    info = machine()
    clock = time.monotonic()
    module = None
    options = SCENARIO_OPTIONS.get(name, {})
    with Bench(name, **options) as bench:
        module = importlib.import_module(f"bench.{name}")
        module.run(bench)
    result = {
        **bench.results,
        "title": (module.__doc__ or name).strip().splitlines()[0],
        "date": started.isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - clock),
        "machine": info,
        "quick": QUICK,
        "gunicorn": {"workers": WORKERS, "threads": THREADS},
        "table": bench.rows,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\n{name}\n" + format_table(bench.rows) + "\n", flush=True)
    return result


# Stack options per scenario (the scale-out one shares a Redis between two servers).
SCENARIO_OPTIONS = {"scaleout": {"shared_cache": True}}
