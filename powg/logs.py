"""Structured logs: one JSON line per request and per security event, secrets left out.

- ``RequestLogMiddleware`` (first in MIDDLEWARE) writes one ``powg.requests`` line per
  request: method, path (tokens in allauth's key URLs masked, no query string values
  except harmless ones), status, duration in ms, user id or null, request id. The
  request id comes from the proxy's ``X-Request-ID`` when it is sane, else is made
  here, and is sent back in the response's ``X-Request-ID``. Health probes are skipped.
- ``security_event(kind, **fields)`` writes one ``powg.security`` line: logins, failed
  logins, logouts, MFA changes and permission denials are logged from here (signals
  and the middleware only *log*: no business logic); other code calls it for its own
  acts (publications...).
- ``JsonFormatter`` turns every record (ours and Django's) into one JSON object per line;
  ``RedactSecrets`` drops any field whose name speaks of a password, token, key,
  session, cookie or secret, wherever it comes from, and masks such values in paths.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject, empty

request_logger = logging.getLogger("powg.requests")
security_logger = logging.getLogger("powg.security")

_request_id = contextvars.ContextVar("powg_request_id", default=None)

# A field whose lower-cased name contains any of these is never written.
SECRET_WORDS = (
    "password",
    "passwd",
    "secret",
    "token",
    "session",
    "cookie",
    "csrf",
    "authorization",
    "credential",
    "key",
    "otp",
    "code",
    "signature",
)
# Tokens that travel in paths: allauth's password-reset and e-mail confirmation keys,
# and the personal calendar feeds' tokens.
SECRET_PATHS = [
    (re.compile(r"(/password/reset/key/)[^/]+"), r"\1[redacted]"),
    (re.compile(r"(/confirm-email/)[^/]+"), r"\1[redacted]"),
    (re.compile(r"(/events/feed/)[^/]+?(\.ics)"), r"\1[redacted]\2"),
]
HEALTH_PATHS = ("/healthz",)
REQUEST_ID = re.compile(r"[0-9A-Za-z._-]{1,64}")


def is_secret_name(name) -> bool:
    name = str(name).lower()
    return any(word in name for word in SECRET_WORDS)


def scrub(value):
    """A copy of value without secret-named keys, at any depth."""
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items() if not is_secret_name(k)}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def safe_path(path: str) -> str:
    for pattern, replacement in SECRET_PATHS:
        path = pattern.sub(replacement, path)
    return path


def safe_query(query_string: str) -> str:
    """The query string with the values of secret-named parameters removed."""
    if not query_string:
        return ""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode([(k, "[redacted]" if is_secret_name(k) else v) for k, v in pairs])


def current_request_id():
    return _request_id.get()


def security_event(kind: str, **fields) -> None:
    """Log one security event (``login``, ``login_failed``, ``publication``...) as JSON."""
    fields = {"event": kind, **fields}
    if "request_id" not in fields and current_request_id():
        fields["request_id"] = current_request_id()
    security_logger.info(kind, extra={"powg": fields})


class RedactSecrets(logging.Filter):
    """Drops secret-named fields from our records and masks tokens in logged paths."""

    def filter(self, record):
        fields = getattr(record, "powg", None)
        if isinstance(fields, dict):
            record.powg = scrub(fields)
            if isinstance(record.powg.get("path"), str):
                record.powg["path"] = safe_path(record.powg["path"])
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(safe_path(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = safe_path(record.msg)
        return True


class SkipHealthChecks(logging.Filter):
    """Keeps load balancers' probes of /healthz out of the request logs."""

    def filter(self, record):
        fields = getattr(record, "powg", None)
        if isinstance(fields, dict) and fields.get("path") in HEALTH_PATHS:
            return False
        request = getattr(record, "request", None)  # django.server's and django.request's
        path = getattr(request, "path", None)
        if path in HEALTH_PATHS:
            return False
        try:
            message = record.getMessage()
        except Exception:
            return True
        return not any(f" {p} " in message or f" {p}?" in message for p in HEALTH_PATHS)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, then our fields."""

    def format(self, record):
        data = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "powg", None)
        if isinstance(fields, dict):
            data.update(fields)
        elif current_request_id():
            data["request_id"] = current_request_id()
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def _user_id(request):
    """The user's id if the request already loaded the user: logging costs no query."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """One JSON line per request; first in MIDDLEWARE so its duration covers them all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        if request.path not in HEALTH_PATHS:
            fields = {
                "event": "request",
                "method": request.method,
                "path": safe_path(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": _user_id(request),
                "request_id": request_id,
            }
            query = safe_query(request.META.get("QUERY_STRING", ""))
            if query:
                fields["query"] = query
            request_logger.info(
                "%s %s %s",
                request.method,
                fields["path"],
                response.status_code,
                extra={"powg": fields},
            )
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            security_event(
                "permission_denied",
                path=safe_path(request.path),
                method=request.method,
                user_id=_user_id(request),
            )
        return None


# --- security events from allauth and Django's auth signals (logging only) ----------


def _on_login(sender, request, user, **kwargs):
    security_event("login", user_id=user.pk, path=safe_path(getattr(request, "path", "")))


def _on_login_failed(sender, credentials, request=None, **kwargs):
    # ``credentials`` holds the password: only the identifier it tried is kept.
    attempted = credentials.get("email") or credentials.get("username") or ""
    security_event(
        "login_failed",
        attempted=str(attempted)[:254],
        path=safe_path(getattr(request, "path", "") or ""),
    )


def _on_logout(sender, request, user, **kwargs):
    security_event("logout", user_id=getattr(user, "pk", None))


def _on_mfa(kind):
    def receiver(sender, request=None, user=None, authenticator=None, **kwargs):
        user = user or getattr(authenticator, "user", None)
        security_event(
            kind,
            user_id=getattr(user, "pk", None),
            authenticator=getattr(authenticator, "type", None),
        )

    receiver.__name__ = f"_on_{kind}"
    return receiver


_MFA_RECEIVERS = {
    "authenticator_added": _on_mfa("mfa_added"),
    "authenticator_removed": _on_mfa("mfa_removed"),
    "authenticator_reset": _on_mfa("mfa_reset"),
    "authenticator_used": _on_mfa("mfa_used"),
}


def connect_signals():
    """Connect the receivers above (idempotent: each has a dispatch_uid)."""
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(_on_login, dispatch_uid="powg.logs.login")
    user_login_failed.connect(_on_login_failed, dispatch_uid="powg.logs.login_failed")
    user_logged_out.connect(_on_logout, dispatch_uid="powg.logs.logout")
    try:
        from allauth.mfa import signals as mfa_signals
    except ImportError:  # allauth without its mfa extra
        return
    for name, receiver in _MFA_RECEIVERS.items():
        signal = getattr(mfa_signals, name, None)
        if signal is not None:
            signal.connect(receiver, dispatch_uid=f"powg.logs.{name}")
