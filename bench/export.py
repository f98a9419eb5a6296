"""Export: a moderator's CSV download of 1,000,000 signatures, against psql's \\copy.

The download streams through gunicorn (one worker, so its peak memory is the
export's); \\copy writes the same columns, in the same order, straight from
PostgreSQL. Both run in the same rounds; medians are reported.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client

from letters.models import LetterRole
from signatures.models import Signature

from . import harness, seed

INDIVIDUALS = 989_900
ORGANIZATIONS = 10_000
NETWORKS = 100

# The CSV export's columns, as PostgreSQL would write them itself (country names and
# the members after their networks are the export's own work).
COPY_SQL = """\\copy (SELECT s.kind, s.name, s.acronym, '' AS network, s.title AS role,
  s.country, s.city, s.website, s.language, s.created_at AS signed_at,
  s.decided_at AS approved_at, s.is_lead AS lead, s.status,
  s.visibility = 'delivery_only' AS delivery_only
  FROM signatures_signature s WHERE s.letter_id = {letter} AND s.status = 'approved'
  ORDER BY (s.kind = 'individual'), s.is_lead DESC, s.lead_order, s.sort_name, s.id)
  TO '{path}' WITH (FORMAT csv, HEADER)"""

RSS_SCRIPT = """
import resource, sys, django
django.setup()
from django.core.management import call_command
call_command("export_signatories", sys.argv[1], "--format", "csv", "-o", sys.argv[2])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(bench):
    started = time.monotonic()
    letter = seed.letter("million")
    seed.signatures(letter, ORGANIZATIONS, kind=Signature.Kind.ORGANIZATION)
    seed.networks(letter, NETWORKS)
    seed.signatures(letter, INDIVIDUALS)
    bench.vacuum()
    total = Signature.objects.filter(letter=letter).count()
    bench.log(f"seeded {total} signatures in {time.monotonic() - started:.0f} s")
    cookie = moderator_session(letter)

    server = bench.serve(workers=1)
    worker = server.pids()[-1]
    url = f"{server.url}/letters/{letter.slug}/export/csv/"
    folder = Path(tempfile.mkdtemp(prefix="firmas-bench-export-"))
    try:
        measure(bench, letter, total, cookie, worker, url, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(bench, letter, total, cookie, worker, url, folder):
    copy_runs, http_runs = [], []
    # Two rounds of a minute each keep `make bench` within its quarter of an hour.
    for round_number in range(harness.repeats(2)):
        path = folder / "copy.csv"
        start = time.perf_counter()
        bench.psql("-c", COPY_SQL.format(letter=letter.pk, path=path).replace("\n", " "))
        copy_runs.append({"seconds": round(time.perf_counter() - start, 2),
                          "mib": round(path.stat().st_size / 2**20, 1)})  # fmt: skip
        with bench.cpu() as cpu:
            http_runs.append(download(url, cookie))
        http_runs[-1]["cores"] = cpu.cores
        bench.log(
            f"round {round_number + 1}: \\copy {copy_runs[-1]['seconds']} s, "
            f"download {http_runs[-1]['seconds']} s ({http_runs[-1]['rows']} rows)"
        )
    peak_http = peak_rss_mib(worker)
    command = command_run(bench, letter, folder) if os.environ.get("BENCH_EXPORT_COMMAND") else None

    median = harness.median_of_runs
    copy_s, http_s = median(copy_runs, "seconds"), median(http_runs, "seconds")
    times = harness.ratio(http_s, copy_s)
    bench.results.update(
        signatures=total, copy=copy_runs, download=http_runs, ratio=times,
        worker_peak_mib=peak_http, command=command,
    )  # fmt: skip
    bench.row("CSV download (s)", http_s, f"{copy_s} s \\copy")
    bench.row("times \\copy", times, "", "<= 3", bool(times and times <= 3))
    bench.row("rows / MiB", f"{http_runs[0]['rows']} / {http_runs[0]['mib']}",
              f"{copy_runs[0]['mib']} MiB")  # fmt: skip
    bench.row("gunicorn worker peak RSS (MiB)", peak_http, "", "< 150", peak_http < 150)
    if command:  # BENCH_EXPORT_COMMAND=1: manage.py export_signatories as well
        bench.row("export command (s) / peak RSS (MiB)",
                  f"{command['seconds']} / {command['peak_mib']}", "", "< 150",
                  command["peak_mib"] < 150)  # fmt: skip


def moderator_session(letter):
    """A session cookie for the letter's owner, made in this process, used over HTTP."""
    owner = get_user_model().objects.create_user("bench-owner")
    LetterRole.objects.create(letter=letter, user=owner, role=LetterRole.Role.OWNER)
    client = Client()
    client.force_login(owner)
    return f"sessionid={client.cookies['sessionid'].value}"


def download(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    start = time.perf_counter()
    size = lines = 0
    with urllib.request.urlopen(request, timeout=600) as response:
        assert response.status == 200, response.status
        while chunk := response.read(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
    return {"seconds": round(time.perf_counter() - start, 2), "mib": round(size / 2**20, 1),
            "rows": lines - 1}  # fmt: skip


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def command_run(bench, letter, folder):
    """`manage.py export_signatories` to a file, in its own process, with its peak memory."""
    out = folder / "command.csv"
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", RSS_SCRIPT, letter.slug, str(out)],
        env=bench.env, cwd=harness.ROOT, capture_output=True, text=True, check=True, timeout=900,
    )  # fmt: skip
    seconds = round(time.perf_counter() - start, 2)
    return {"seconds": seconds, "peak_mib": round(int(result.stdout.split()[-1]) / 1024, 1)}
