"""Every management command of the project explains itself with --help, in both languages."""

import subprocess
import sys

import pytest
from django.conf import settings

COMMANDS = [
    "import_letter",
    "export_signatories",
    "purge_contacts",
    "ensure_demo_owner",
    "grant_organizer",
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_help_prints_without_error(command, language):
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "LANGUAGE_CODE": language},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert f"manage.py {command}" in result.stdout
