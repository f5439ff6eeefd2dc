"""Sessions: idle and absolute timeouts, password changes ending other sessions, cookie flags."""

import re
import time

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from powg.sessions import SESSION_KEY
from tests import factories
from tests.powg.test_settings import run_manage

pytestmark = pytest.mark.django_db

HOUR = 60 * 60
DAY = 24 * HOUR


def age_session(client, *, opened=0, seen=0):
    """Move the session's clock back: opened and last seen that many seconds ago."""
    session = client.session
    now = int(time.time())
    times = session[SESSION_KEY]
    session[SESSION_KEY] = {"opened": times["opened"] - opened, "seen": now - seen}
    session.save()


def is_logged_in(client, url="/"):
    response = client.get(url)
    return response.wsgi_request.user.is_authenticated, response


def test_login_starts_the_clock(client_as, member):
    client = client_as(member)
    times = client.session[SESSION_KEY]
    assert abs(times["opened"] - time.time()) < 5 and times["seen"] == times["opened"]


def test_a_member_stays_logged_in_within_the_idle_timeout(client_as, member):
    client = client_as(member)
    age_session(client, seen=11 * HOUR)
    assert is_logged_in(client)[0]


def test_a_member_is_logged_out_after_12_idle_hours(client_as, member):
    client = client_as(member)
    age_session(client, seen=12 * HOUR + 60)
    logged_in, response = is_logged_in(client)
    assert not logged_in
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("logged out after a while without activity" in m for m in messages)
    assert client.get("/members/me/")["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["steering", "admin"])
def test_steering_and_staff_are_logged_out_after_2_idle_hours(client_as, request, role):
    user = request.getfixturevalue(role)
    client = client_as(user)
    age_session(client, seen=HOUR + 50 * 60)
    assert is_logged_in(client)[0]
    age_session(client, seen=2 * HOUR + 60)
    assert not is_logged_in(client)[0]


def test_the_absolute_timeout_ends_even_an_active_session(client_as, member):
    client = client_as(member)
    age_session(client, opened=13 * DAY, seen=60)
    assert is_logged_in(client)[0]
    age_session(client, opened=DAY + 60, seen=60)  # now 14 days and a minute old
    logged_in, response = is_logged_in(client)
    assert not logged_in
    assert any("session has ended" in str(m) for m in get_messages(response.wsgi_request))


def test_activity_is_noted_only_every_few_minutes(client_as, member):
    client = client_as(member)
    age_session(client, seen=60)
    before = client.session[SESSION_KEY]["seen"]
    client.get("/")
    assert client.session[SESSION_KEY]["seen"] == before  # a minute old: not rewritten
    age_session(client, seen=6 * 60)
    client.get("/")
    assert time.time() - client.session[SESSION_KEY]["seen"] < 5


def test_a_session_from_before_the_clock_gets_one(client_as, member):
    client = client_as(member)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    assert is_logged_in(client)[0]
    assert SESSION_KEY in client.session


def _count(client, url):
    client.get(url)  # per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_idle_clock_costs_no_query_per_request(client_as, member, settings):
    """Measured on About: the clock adds nothing; SESSION_SAVE_EVERY_REQUEST would add a write."""
    client = client_as(member)
    with_clock = _count(client, "/about/")
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "powg.sessions.SessionTimeoutMiddleware"
    ]
    without = _count(client, "/about/")
    settings.SESSION_SAVE_EVERY_REQUEST = True
    save_every_request = _count(client, "/about/")
    assert with_clock == without
    assert save_every_request > without  # SAVEPOINT, UPDATE of the session row, RELEASE


# --- password changes -------------------------------------------------------------------


def _logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_password_change_logs_out_every_other_session(member):
    here, elsewhere = _logged_in_client(member), _logged_in_client(member)
    assert is_logged_in(elsewhere)[0]
    new = "another-long-password-5"
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": factories.PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert is_logged_in(here)[0]  # the session that changed it stays
    assert not is_logged_in(elsewhere)[0]


def test_a_password_reset_logs_out_every_session(member):
    elsewhere = _logged_in_client(member)
    client = Client()
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    form = client.get("/" + link.split("/", 3)[3], follow=True)
    new = "a-reset-long-password-3"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert not is_logged_in(elsewhere)[0]


# --- cookies --------------------------------------------------------------------------------


def test_cookies_are_httponly_and_lax(client, member):
    client.get(reverse("account_login"))
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": factories.PASSWORD}
    )
    for name in ["sessionid", "csrftoken"]:
        cookie = response.cookies[name]
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


def test_production_cookies_are_secure():
    code = (
        "from django.conf import settings as s; print([s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SAMESITE])"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DEBUG="0",
        SECRET_KEY="k3y-" + "a1b2c3d4e5" * 6,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str([True] * 6 + ["Lax"] * 3)
