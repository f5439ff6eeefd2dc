"""Settings for the Peace Operations Working Group portal.

One module, read from the environment. Development needs no environment at all;
with DEBUG=0 the required variables must be set, or startup stops with a clear error.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("POWG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG=0 (a long random string, kept secret)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
# Old keys, comma-separated, while rotating SECRET_KEY: sessions, reset links and the
# encrypted two-factor secrets (powg/mfa.py) made with them stay valid.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set when DEBUG=0 (comma-separated host names)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "taggit",
    "csp",
    "procrastinate.contrib.django",
    "simple_history",
    "powg",
    "members",
    "documents",
    "events",
]

MIDDLEWARE = [
    "powg.logs.RequestLogMiddleware",  # first: its duration covers every other one
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "powg.language.LanguageChoiceMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each revision
    "powg.uploads.UploadSizeLimitMiddleware",  # before any view reads the body
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "powg.sessions.SessionTimeoutMiddleware",
    "powg.mfa.RequireMFAMiddleware",
    "powg.middleware.PrivateForAuthenticatedMiddleware",
]

ROOT_URLCONF = "powg.urls"
WSGI_APPLICATION = "powg.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "powg.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL names any PostgreSQL server; without it the embedded
# pgserver under var/pgdata is started (or reused). There is no SQLite path.
if os.environ.get("DATABASE_URL"):
    DATABASE_URL = os.environ["DATABASE_URL"]
else:
    from powg.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(VAR_DIR / "pgdata")

# Persistent connections suit gunicorn's long-lived workers. The development server
# starts a thread per request, and each thread's persistent connection stays open
# after it ends: a burst of tabs then holds every connection the server has. So the
# development server (and any run that says CONN_MAX_AGE=0) closes them per request.
DEVELOPMENT_SERVER = len(sys.argv) > 1 and sys.argv[1] == "runserver"
CONN_MAX_AGE = 0 if DEVELOPMENT_SERVER else int(os.environ.get("CONN_MAX_AGE", "60"))
# A kept connection is checked (SELECT 1) before its first use in each request, so one
# left dead by a database restart is replaced instead of failing that request
# (tests/powg/test_db_restart.py). CONN_HEALTH_CHECKS=0 only to see that test fail.
CONN_HEALTH_CHECKS = CONN_MAX_AGE > 0 and env_bool("CONN_HEALTH_CHECKS", True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_HEALTH_CHECKS
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point to a PostgreSQL server.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every server process without another service, so sessions,
# rate limits and counters behave the same under several workers.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "powg_cache"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: email is the login; sign-up is closed (membership comes through an
# application reviewed by the steering committee). Rate limits stay at allauth's defaults.
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PO Working Group] "

# Two-factor authentication (allauth.mfa): an authenticator app and recovery codes for
# everyone; required for the steering committee and staff (powg.mfa). Passkeys stay
# off (see powg/mfa.py). A password change keeps the current session and ends every
# other (Django's session hash, which allauth updates when it does not log out).
MFA_ADAPTER = "powg.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PO Working Group"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side: phones' clocks drift

# Sessions: at most 14 days after the login (absolute), and ended after 12 hours
# without a request, 2 hours for the steering committee and staff (idle); powg.sessions.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_IDLE_TIMEOUT = 60 * 60 * 12
SESSION_IDLE_TIMEOUT_PRIVILEGED = 60 * 60 * 2
SESSION_ACTIVITY_RESOLUTION = 60 * 5

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Peace Operations Working Group <noreply@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "info@example.org")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
# Canadian English and French dates, times and numbers: powg/formats/<language>/.
FORMAT_MODULE_PATH = "powg.formats"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files are private: no MEDIA_URL is routed anywhere; files are served
# only by views that check visible_to.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DOCUMENT_MAX_UPLOAD_BYTES = int(os.environ.get("DOCUMENT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The archive import's preview sends about ten fields per file: Django's 1,000 would
# refuse an archive of more than a hundred files. The body's size limit above still holds.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 25_000
# The largest request body accepted at all (powg/uploads.py answers 413 before reading
# it): the largest document plus room for the form's other fields. The proxy's
# client_max_body_size (deploy/nginx.conf) says the same.
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", DOCUMENT_MAX_UPLOAD_BYTES + 1024 * 1024))
# The archive import's upload (a ZIP of many papers, /library/import/ only) may be larger:
# powg/uploads.py allows this size on that one path; nginx has a location for it.
ARCHIVE_MAX_UPLOAD_BYTES = int(os.environ.get("ARCHIVE_MAX_UPLOAD_BYTES", 500 * 1024 * 1024))

# Files live in MEDIA_ROOT by default; STORAGE_BACKEND=s3 keeps them in an S3-compatible
# bucket through django-storages instead (private objects: the download views stream
# them after visible_to, no bucket URL is ever handed out). Credentials come from the
# usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables or the machine's role.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem").strip().lower()
if STORAGE_BACKEND == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "filesystem":
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'filesystem' (the default) or 's3'.")

# Security headers everywhere; the HTTPS-only ones when not in development.
# HTTPS=0 turns those off for a production-like run on a plain-HTTP loopback (make serve).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The language cookie (powg/language.py) keeps the language a visitor reads in for a year.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Logs: one JSON object per line on standard error (powg/logs.py), a line per request
# (powg.requests) and per security event (powg.security), secret-named fields dropped,
# health probes left out. It replaces gunicorn's access log, which make serve leaves off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "powg.logs.RedactSecrets"},
        "skip_health": {"()": "powg.logs.SkipHealthChecks"},
    },
    "formatters": {"json": {"()": "powg.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact", "skip_health"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},  # to the root's JSON, not twice
        "django.db.backends": {"level": "INFO"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# /healthz (powg/health.py): probed over plain HTTP by the proxy, so never redirected.
HEALTH_JOB_MAX_AGE_SECONDS = int(os.environ.get("HEALTH_JOB_MAX_AGE_SECONDS", 900))
HEALTH_STORAGE_CHECK_SECONDS = int(os.environ.get("HEALTH_STORAGE_CHECK_SECONDS", 30))
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Event reminders (events/reminders.py): sent this many days before an event starts.
EVENT_REMINDER_DAYS = int(os.environ.get("EVENT_REMINDER_DAYS", 2))
# Behind the proxy (deploy/nginx.conf) every request comes from the proxy's address:
# allauth's rate limits (logins, applications) then count the visitor's address taken
# from X-Forwarded-For, trusting this many proxies (nginx alone: 1).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

TAGGIT_CASE_INSENSITIVE = True

# Background jobs (procrastinate): the queue, retries and periodic tasks live in this
# database. Requests defer jobs through Django's own connection (inside their
# transaction); `manage.py procrastinate worker` connects with psycopg 3 using the same
# DATABASES entry. Tasks are found in each app's tasks.py and in powg.jobs.
PROCRASTINATE_IMPORT_PATHS = ["powg.jobs"]
PROCRASTINATE_WORKER_DEFAULTS = {
    "name": os.environ.get("PROCRASTINATE_WORKER_NAME", "powg"),
    "concurrency": 1,
    "shutdown_graceful_timeout": 30,
}
# How long finished jobs stay visible in the admin before the daily cleanup removes them.
JOBS_KEEP_SUCCEEDED_HOURS = 24 * 14
JOBS_KEEP_FAILED_HOURS = 24 * 90
# Not a line per task at every command's start, nor per job a request queues; the
# worker still logs each job it runs (procrastinate.worker).
for _logger in ("procrastinate.blueprints", "procrastinate.periodic", "procrastinate.jobs"):
    LOGGING["loggers"][_logger] = {"level": "WARNING"}
