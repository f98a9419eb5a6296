"""Settings for the benchmark's gunicorn only: production settings plus baseline views.

Nothing in config/ imports this module, so the baseline views under /bench/ are
never reachable from the production URLs.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
