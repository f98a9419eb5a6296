"""Production refuses insecure settings; every knob is parsed strictly."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

CHECK = [sys.executable, "-c", "import django; django.setup()"]


def start(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        CHECK, env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_the_development_secret_key():
    result = start(DEBUG="false", ALLOWED_HOSTS="firmas.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    result = start(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="")

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_real_settings():
    result = start(
        DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="firmas.example.org"
    )

    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_stops_start_up_with_a_clear_message():
    result = start(DEBUG="perhaps")

    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_only_postgres_is_accepted():
    result = start(DATABASE_URL="sqlite:///db.sqlite3")

    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_the_deploy_check_is_clean_with_production_settings():
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="firmas.example.org",
    )
    result = subprocess.run(
        command, env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_makes_its_secret_key_once_and_keeps_it_private(tmp_path):
    """Security review, finding 17: no development key in the source; a random one,
    made on the first run, kept in a file only its owner reads."""
    from config.settings import development_secret_key

    path = tmp_path / ".secret-key"
    first = development_secret_key(path)
    again = development_secret_key(path)

    assert first == again == path.read_text().strip()
    assert len(first) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert development_secret_key(tmp_path / "elsewhere") != first
    assert sorted(p.name for p in tmp_path.iterdir()) == [".secret-key", "elsewhere"]


def test_make_run_uses_a_key_that_is_in_no_tracked_file():
    """Security review, finding 17: with DEBUG and no SECRET_KEY, the key is the
    git-ignored .secret-key's, the same on every start, and printed nowhere in the
    source."""
    show = (
        "import django; django.setup(); from django.conf import settings as s; print(s.SECRET_KEY)"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(DEBUG="true", DJANGO_SETTINGS_MODULE="config.settings")

    def key():
        result = subprocess.run(
            [sys.executable, "-c", show],
            env=environment,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    first, second = key(), key()
    assert first == second == (settings.BASE_DIR / ".secret-key").read_text().strip()
    git = ["git", "-C", str(settings.BASE_DIR)]
    ignored = subprocess.run([*git, "check-ignore", "-q", ".secret-key"], check=False)
    assert ignored.returncode == 0
    # -e: a key may start with "-", which git would read as an option (exit 129).
    tracked = subprocess.run([*git, "grep", "-F", "-q", "-e", first], check=False)
    assert tracked.returncode == 1  # found in no tracked file
