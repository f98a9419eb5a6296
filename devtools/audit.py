"""Audit the installed dependencies for known vulnerabilities with pip-audit.

Fails on any known vulnerability. Where the vulnerability service cannot be
reached (an offline or locked-down machine), says so plainly and passes: an
audit that could not run is reported as skipped, never as clean.
"""

import json
import subprocess
import sys
from pathlib import Path


def main():
    pip_audit = Path(sys.executable).parent / "pip-audit"
    result = subprocess.run(
        [str(pip_audit), "--skip-editable", "--format", "json", "--progress-spinner", "off"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"dependency audit SKIPPED: pip-audit could not reach its service ({reason})")
        return 0
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if vulnerable:
        print("dependency audit FAILED: known vulnerabilities")
        for dependency in vulnerable:
            ids = ", ".join(v["id"] for v in dependency["vulns"])
            print(f"  {dependency['name']} {dependency['version']}: {ids}")
        return 1
    if not audited:
        print(
            f"dependency audit SKIPPED: the vulnerability service knew none of the "
            f"{len(dependencies)} installed packages (it is not reachable from this machine)"
        )
        return 0
    skipped = len(dependencies) - len(audited)
    print(f"dependency audit passed: {len(audited)} packages, none vulnerable ({skipped} skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
