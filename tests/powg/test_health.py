"""/healthz: 200 with a short JSON body when the database, storage and queue answer;
503 when one does not; never cached, never redirected, and no query on the request's
own connection."""

import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from powg import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_probe(settings, tmp_path):
    """Private media in a temporary folder; no remembered storage result between tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    health._storage_ok_until.clear()
    yield
    health._storage_ok_until.clear()


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the with-block ends


def test_healthy(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["storage"] == "ok"
    assert set(body) == {"status", "database", "storage", "jobs"}
    assert set(body["jobs"]) == {"status", "oldest_waiting_seconds"}
    assert body["jobs"]["status"] in {"ok", "unknown"}
    # The probe leaves nothing behind in the storage.
    assert not list((settings.MEDIA_ROOT).rglob("*.txt"))


def test_no_query_on_the_requests_connection(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_database_unreachable_is_503(client, settings):
    settings.HEALTH_DATABASE = {"HOST": "127.0.0.1", "PORT": _closed_port(), "OPTIONS": {}}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["database"] == "failed"
    assert body["storage"] == "ok"
    assert response["Cache-Control"] == "no-store"


def test_storage_failing_is_503(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"  # cannot be created: its parent is a file
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body == {**body, "status": "failing", "storage": "failed", "database": "ok"}


def test_success_is_remembered_but_failure_is_not(client, settings, tmp_path):
    assert client.get("/healthz").status_code == 200
    written = []
    original = health.default_storage.save

    def counting_save(name, content, **kwargs):
        written.append(name)
        return original(name, content, **kwargs)

    health.default_storage.save = counting_save
    try:
        assert client.get("/healthz").status_code == 200
        assert written == []  # within HEALTH_STORAGE_CHECK_SECONDS: no new probe file
        settings.HEALTH_STORAGE_CHECK_SECONDS = 0
        health._storage_ok_until.clear()
        assert client.get("/healthz").status_code == 200
        assert len(written) == 1
    finally:
        del health.default_storage.save


@pytest.mark.django_db(transaction=True)
def test_late_job_queue_is_503(client, settings):
    """A due job nobody has run for longer than the limit: no worker is running."""
    settings.HEALTH_JOB_MAX_AGE_SECONDS = 900
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, scheduled_at)"
            " VALUES ('default', 'powg.health_probe', now() - interval '4000 seconds')"
            " RETURNING id"
        )
        (job_id,) = cursor.fetchone()
    response = client.get("/healthz")
    assert response.status_code == 503
    jobs = response.json()["jobs"]
    assert jobs["status"] == "late"
    assert 4000 <= jobs["oldest_waiting_seconds"] < 4100
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET scheduled_at = now() - interval '12 seconds'"
            " WHERE id = %s",
            [job_id],
        )
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["jobs"]["status"] == "ok"
    assert 12 <= response.json()["jobs"]["oldest_waiting_seconds"] < 100


def test_real_queue_age_read_on_the_fresh_connection(client):
    """With procrastinate's tables present the age comes from the queue itself."""
    body = client.get("/healthz").json()
    assert body["jobs"]["status"] == "ok"
    assert body["jobs"]["oldest_waiting_seconds"] is None  # nothing queued in this test


def test_not_redirected_prefixed_or_in_the_sitemap(client, settings):
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200
    assert client.get("/fr/healthz").status_code == 404
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert b"healthz" not in sitemap.content


def test_get_or_head_only(client):
    assert client.head("/healthz").status_code == 200  # some balancers probe with HEAD
    assert client.post("/healthz").status_code == 405


def test_not_sent_to_https(settings):
    """Behind the TLS proxy every other page redirects plain HTTP; the probe does not."""
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True  # read when the client's handler is built
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/about/").status_code == 301
