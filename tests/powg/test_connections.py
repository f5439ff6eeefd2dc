"""Bursts of parallel requests through the development server leave no connection held.

``make run`` serves with ``runserver``, a thread per request: persistent connections
there outlive their threads, and a few bursts of tabs once held every connection the
database had. This starts the real development server on the test database, sends
bursts, and counts that server's connections in ``pg_stat_activity`` afterwards.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

APP_NAME = "powg-burst-test"
PAGES = ["/", "/about/", "/library/", "/events/", "/fr/", "/themes/", "/no-such-page/"]
BURSTS, PARALLEL = 4, 30


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(settings_dict):
    """The site's DATABASE_URL pointed at the test database (host, socket and all)."""
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + quote(settings_dict["NAME"])))


def _held_connections(settings_dict):
    """This server's connections, read live (a test transaction would freeze the view)."""
    # closing(): psycopg2's own context manager ends the transaction, not the connection.
    with closing(psycopg2.connect(_database_url(settings_dict))) as watcher:
        with watcher.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME]
            )
            return cursor.fetchone()[0]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def development_server(tmp_path):
    settings_dict = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(settings_dict),
        "PGAPPNAME": APP_NAME,
        "DJANGO_SETTINGS_MODULE": "powg.settings",
        "DEBUG": "1",
    }
    root = Path(__file__).resolve().parents[2]
    log = tmp_path / "runserver.log"
    with log.open("w") as stderr:  # a file, not a pipe: the request log must never block
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(f"{base}/robots.txt")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the development server did not start:\n{log.read_text()}")
            time.sleep(0.2)
    yield base, settings_dict
    server.terminate()
    server.wait(timeout=10)


def test_bursts_leave_no_connection_held(development_server):
    base, settings_dict = development_server
    urls = [f"{base}{PAGES[i % len(PAGES)]}" for i in range(PARALLEL)]
    statuses = []
    with ThreadPoolExecutor(PARALLEL) as pool:
        for _ in range(BURSTS):
            statuses += list(pool.map(_get, urls))
    assert len(statuses) == BURSTS * PARALLEL
    assert set(statuses) <= {200, 404}, statuses
    held = _held_connections(settings_dict)
    deadline = time.monotonic() + 5  # a thread may still be closing its connection
    while held and time.monotonic() < deadline:
        time.sleep(0.2)
        held = _held_connections(settings_dict)
    assert held == 0, f"{held} connections still held after {len(statuses)} requests"
