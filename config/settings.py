"""Firmas settings: one file, every knob an environment variable.

Development defaults are safe for a laptop; production (DEBUG off) refuses to
start without a real SECRET_KEY and ALLOWED_HOSTS. README lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# Where `make run` keeps its development key (git-ignored): see development_secret_key.
DEV_SECRET_KEY_FILE = BASE_DIR / ".secret-key"


def development_secret_key(path):
    """The key used when DEBUG is on and SECRET_KEY is not set: random, made on the
    first run and kept in `path`, so that sessions and emailed links survive a
    restart and nobody can forge them from a key printed in the source.

    Two processes starting at once (the server and the worker) agree on one key: the
    file appears whole or not at all, and the loser of the race reads the winner's.
    """
    if path.exists():
        key = path.read_text().strip()
        if not key:
            raise ImproperlyConfigured(f"{path} is empty: delete it and a new key is made.")
        return key
    key = get_random_secret_key()
    draft = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise ImproperlyConfigured(
            f"Set SECRET_KEY, or let Firmas keep a development key in {path}: {error}"
        ) from None
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    try:
        os.link(draft, path)  # fails if the file exists: never replaces a key in use
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        draft.unlink()
    return key


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default, minimum=None):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    development_secret_key(DEV_SECRET_KEY_FILE) if DEBUG else ""
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

if not DEBUG:
    # The same bar as Django's deploy check (security.W009).
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "Production (DEBUG off) needs SECRET_KEY: a random string of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production (DEBUG off) needs ALLOWED_HOSTS, comma-separated.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The unaccent lookup and array fields of the moderation queue.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "csp",
    "django_tasks",
    # The queue's and the login protection's apps, under translated names (config/apps.py).
    "config.apps.TaskQueueConfig",
    "config.apps.LoginProtectionConfig",
    "letters",
    "signatures",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The Makefile provisions a project-local cluster on this port when DATABASE_URL is unset.
DEV_DATABASE_URL = "postgres://firmas@127.0.0.1:{port}/firmas".format(
    port=env_int("FIRMAS_PGPORT", 54329)
)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEV_DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if os.environ.get("FIRMAS_TEST_DB"):
    # Lets several test runs share one server, each with its own test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["FIRMAS_TEST_DB"]}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("Firmas runs on PostgreSQL only: DATABASE_URL must be postgres://")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "es")
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Country names as people say them: django-countries' Spanish files some under their
# official long forms ("Principado de Andorra" under P) and misspells others.
COUNTRIES_OVERRIDE = {
    "AD": _("Andorra"),
    "CF": _("Central African Republic"),
    "CY": _("Cyprus"),
    "DJ": _("Djibouti"),
    "FM": _("Micronesia"),
    "PS": _("Palestine"),
    "SZ": _("Eswatini"),
    "TD": _("Chad"),
    "TT": _("Trinidad and Tobago"),
}
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Firmas <firmas@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def cache_from_url(url):
    """CACHES["default"] from CACHE_URL: empty for the database table, or redis(s)://."""
    if not url:
        # A table in PostgreSQL, so that every server process and the worker share one
        # cache (counts, cached pages) with no extra service. A migration
        # (letters 0003_cache_table) creates it, so `migrate` alone suffices.
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "firmas_cache",
            # Past this, Django deletes a third of the entries on the next write.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    if url.startswith(("redis://", "rediss://")):
        # One Redis shared by every app server: counts and the public list.
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must be empty or start with redis://, not {url!r}")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "").strip())}

# Mail goes out from a background worker (`manage.py db_worker`), never inside a request.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Links in emails point here: the worker has no request to take the host from.
SITE_URL = (
    os.environ.get("SITE_URL")
    or ("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}")
).rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")

