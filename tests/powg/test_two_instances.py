"""Two ``make serve`` instances on two ports, sharing one database and one storage folder.

What scaling out needs from the web processes, shown on real gunicorn servers (the test
database, committed data): a login on one is a login on the other (sessions in the
database), rate limits count across both (their counters in the shared database cache),
a file stored through one is served by the other (one storage), and a job queued by a
request to one runs on a worker started with the other's environment (the queue is in
the database).
"""

import subprocess
import sys

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import Client
from procrastinate.contrib.django.models import ProcrastinateJob

from documents.models import Document
from events.models import Registration
from members.models import MembershipApplication
from powg.bench.load.database import database_url
from powg.bench.load.serve import serve_environment
from tests import factories
from tests.documents.conftest import pdf_bytes
from tests.documents.test_files import admin_form_data
from tests.members.test_views import join_data
from tests.powg import servers

PASSWORD = "two-instances-password-9"
TOO_MANY_LOGINS = "Too many failed login attempts"
TOO_MANY_APPLICATIONS = "Too many applications were sent from your internet address"
CACHE_TABLE = settings.CACHES["default"]["LOCATION"]


def _test_database_url():
    return database_url(settings.DATABASE_URL, connection.settings_dict["NAME"])


@pytest.fixture
def instances(transactional_db, tmp_path):
    """Instances A and B (one worker each) on the test database and one media folder.

    Started for each test: a process keeps the Site it first read, and the flush between
    transactional tests replaces that row, so instances kept from an earlier test could
    disagree on it (allauth's login-failure key includes its domain).
    """
    media = tmp_path / "media"
    media.mkdir()
    env = serve_environment(
        _test_database_url(),
        secret_key=settings.SECRET_KEY,  # sessions made by the test process verify there
        MEDIA_ROOT=str(media),
    )
    with servers.gunicorns(env, [tmp_path / "a.log", tmp_path / "b.log"], workers=1) as (a, b):
        yield a, b, media, env


class Browser(requests.Session):
    """A visitor: one cookie jar for A and B (cookies ignore the port), and the CSRF
    token of the moment sent with every POST (a login rotates it)."""

    def __init__(self, base):
        super().__init__()
        self.get(f"{base}/accounts/login/", timeout=30).raise_for_status()  # the CSRF cookie

    def post(self, url, data=None, **kwargs):
        headers = {"X-CSRFToken": self.cookies["csrftoken"], **kwargs.pop("headers", {})}
        return super().post(url, data, headers=headers, **kwargs)


def member_with_password():
    """A member whose password the servers can check (tests hash with MD5, they do not)."""
    user = factories.member_user(user__name="Lina Twohost")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def log_in(session, base, email, password):
    return session.post(
        f"{base}/accounts/login/",
        {"login": email, "password": password},
        allow_redirects=False,
        timeout=30,
    )


def test_a_login_on_one_is_a_login_on_the_other(instances):
    a, b, *_ = instances
    member = member_with_password()
    visitor = Browser(a)
    assert visitor.get(f"{b}/members/", allow_redirects=False, timeout=30).status_code == 302

    assert log_in(visitor, a, member.email, PASSWORD).status_code == 302
    directory = visitor.get(f"{b}/members/", allow_redirects=False, timeout=30)
    assert directory.status_code == 200
    assert "Lina Twohost" in directory.text

    # Logging out on B ends the session on A too.
    assert visitor.post(f"{b}/accounts/logout/", allow_redirects=False, timeout=30).is_redirect
    assert visitor.get(f"{a}/members/", allow_redirects=False, timeout=30).status_code == 302


def test_failed_logins_count_across_both(instances):
    """allauth's limit (5 failures in 5 minutes per account) holds whichever instance is asked."""
    a, b, *_ = instances
    member = member_with_password()
    visitor = Browser(a)
    for base in [a, b, a, b, a]:
        response = log_in(visitor, base, member.email, "not-the-password")
        assert response.status_code == 200, response.headers.get("Location")
        assert TOO_MANY_LOGINS not in response.text
    for base in [b, a]:  # now even the right password is refused, on both
        response = log_in(visitor, base, member.email, PASSWORD)
        assert response.status_code == 200 and TOO_MANY_LOGINS in response.text
    # The counters are rows of the database cache (emptied before each test), not memory.
    assert servers.query(_test_database_url(), f"SELECT count(*) FROM {CACHE_TABLE}")[0][0] > 0
    other = factories.member_user()
    other.password = member.password
    other.save(update_fields=["password"])
    assert log_in(Browser(b), b, other.email, PASSWORD).status_code == 302


def test_applications_to_join_count_across_both(instances):
    """Five applications an hour from one address, sent to either instance, then refusals."""
    a, b, *_ = instances
    visitor = Browser(a)
    for n, base in enumerate([a, b, a, b, a]):
        data = join_data(email=f"applicant{n}@example.org", name=f"Applicant {n}")
        response = visitor.post(f"{base}/join/", data, allow_redirects=False, timeout=30)
        assert response.status_code == 302, (n, response.status_code)
    for n, base in [(5, b), (6, a)]:
        data = join_data(email=f"applicant{n}@example.org", name=f"Applicant {n}")
        response = visitor.post(f"{base}/join/", data, allow_redirects=False, timeout=30)
        assert response.status_code == 429 and TOO_MANY_APPLICATIONS in response.text
    assert MembershipApplication.objects.count() == 5


def test_a_file_stored_through_one_is_served_by_the_other(instances):
    a, b, media, _ = instances
    admin = factories.admin_account()
    client = Client()
    client.force_login(admin)
    visitor = Browser(a)
    visitor.cookies.set("sessionid", client.cookies["sessionid"].value)
    paper = pdf_bytes("Civilian experts deploy within weeks.")
    data = admin_form_data()
    response = visitor.post(
        f"{a}/admin/documents/document/add/",
        data,
        files={"file": ("paper.pdf", paper, "application/pdf")},
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 302, response.text[:2000]
    stored = Document.objects.get(slug="uploaded-paper").file.name
    assert (media / stored).read_bytes() == paper  # in the shared folder, written by A

    download = Browser(b).get(f"{b}/library/uploaded-paper/download/", timeout=30)
    assert download.status_code == 200
    assert download.content == paper


def test_a_job_queued_through_one_runs_on_a_worker_beside_the_other(instances):
    """A cancellation on A promotes the waiting member; the email job runs on B's worker."""
    a, b, _, env = instances
    registered = factories.RegistrationFactory(event__capacity=1, status="registered")
    waiting = factories.RegistrationFactory(event=registered.event, status="waitlisted")
    client = Client()
    client.force_login(registered.user)
    visitor = Browser(a)
    visitor.cookies.set("sessionid", client.cookies["sessionid"].value)
    response = visitor.post(
        f"{a}/events/{registered.event.slug}/cancel/", allow_redirects=False, timeout=30
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    (job,) = ProcrastinateJob.objects.filter(task_name="events.tasks.email_promotion")
    assert job.status == "todo"

    # ``make worker``'s command, once through the queue, in B's environment (mail printed).
    worker_env = {**env, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    result = subprocess.run(
        [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot"],
        cwd=servers.ROOT,
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert f"To: {waiting.user.email}" in result.stdout
