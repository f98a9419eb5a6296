"""The real stack, started for tests and benchmarks: a throwaway PostgreSQL cluster
and gunicorn with production settings. Development use only, never imported by the app.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bindir():
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(candidate, "initdb")):
            return candidate
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    raise RuntimeError("PostgreSQL server binaries not found (Debian: apt-get install postgresql)")


class Cluster:
    """A PostgreSQL cluster of its own in a temporary folder, on its own port.

    As root, the server runs as the `postgres` user (PostgreSQL refuses root).
    """

    def __init__(self):
        self.bindir = pg_bindir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="firmas-cluster-", dir="/var/tmp"))
        self.data = self.folder / "data"
        self.runas = []
        if os.geteuid() == 0:
            self.runas = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.folder, "postgres")
        self.url = f"postgres://firmas@127.0.0.1:{self.port}/firmas"

    def _run(self, tool, *args, check=True):
        command = [*self.runas, os.path.join(self.bindir, tool), *args]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def create(self):
        self._run("initdb", "-D", str(self.data), "-U", "firmas", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")  # fmt: skip
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                "unix_socket_directories = ''\nmax_connections = 300\n"
                "shared_buffers = 256MB\nfsync = on\nsynchronous_commit = on\n"
            )
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "firmas", "firmas")
        return self

    def start(self):
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def destroy(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def production_env(database_url, static_root, **extra):
    """Environment for the app with DEBUG off, as in production but over plain HTTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FIRMAS_TEST"))}
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-and-test-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args, env, timeout=600):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare(env):
    """Migrate, create the cache table and collect static files for `env`."""
    manage("migrate", "--noinput", env=env)
    manage("createcachetable", env=env)
    manage("collectstatic", "--noinput", env=env)


class Gunicorn:
    """gunicorn serving config.wsgi on its own port with the given environment."""

    def __init__(self, env, workers=2, threads=1, port=None):
        self.env = env
        self.port = port or free_port()
        self.workers = workers
        self.threads = threads
        self.process = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, timeout=30):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--threads", str(self.threads),
             "--log-level", "warning", "--graceful-timeout", "5"],
            env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read().decode()}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


@contextmanager
def running(*things):
    try:
        yield things
    finally:
        for thing in reversed(things):
            (thing.stop if isinstance(thing, Gunicorn) else thing.destroy)()
