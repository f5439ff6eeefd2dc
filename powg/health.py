"""``/healthz``: can this instance serve? For the load balancer and the monitoring.

Checks, each with a short timeout:

- **database**: a fresh connection (not the request's persistent one, which may be
  healthy while new ones fail, or broken while the server is back), ``SELECT 1``;
- **storage**: a small probe written, read back and deleted through ``default_storage``.
  A successful round trip is remembered for ``HEALTH_STORAGE_CHECK_SECONDS`` per
  process, so a probe every few seconds does not write a file every time; a failure is
  never remembered (the next probe tries again);
- **jobs**: the age of the oldest job waiting in the queue, from ``powg.jobs`` when it
  is there; older than ``HEALTH_JOB_MAX_AGE_SECONDS`` means no worker is taking jobs.

200 when all pass, 503 otherwise; a short JSON body either way, never cached. It sits
outside ``i18n_patterns`` (no language redirect) and the request log skips it.
"""

import logging
import os
import socket
import time

import psycopg2
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from powg.backups import connection_params

logger = logging.getLogger(__name__)

PROBE_FOLDER = ".healthz"
_storage_ok_until = {}


def open_fresh_connection():
    """A new connection to the portal's database, with short timeouts; the caller closes it."""
    db = {**connection.settings_dict, **getattr(settings, "HEALTH_DATABASE", {})}
    params = connection_params(db)
    params["connect_timeout"] = str(getattr(settings, "HEALTH_DATABASE_TIMEOUT", 3))
    params["options"] = "-c statement_timeout=3000"
    return psycopg2.connect(**params)


def check_database(conn) -> str:
    if conn is None:
        return "failed"
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except psycopg2.Error as error:
        logger.warning("health: database check failed: %s", str(error).strip())
        return "failed"
    return "ok"


def _storage_key():
    wrapped = getattr(default_storage, "_wrapped", None)
    location = getattr(default_storage, "location", "")
    return f"{type(wrapped).__name__}:{location}"


def check_storage() -> str:
    key = _storage_key()
    if _storage_ok_until.get(key, 0) > time.monotonic():
        return "ok"
    name = f"{PROBE_FOLDER}/{socket.gethostname()}-{os.getpid()}.txt"
    payload = f"probe {time.time()}".encode()
    try:
        saved = default_storage.save(name, ContentFile(payload))
        try:
            with default_storage.open(saved, "rb") as handle:
                if handle.read() != payload:
                    raise OSError("the probe read back differs")
        finally:
            default_storage.delete(saved)
    except Exception as error:  # any backend's failure (OSError, botocore errors...)
        logger.warning("health: storage check failed: %r", error)
        return "failed"
    _storage_ok_until[key] = time.monotonic() + getattr(
        settings, "HEALTH_STORAGE_CHECK_SECONDS", 30
    )
    return "ok"


def check_jobs(conn) -> dict:
    """The oldest waiting job's age, asked on the health check's own connection."""
    from powg.jobs import oldest_waiting_job_age

    if conn is None:
        return {"status": "unknown", "oldest_waiting_seconds": None}
    try:
        age = oldest_waiting_job_age(conn)
    except Exception as error:
        logger.warning("health: job queue check failed: %r", error)
        return {"status": "failed", "oldest_waiting_seconds": None}
    if age is None:
        return {"status": "ok", "oldest_waiting_seconds": None}
    late = age > getattr(settings, "HEALTH_JOB_MAX_AGE_SECONDS", 900)
    return {"status": "late" if late else "ok", "oldest_waiting_seconds": round(age, 1)}


@require_safe
def healthz(request):
    """200 when the database, the storage and the job queue answer; 503 otherwise."""
    try:
        conn = open_fresh_connection()
    except psycopg2.Error as error:
        logger.warning("health: cannot connect to the database: %s", str(error).strip())
        conn = None
    try:
        database, jobs = check_database(conn), check_jobs(conn)
    finally:
        if conn is not None:
            conn.close()
    storage = check_storage()
    healthy = database == "ok" and storage == "ok" and jobs["status"] in ("ok", "unknown")
    body = {
        "status": "ok" if healthy else "failing",
        "database": database,
        "storage": storage,
        "jobs": jobs,
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
