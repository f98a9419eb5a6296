"""CACHE_URL chooses the shared cache; the bench's baseline views never reach production."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

SHOW = [
    sys.executable,
    "-c",
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])",
]


def start(**env):
    environment = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        SHOW, env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )


def test_without_cache_url_the_cache_is_a_database_table():
    result = start()

    assert result.stdout.split() == ["django.core.cache.backends.db.DatabaseCache", "firmas_cache"]


def test_a_redis_url_gives_a_redis_cache_shared_by_every_server():
    result = start(CACHE_URL="redis://cache.internal:6379/1")

    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.internal:6379/1",
    ]


def test_any_other_cache_url_stops_start_up_with_a_clear_message():
    result = start(CACHE_URL="memcached://cache.internal:11211")

    assert result.returncode != 0
    assert "CACHE_URL must be empty or start with redis://" in result.stderr


@pytest.mark.parametrize("path", ["/bench/hello/", "/bench/insert/"])
def test_the_benchmark_baselines_are_not_in_the_production_urls(path):
    with pytest.raises(Resolver404):
        resolve(path, urlconf=settings.ROOT_URLCONF)
    assert settings.ROOT_URLCONF == "config.urls"
