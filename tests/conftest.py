"""Shared fixtures: one user per role and a client logged in as anyone."""

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

from tests import factories


@pytest.fixture
def member(db):
    return factories.member_user(user__name="Maya Member")


@pytest.fixture
def steering(db):
    return factories.steering_user(user__name="Sam Steering")


@pytest.fixture
def admin(db):
    return factories.admin_account(user__name="Ada Admin")


@pytest.fixture
def client_as(client):
    """``client_as(user)`` logs the test client in as that user (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(params=["public", "member", "steering", "admin"])
def role_user(request, db):
    """Parametrizes a test over the four kinds of visitor; yields (role, user or None)."""
    makers = {
        "public": lambda: None,
        "member": factories.member_user,
        "steering": factories.steering_user,
        "admin": factories.admin_account,
    }
    return request.param, makers[request.param]()


@pytest.fixture(autouse=True)
def english_by_default():
    """A /fr/ request leaves French active in the thread; every test starts in English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; a real password hash costs a noticeable fraction of a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def french_catalogue():
    """Compile the catalogues (as make test does) and forget any cached translations."""
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None
    yield
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def empty_cache(request, django_db_setup, django_db_blocker):
    """Each test starts with an empty shared cache.

    The cache is a database table that no flush empties, so counts cached during a
    transactional test (e2e, concurrency) would otherwise reach later tests.
    """
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture(autouse=True)
def empty_job_queue(django_db_setup, django_db_blocker):
    """Each test starts with an empty job queue.

    procrastinate's tables are not Django models that a flush empties, so jobs queued
    by a transactional test (e2e, concurrency) would otherwise reach later tests.
    """
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_periodic_defers; DELETE FROM procrastinate_jobs;"
            " DELETE FROM procrastinate_workers"
        )


@pytest.fixture
def run_jobs(transactional_db):
    """``run_jobs()`` runs every job the test queued through a real procrastinate worker
    on the test database, then returns (emails land in ``mail.outbox``).

    The worker has its own connection and sees only committed rows: hence a
    transactional test, where the services' transactions really commit.
    """
    from powg.jobs import run_due_jobs

    return run_due_jobs
