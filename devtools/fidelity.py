"""How well Firmas reads real signatory lists: precision, recall and F1 per letter.

Each letter is a folder with `letter.txt` (the text as a person would paste it) and
`expected.json` (every signatory, read by hand). An entry read is right only when
its name and its kind are both right. Members of networks are scored apart.

    python devtools/fidelity.py [FOLDER ...]    (default: tests/fixtures/letters)

Prints a Markdown table; `--misses` adds what was missed and what was read wrongly.
"""

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "fixtures" / "letters"


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


@dataclass
class Score:
    letter: str
    expected: int
    read: int
    right: int
    members_expected: int = 0
    members_right: int = 0
    members_read: int = 0
    missed: tuple = ()
    wrong: tuple = ()

    @property
    def precision(self):
        return self.right / self.read if self.read else 0.0

    @property
    def recall(self):
        return self.right / self.expected if self.expected else 0.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def members_f1(self):
        if not self.members_expected:
            return None
        p = self.members_right / self.members_read if self.members_read else 0.0
        r = self.members_right / self.members_expected
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(name):
    return " ".join(str(name).split())


def score_letter(folder):
    """Reads `folder`/letter.txt and compares it with `folder`/expected.json."""
    from signatures.importing.letter import LetterImportError, parse_letter

    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["signatories"]
    try:
        entries = parse_letter((folder / "letter.txt").read_text(encoding="utf-8")).entries
    except LetterImportError:
        entries = []
    want = Counter((_key(s["name"]), s["kind"]) for s in expected)
    got = Counter((_key(e.name), e.kind) for e in entries)
    want_members = Counter(
        (_key(s["name"]), _key(m["name"]), m["kind"])
        for s in expected
        for m in s.get("members", [])
    )
    got_members = Counter((_key(e.name), _key(m.name), m.kind) for e in entries for m in e.members)
    return Score(
        folder.name,
        expected=sum(want.values()),
        read=sum(got.values()),
        right=sum((want & got).values()),
        members_expected=sum(want_members.values()),
        members_read=sum(got_members.values()) if want_members else 0,
        members_right=sum((want_members & got_members).values()),
        missed=tuple(sorted((want - got).elements())),
        wrong=tuple(sorted((got - want).elements())),
    )


def letters(folders):
    for folder in folders:
        for path in sorted(Path(folder).iterdir()):
            if (path / "letter.txt").exists() and (path / "expected.json").exists():
                yield path


def table(scores):
    rows = [
        "| letter | expected | read | precision | recall | F1 | members F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        members = "—" if s.members_f1 is None else f"{s.members_f1:.3f}"
        rows.append(
            f"| {s.letter} | {s.expected} | {s.read} | {s.precision:.3f} | {s.recall:.3f} "
            f"| {s.f1:.3f} | {members} |"
        )
    if scores:
        mean = sum(s.f1 for s in scores) / len(scores)
        rows.append(f"| **mean** | | | | | **{mean:.3f}** | |")
    return "\n".join(rows)


def main(argv):
    _setup()
    show_misses = "--misses" in argv
    folders = [a for a in argv if not a.startswith("--")] or [DEFAULT]
    scores = [score_letter(path) for path in letters(folders)]
    print(table(scores))
    if show_misses:
        for s in scores:
            if s.missed or s.wrong:
                print(f"\n## {s.letter}")
                print("missed:", *s.missed[:40], sep="\n  ")
                print("read instead:", *s.wrong[:40], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
