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
