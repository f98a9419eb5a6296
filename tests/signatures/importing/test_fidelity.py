"""Real letters as the yardstick: every letter in the corpus reads with F1 ≥ 0.95.

The corpus is tests/fixtures/letters (letters written for Firmas in the shapes of
real ones, and the sample); FIRMAS_LETTER_CORPUS may name more folders of letters
(real public letters kept outside the repository), separated by os.pathsep.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from devtools.fidelity import letters, score_letter

FOLDERS = [Path(settings.BASE_DIR) / "tests" / "fixtures" / "letters"] + [
    Path(folder)
    for folder in os.environ.get("FIRMAS_LETTER_CORPUS", "").split(os.pathsep)
    if folder
]
LETTERS = list(letters(FOLDERS))


def test_the_corpus_has_letters_of_every_shape():
    assert len(LETTERS) >= 6


@pytest.mark.parametrize("folder", LETTERS, ids=[path.name for path in LETTERS])
def test_each_letter_reads_with_f1_of_at_least_095(folder):
    score = score_letter(folder)
    assert score.f1 >= 0.95, (score.missed, score.wrong)
    if score.members_f1 is not None:
        assert score.members_f1 >= 0.95
