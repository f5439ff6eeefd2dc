"""Structured logs: one JSON line per request and per security event, through the
handler the settings configure; never a password, token or session id."""

import io
import json
import logging

import pytest
from django.urls import reverse

from powg.logs import JsonFormatter, safe_path, security_event
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The configured JSON handler, writing into a buffer; returns a reader of its lines."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    assert handlers, "settings.LOGGING must give the root logger the JSON handler"
    handler = handlers[0]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)

    def read():
        raw = buffer.getvalue()
        return raw, [json.loads(line) for line in raw.splitlines() if line.strip()]

    yield read
    handler.setStream(previous)


def _events(lines, event):
    return [line for line in lines if line.get("event") == event]


def test_one_line_per_request(client, log_lines):
    response = client.get("/about/?q=peace&token=s3cr3t-value", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    raw, lines = log_lines()
    (line,) = _events(lines, "request")
    assert line["method"] == "GET" and line["path"] == "/about/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert line["request_id"] == "abc-123"
    assert line["logger"] == "powg.requests" and line["level"] == "INFO"
    assert "q=peace" in line["query"]
    assert "s3cr3t-value" not in raw


def test_request_id_made_when_missing_or_odd(client, log_lines):
    response = client.get("/about/", HTTP_X_REQUEST_ID="bad id with spaces\nand a newline")
    given = response["X-Request-ID"]
    assert len(given) == 32 and "bad" not in given
    _, lines = log_lines()
    assert _events(lines, "request")[0]["request_id"] == given


def test_logged_in_user_id(client_as, member, log_lines):
    client_as(member).get("/")
    _, lines = log_lines()
    assert _events(lines, "request")[0]["user_id"] == member.pk


def test_health_probes_are_not_logged(client, log_lines, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert client.get("/healthz").status_code == 200
    _, lines = log_lines()
    assert not [line for line in lines if "/healthz" in json.dumps(line)]


def test_login_and_failed_login_without_the_password(client, log_lines):
    user = factories.member_user(user__name="Lena Login")
    secret = "a-known-password-for-this-test-only"
    user.set_password(secret)
    user.save()

    failed = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-pw-9"})
    assert failed.status_code == 200
    response = client.post(reverse("account_login"), {"login": user.email, "password": secret})
    assert response.status_code == 302
    session_id = client.cookies["sessionid"].value
    client.get("/")

    raw, lines = log_lines()
    (failure,) = _events(lines, "login_failed")
    assert failure["attempted"] == user.email and failure["logger"] == "powg.security"
    (login,) = _events(lines, "login")
    assert login["user_id"] == user.pk and login["request_id"]
    assert secret not in raw and "wrong-pw-9" not in raw
    assert session_id not in raw
    assert all("password" not in key for line in lines for key in line)


def test_mfa_events_logged(client, log_lines):
    user = factories.member_user(user__name="Otto Factor")
    factories.add_totp(user)
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": factories.totp_code()})
    raw, lines = log_lines()
    assert _events(lines, "login")
    assert _events(lines, "mfa_used")
    assert factories.PASSWORD not in raw


def test_permission_denied_is_a_security_event(client_as, member, log_lines):
    response = client_as(member).get(reverse("members:application-list"))
    assert response.status_code == 403
    _, lines = log_lines()
    (denied,) = _events(lines, "permission_denied")
    assert denied["user_id"] == member.pk
    assert denied["path"] == reverse("members:application-list")
    assert _events(lines, "request")[0]["status"] == 403


def test_security_event_drops_secret_fields(log_lines):
    security_event(
        "publication",
        document_id=7,
        password="hunter2",
        token="tok-123",
        details={"session_key": "sess-456", "title": "A report", "api_key": "k-789"},
    )
    raw, lines = log_lines()
    (line,) = _events(lines, "publication")
    assert line["document_id"] == 7 and line["details"] == {"title": "A report"}
    for value in ("hunter2", "tok-123", "sess-456", "k-789"):
        assert value not in raw


def test_tokens_in_paths_are_masked(client, log_lines):
    client.get("/accounts/password/reset/key/4-abc123def456/")
    client.get("/events/feed/AbCdEf0123456789AbCdEf0123.ics")
    raw, lines = log_lines()
    assert "abc123def456" not in raw and "AbCdEf0123456789AbCdEf0123" not in raw
    paths = {line["path"] for line in _events(lines, "request")}
    assert paths == {"/accounts/password/reset/key/[redacted]/", "/events/feed/[redacted].ics"}
    assert safe_path("/fr/accounts/confirm-email/MQ:1x2y3z/") == (
        "/fr/accounts/confirm-email/[redacted]/"
    )


def test_mfa_changes_logged_from_allauths_signals(client, log_lines):
    from allauth.mfa import signals
    from allauth.mfa.models import Authenticator

    client.get("/")  # the middleware connects the receivers when it is built
    user = factories.member_user(user__name="Ines Added")
    authenticator = factories.add_totp(user)
    signals.authenticator_added.send(
        sender=Authenticator, request=None, user=user, authenticator=authenticator
    )
    signals.authenticator_removed.send(
        sender=Authenticator, request=None, user=user, authenticator=authenticator
    )
    _, lines = log_lines()
    (added,) = _events(lines, "mfa_added")
    (removed,) = _events(lines, "mfa_removed")
    assert added["user_id"] == removed["user_id"] == user.pk
    assert added["authenticator"] == "totp"
    assert not [key for line in lines for key in line if "secret" in key]
