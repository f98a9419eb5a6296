"""`python -m bench.report`: the latest result of each scenario (bench/results/) as
Markdown tables, for docs/performance.md."""

import json
import sys

from .harness import RESULTS


def cell(value):
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "**no**"
    return str(value).replace("|", "\\|")


def main():
    from .__main__ import SCENARIOS

    paths = [RESULTS / f"{name}.json" for name in SCENARIOS]
    results = [json.loads(path.read_text()) for path in paths if path.exists()]
    if not results:
        print("no results yet: run `make bench` first", file=sys.stderr)
        return 1
    for result in results:
        gunicorn = result.get("gunicorn", {})
        print(f"### {result['scenario']}: {result.get('title', '')}\n")
        print(
            f"{result['date']}, {result['seconds']} s, gunicorn {gunicorn.get('workers')} "
            f"workers x {gunicorn.get('threads')} threads, load average before "
            f"{result['machine']['load_before'][0]}\n"
        )
        print("| measure | value | baseline | target | met |")
        print("| --- | --- | --- | --- | --- |")
        for row in result["table"]:
            values = [row["measure"], row["value"], row["baseline"], row["target"], row["met"]]
            print("| " + " | ".join(cell(v) for v in values) + " |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
