"""A pg_dump of a populated database restores into a fresh one with the same public list.

This runs the procedure of docs/operations.md with the real PostgreSQL tools.
"""

import glob
import os
import shutil
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

from signatures.models import Signature
from signatures.public.listing import build_signatory_list

pytestmark = pytest.mark.django_db(transaction=True)


def tool(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    assert candidates, f"{name} is not installed (Debian: postgresql-client)"
    return candidates[0]


def pg_env():
    db = connection.settings_dict
    env = dict(os.environ, PGHOST=db["HOST"] or "127.0.0.1", PGUSER=db["USER"])
    env["PGPORT"] = str(db["PORT"] or 5432)
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def run(*command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_dump_restores_with_the_same_public_list(tmp_path, make_letter, make_signature):
    letter = make_letter(slug="backed-up")
    make_signature(letter, "Árbol de la Vida", email="arbol@example.org", country="MX")
    make_signature(letter, "GTPM", kind="network", members=["Sin Fronteras, IAP", "CELS"])
    make_signature(letter, "Ana Hurtado", kind="individual", title="Investigadora")
    make_signature(letter, "Pending Org", status="pending")
    expected = build_signatory_list(Signature.objects.filter(letter=letter).public())
    env = pg_env()
    source = connection.settings_dict["NAME"]
    restored = f"firmas_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "firmas.dump"

    run(tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", source, env=env)
    run(tool("createdb"), restored, env=env)
    try:
        run(
            tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump),
            env=env,
        )  # fmt: skip
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{env['PGHOST']}:{env['PGPORT']}/{restored}"
        if db["PASSWORD"]:
            url = f"postgres://{db['USER']}:{db['PASSWORD']}@{env['PGHOST']}:{env['PGPORT']}/{restored}"
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        restored_env = dict(env, DATABASE_URL=url)
        run(*manage, "migrate", "--check", env=restored_env)
        exported = run(
            *manage, "export_signatories", "backed-up", "--format", "text", env=restored_env
        )
    finally:
        run(tool("dropdb"), "--if-exists", restored, env=env)

    lines = [line for line in exported.splitlines() if line.strip()]
    for entry in expected.organizations + expected.individuals:
        assert entry.text in lines
    assert lines.index("Árbol de la Vida") < lines.index("GTPM: Sin Fronteras, IAP; CELS")
    assert "Pending Org" not in exported
    assert "arbol@example.org" not in exported