# Signing: how long email links work, and how many signatures one address may submit.
FIRMAS_CONFIRM_LINK_DAYS = env_int("FIRMAS_CONFIRM_LINK_DAYS", 7, minimum=1)
FIRMAS_MANAGE_LINK_DAYS = env_int("FIRMAS_MANAGE_LINK_DAYS", 180, minimum=1)
FIRMAS_SIGN_RATE_LIMIT = env_int("FIRMAS_SIGN_RATE_LIMIT", 20, minimum=1)
FIRMAS_SIGN_RATE_WINDOW = env_int("FIRMAS_SIGN_RATE_WINDOW", 600, minimum=1)
# Past the limit, the signer's browser proves some work instead (signatures/signing/
# proofofwork.py): the largest number it may have to try; about a second on a phone.
FIRMAS_SIGN_PROOF_MAX = env_int("FIRMAS_SIGN_PROOF_MAX", 100_000, minimum=1)
# Emails to one address per day, whoever asks for them (signing, new links).
FIRMAS_EMAILS_PER_ADDRESS_PER_DAY = env_int("FIRMAS_EMAILS_PER_ADDRESS_PER_DAY", 5, minimum=1)
# Days after a withdrawal before `purge_contacts --withdrawn` erases the signer's
# contact details (the grace period lets a mistaken withdrawal be undone).
FIRMAS_WITHDRAWN_GRACE_DAYS = env_int("FIRMAS_WITHDRAWN_GRACE_DAYS", 30, minimum=0)
# A letter's page kept for anonymous readers is checked against the database's list
# version at most this often (seconds): a change shows to them within that time.
# 0 checks on every request (one more query each).
FIRMAS_PAGE_RECHECK_SECONDS = env_int("FIRMAS_PAGE_RECHECK_SECONDS", 1, minimum=0)
# Days an emailed invitation to moderate a letter works.
FIRMAS_INVITATION_DAYS = env_int("FIRMAS_INVITATION_DAYS", 7, minimum=1)
# Reverse proxies in front of Firmas that append to X-Forwarded-For; 0 trusts none of it.
NUM_PROXIES = env_int("NUM_PROXIES", 0, minimum=0)

# Failed logins (the login page and the admin's), counted by django-axes in the
# database: after FIRMAS_LOGIN_FAILURE_LIMIT failures for one username, or from one
# client address, logging in is refused for FIRMAS_LOGIN_LOCKOUT_MINUTES. A username
# that does not exist is counted and locked the same way, so nothing tells them apart.
AXES_FAILURE_LIMIT = env_int("FIRMAS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FIRMAS_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
# The pair: failures lock one username at one address, nobody else (config.lockout).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Past these many failures in the cool-off, for a username from anywhere or from one
# address for any usernames, browsers that never signed in to the account wait between
# attempts (config.lockout.slowdown_seconds).
FIRMAS_LOGIN_USERNAME_LIMIT = env_int("FIRMAS_LOGIN_USERNAME_LIMIT", 20, minimum=1)
FIRMAS_LOGIN_ADDRESS_LIMIT = env_int("FIRMAS_LOGIN_ADDRESS_LIMIT", 50, minimum=1)
FIRMAS_LOGIN_SLOWDOWN_SECONDS = env_int("FIRMAS_LOGIN_SLOWDOWN_SECONDS", 30, minimum=1)
# How long a browser is remembered as one that signed in to an account.
FIRMAS_LOGIN_DEVICE_DAYS = env_int("FIRMAS_LOGIN_DEVICE_DAYS", 180, minimum=1)
# The same client address as the signing rate limit (config.clientaddress).
AXES_CLIENT_IP_CALLABLE = "config.clientaddress.client_address"
AXES_USERNAME_CALLABLE = "config.lockout.attempted_username"
AXES_LOCKOUT_CALLABLE = "config.lockout.locked_out"
# No record of successful logins, and usernames and addresses masked in the logs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Security headers that hold in development too; production adds HTTPS-only ones.
# A strict Content-Security-Policy: no inline scripts or styles anywhere, nothing
# from another origin, and no framing (the embeddable sign box, if any, opts out).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws a few form icons as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The reader's language, set by the header's links (config/language.py); no script reads it.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
# The preload flag only allows a submission to the browsers' list; it submits nothing.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_context": {"()": "config.logfilters.WithoutTemplateContext"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # At DEBUG, the template engine would log whole contexts, typed emails included.
    "loggers": {"django.template": {"filters": ["without_context"]}},
}
