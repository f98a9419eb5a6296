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

    @classmethod
    def existing(cls, folder, port):
        """A cluster another process created and still runs (its creator destroys it)."""
        cluster = cls.__new__(cls)
        cluster.bindir = pg_bindir()
        cluster.port = int(port)
        cluster.folder = Path(folder)
        cluster.data = cluster.folder / "data"
        cluster.runas = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        cluster.url = f"postgres://firmas@127.0.0.1:{cluster.port}/firmas"
        return cluster

    def database_url(self, name):
        return f"postgres://firmas@127.0.0.1:{self.port}/{name}"

    def createdb(self, name, template=None):
        """A new database, a copy of `template` when given (no one may be connected to it)."""
        extra = ["-T", template] if template else []
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "firmas", *extra, name)

    def dropdb(self, name):
        self._run("dropdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "firmas", "--force",
                  name, check=False)  # fmt: skip

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

    def psql(self, *args, database="firmas", timeout=600):
        """Runs psql against one of the cluster's databases; returns its output."""
        command = [
            os.path.join(self.bindir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
            "-h", "127.0.0.1", "-p", str(self.port), "-U", "firmas", database, *args,
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr[-2000:]}")
        return result.stdout

    def pids(self):
        """The postmaster and its children (backends and helpers), for CPU accounting."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        return [pid, *child_pids(pid)]


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


class Process:
    """A program this module runs in the background: its pids, and stopping it."""

    # Seconds a stopped program has to exit before it is killed.
    stop_timeout = 15

    def pids(self):
        """The program itself while it runs, for CPU accounting."""
        return [self.process.pid] if self.process and self.process.poll() is None else []

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


class Gunicorn(Process):
    """gunicorn serving config.wsgi on its own port with the given environment."""

    def __init__(self, env, workers=2, threads=1, port=None, backlog=2048, timeout=30):
        self.env = env
        self.timeout = timeout
        self.port = port or free_port()
        self.workers = workers
        self.threads = threads
        self.backlog = backlog
        self.process = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, timeout=30):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        # More than one thread makes gunicorn use its gthread worker.
        self.process = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--threads", str(self.threads),
             "--backlog", str(self.backlog), "--timeout", str(self.timeout),
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

    def pids(self):
        """The arbiter and its workers, for CPU accounting."""
        arbiter = super().pids()
        return [*arbiter, *child_pids(arbiter[0])] if arbiter else []


class Worker(Process):
    """The background worker (`manage.py db_worker`) with the given environment."""

    def __init__(self, env):
        self.env = env
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "1",
             "--no-reload", "--no-startup-delay"],
            env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        return self


def child_pids(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except OSError:
        return []


def redis_server():
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("redis-server not found (Debian: apt-get install redis-server)")
    return found


class Redis(Process):
    """A Redis server of its own on its own port, in memory only, for a shared cache."""

    stop_timeout = 10

    def __init__(self, port=None):
        self.port = port or free_port()
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout=15):
        self.process = subprocess.Popen(
            [redis_server(), "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no", "--protected-mode", "yes",
             "--loglevel", "warning", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited: {self.process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("redis-server did not answer in time")


@contextmanager
def running(*things):
    """Stops (servers) or destroys (clusters) each thing on the way out, last first."""
    try:
        yield things
    finally:
        for thing in reversed(things):
            (getattr(thing, "destroy", None) or thing.stop)()
