"""The embedded PostgreSQL server (pgserver) used when DATABASE_URL is not set.

pgserver keeps a list of the processes using a server in ``.handle_pids.json`` and
rewrites it as each process starts and exits. Several short-lived processes
(migrate, runserver's reloader, tests) racing on it, or a SIGTERM at the wrong moment,
can leave it empty or truncated, and pgserver then fails at import time. The portal
owns the server's life instead: a running server is reused straight from its
``postmaster.pid``; before a start the list is repaired; and no process stays
registered in it, so none rewrites it on exit. ``stop_embedded_database`` stops it.
"""

import atexit
import json
import os
import warnings
from contextlib import contextmanager
from pathlib import Path

HANDLE_LIST = ".handle_pids.json"


@contextmanager
def _quiet_import():
    # pgserver asks platformdirs for a runtime folder at import and warns when
    # XDG_RUNTIME_DIR is unset (normal on servers); the fallback it uses is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _running_server_uri(pgdata: Path):
    """The URI of a server already running on pgdata, or None."""
    with _quiet_import():
        from pgserver.utils import PostmasterInfo

    try:
        info = PostmasterInfo.read_from_pgdata(pgdata)
    except (AssertionError, ValueError, OSError):
        return None  # postmaster.pid half-written by a starting server
    if info is None or not info.is_running() or info.status != "ready":
        return None
    try:
        if info.process.name() != "postgres":
            return None  # a stale pid reused by another program
    except Exception:
        return None
    return info.get_uri()


def repair_handle_list(pgdata: Path) -> bool:
    """Rewrite pgserver's process list when it is not a JSON list of pids.

    Returns True when the file had to be repaired.
    """
    path = Path(pgdata) / HANDLE_LIST
    if not path.exists():
        return False
    try:
        values = json.loads(path.read_text())
        if isinstance(values, list) and all(isinstance(v, int) for v in values):
            return False
    except (ValueError, OSError):
        pass
    path.write_text("[]")
    return True


def embedded_database_url(pgdata) -> str:
    """Start (or reuse) the embedded server on pgdata and return its URI."""
    pgdata = Path(pgdata).resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    uri = _running_server_uri(pgdata)
    if uri:
        return uri

    with _quiet_import():
        import pgserver
        from pgserver.postgres_server import PostgresServer

    with PostgresServer._lock:
        repair_handle_list(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    uri = server.get_uri()
    with PostgresServer._lock:
        atexit.unregister(server._cleanup)
        PostgresServer._instances.pop(pgdata, None)
        repair_handle_list(pgdata)
        server.global_process_id_list.get_and_remove(os.getpid())
    return uri


def stop_embedded_database(pgdata) -> bool:
    """Stop the embedded server on pgdata if it runs. Returns True if it was stopped."""
    with _quiet_import():
        from pgserver._commands import pg_ctl

    pgdata = Path(pgdata).resolve()
    if not _running_server_uri(pgdata):
        return False
    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
    return True
