"""Gunicorn as ``make serve`` starts it, on any port and database: for the load run and tests.

The command line and environment are the Makefile's ``serve`` target's (``DEBUG=0``,
``HTTPS=0`` on a plain-HTTP loopback, gunicorn's sync workers); keep the two alike.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_environment(database_url, *, secret_key, app_name="", **extra) -> dict:
    """The environment of ``make serve`` pointed at ``database_url``.

    Mail goes nowhere (a waiting-list promotion would otherwise try an SMTP server);
    ``app_name`` names the server's database connections in ``pg_stat_activity``.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "powg.settings",
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        **extra,
    }
    if app_name:
        env["PGAPPNAME"] = app_name
    return env


def gunicorn_command(port, *, workers=3) -> list[str]:
    return [
        str(GUNICORN),
        "powg.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]


_collected = False
_collecting = threading.Lock()


def collect_static(env) -> None:
    """``make serve``'s collectstatic, once per process: with ``DEBUG=0`` every page
    names the hashed files of the manifest, which a fresh checkout does not have yet.
    Locked: instances started side by side would otherwise write the folder twice at once."""
    global _collected
    with _collecting:
        if _collected:
            return
        result = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise RuntimeError(f"collectstatic failed:\n{result.stdout}{result.stderr}")
        _collected = True


def start_gunicorn(env, log_path, *, port=None, workers=3, access_log=None, ready_within=60):
    """Start gunicorn and return (process, base URL) once it answers; its output goes to a file.

    A file, not a pipe: a full pipe would block the server.
    """
    collect_static(env)
    port = port or free_port()
    command = gunicorn_command(port, workers=workers)
    if access_log:
        command += ["--access-logfile", str(access_log)]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + ready_within
    while True:
        try:
            with urllib.request.urlopen(f"{base}/robots.txt", timeout=5):
                return process, base
        except urllib.error.HTTPError:
            return process, base  # it answers, which is all that is asked here
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(
                    f"gunicorn did not start on port {port}:\n{Path(log_path).read_text()}"
                ) from None
            time.sleep(0.2)


def stop(process, timeout=15):
    """Stop gunicorn (its master passes SIGTERM on to the workers)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
