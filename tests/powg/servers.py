"""Real servers for tests: a PostgreSQL cluster of the test's own, and gunicorn as ``make serve``.

A test that restarts PostgreSQL must not restart a server other work is using (the
development machines' and CI's shared one on 127.0.0.1:5432), so ``Cluster`` starts a
throwaway one from pgserver's binaries with its data in the test's temporary folder,
through the portal's own launcher (``powg.embedded_db``): the same on every run.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg2

from powg.bench.load import serve
from powg.bench.load.database import database_url
from powg.embedded_db import embedded_database_url, stop_embedded_database

ROOT = serve.ROOT
# Sessions made by a script must verify in gunicorn: both get this key.
SECRET_KEY = "tests-only-servers-key-" + "fedcba9876543210" * 3


class Cluster:
    """A PostgreSQL server in a folder of its own (and its own unix socket there).

    Not under pytest's ``tmp_path``: on a root run the server's own user must traverse
    the folders above its data, and every pytest run started meanwhile closes
    ``/tmp/pytest-of-<user>`` to others again. ``remove()`` stops it and deletes it all.
    """

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="powg-pg-"))
        self.folder.chmod(0o755)
        self.pgdata = self.folder / "pgdata"

    def start(self) -> str:
        """Start the server (or find it running) and return its URI once it accepts queries."""
        self.uri = embedded_database_url(self.pgdata)
        return self.uri

    def stop(self) -> None:
        """A fast shutdown: open sessions are ended, as by a service manager's restart."""
        stop_embedded_database(self.pgdata)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name) -> str:
        return database_url(self.uri, name)

    def create_database(self, name) -> str:
        with closing(psycopg2.connect(self.uri)) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def query(url, sql, params=()):
    """Run one statement on a fresh connection, closed afterwards; rows or None."""
    with closing(psycopg2.connect(url)) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None


def manage(env, *args, timeout=180):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=timeout,
    )


def prepare_database(env):
    """Migrate the database ``env`` names and create the cache table (``make db``'s steps)."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")


def run_django(env, code, timeout=180):
    """Run ``code`` with Django set up on ``env``; it prints one JSON value, returned here."""
    script = "import django, json\ndjango.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(f"the script failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# The script's helper: a session cookie for a user, made by Django's own login.
SESSION_FOR = """
from django.test import Client


def session_for(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
"""


@contextmanager
def gunicorn(env, log_path, *, workers=3, port=None):
    """Gunicorn with ``make serve``'s command line, stopped (by its pid) afterwards."""
    process, base = serve.start_gunicorn(env, log_path, workers=workers, port=port)
    try:
        yield base
    finally:
        serve.stop(process)


@contextmanager
def gunicorns(env, log_paths, *, workers=3):
    """Several instances at once (started side by side), one per log file; their addresses."""
    with ThreadPoolExecutor(len(log_paths)) as pool:
        futures = [pool.submit(serve.start_gunicorn, env, p, workers=workers) for p in log_paths]
    results = [future.result() for future in futures if not future.exception()]
    if len(results) < len(futures):
        for process, _ in results:
            serve.stop(process)
        raise next(future.exception() for future in futures if future.exception())
    try:
        yield [base for _, base in results]
    finally:
        for process, _ in results:
            serve.stop(process)


def held_connections(url, app_name) -> int:
    """How many connections the server named ``app_name`` holds now."""
    rows = query(
        url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [app_name]
    )
    return rows[0][0]


def wait_for(predicate, timeout, interval=0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
