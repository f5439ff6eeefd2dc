"""Background jobs: a real procrastinate worker on the test database.

The worker runs as production runs it (``manage.py procrastinate worker``, which
``make worker`` starts) in a subprocess, and one-shot in a thread (``run_jobs``) for the
retry tests; both read the queue that the services wrote inside their transactions.
"""

import datetime
import os
import smtplib
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.periodic import PeriodicDeferrer

from members.models import SteeringCommitteeTerm
from powg import jobs
from powg.roles import STEERING_GROUP
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


class MailServerDown(BaseEmailBackend):
    """An email backend whose server refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@app.task(
    name="tests.powg.test_jobs.always_fails",
    retry=RetryStrategy(max_attempts=1, exponential_wait=2),  # one retry, 2 s later
)
def always_fails():
    raise RuntimeError("This job always fails.")


def _job(job_id):
    return ProcrastinateJob.objects.get(pk=job_id)


def _test_database_url():
    """DATABASE_URL pointed at the test database (host, socket and all)."""
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + quote(connection.settings_dict["NAME"])))


# --- the queue and the worker -----------------------------------------------------------


def test_the_production_worker_command_runs_a_job_queued_by_a_service(transactional_db):
    """``manage.py procrastinate worker`` (what ``make worker`` runs) picks up a job."""
    application = factories.MembershipApplicationFactory(email="nadia@example.org")
    steering = factories.steering_user()
    from members.services import approve_application

    approve_application(application=application, by=steering)
    (queued,) = ProcrastinateJob.objects.filter(task_name="members.tasks.email_invitation")
    assert queued.status == "todo"
    # A term recorded behind the services' back: the daily sync job is what catches it.
    holder = factories.member_user(user__email="holder@example.org")
    SteeringCommitteeTerm.objects.create(
        member=holder.member, starts_on=datetime.date(2020, 1, 1), ends_on=None
    )
    assert not holder.groups.filter(name=STEERING_GROUP).exists()
    sync_id = jobs.defer("members.tasks.sync_steering_committee", timestamp=int(time.time()))

    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DJANGO_SETTINGS_MODULE": "powg.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert _job(queued.pk).status == "succeeded"
    assert _job(sync_id).status == "succeeded"
    # The console backend printed the invitation, in the worker's own process.
    assert "To: nadia@example.org" in result.stdout
    assert "/accounts/password/reset/key/" in result.stdout
    assert Group.objects.get(name=STEERING_GROUP).user_set.filter(pk=holder.pk).exists()


def test_a_job_runs_through_a_one_shot_worker_and_the_queue_empties(run_jobs):
    application = factories.MembershipApplicationFactory(email="amara@example.org")
    from members.services import approve_application

    approve_application(application=application, by=factories.steering_user())
    assert mail.outbox == []  # queued, not sent by the request
    assert jobs.oldest_waiting_job_age() is not None
    run_jobs()
    assert [m.to for m in mail.outbox] == [["amara@example.org"]]
    assert jobs.oldest_waiting_job_age() is None
    assert set(ProcrastinateJob.objects.values_list("status", flat=True)) == {"succeeded"}


def test_a_job_deferred_in_a_rolled_back_transaction_never_exists(transactional_db):
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.defer("tests.powg.test_jobs.always_fails")
        raise RuntimeError("the request failed after queueing")
    assert not ProcrastinateJob.objects.exists()
    with transaction.atomic():
        job_id = jobs.defer("tests.powg.test_jobs.always_fails")
    assert _job(job_id).status == "todo"


def test_an_unknown_task_name_fails_at_once():
    with pytest.raises(KeyError):
        jobs.defer("members.tasks.no_such_task")


# --- retries and failures ---------------------------------------------------------------


def test_a_failing_email_is_retried_later_with_a_growing_wait(run_jobs, settings):
    """The mail server is down: the job goes back to the queue for later, not now."""
    settings.EMAIL_BACKEND = "tests.powg.test_jobs.MailServerDown"
    application = factories.MembershipApplicationFactory(email="later@example.org")
    from members.services import approve_application

    approve_application(application=application, by=factories.steering_user())
    (job,) = ProcrastinateJob.objects.filter(task_name="members.tasks.email_invitation")
    before = timezone.now()
    run_jobs()
    job = _job(job.pk)
    assert (job.status, job.attempts) == ("todo", 1)
    first_wait = (job.scheduled_at - before).total_seconds()
    assert 3 <= first_wait <= 10  # 5 s, less the time the run took
    run_jobs()  # not due yet: left alone
    assert _job(job.pk).attempts == 1


def test_the_email_back_off_grows_exponentially_over_about_an_hour():
    from procrastinate.jobs import Job

    def wait_after(attempts):
        job = Job(id=1, queue="default", task_name="members.tasks.email_invitation", lock=None,
                  queueing_lock=None, attempts=attempts)  # fmt: skip
        decision = jobs.EMAIL_RETRY.get_retry_decision(exception=OSError(), job=job)
        return (
            None
            if decision is None
            else round((decision.retry_at - timezone.now()).total_seconds())
        )

    assert [wait_after(n) for n in range(7)] == [5, 25, 125, 625, 3125, None, None]


def test_a_job_that_keeps_failing_waits_then_fails_and_the_admin_lists_it(
    run_jobs, client_as, admin, steering
):
    job_id = jobs.defer("tests.powg.test_jobs.always_fails")
    run_jobs()
    job = _job(job_id)
    assert (job.status, job.attempts) == ("todo", 1)
    assert job.scheduled_at > timezone.now()  # retried later, not at once
    while timezone.now() < job.scheduled_at:
        time.sleep(0.2)
    run_jobs()
    job = _job(job_id)
    assert (job.status, job.attempts) == ("failed", 2)
    events = list(job.procrastinateevent_set.order_by("at").values_list("type", flat=True))
    assert events.count("deferred_for_retry") == 1 and events[-1] == "failed"
    assert jobs.oldest_waiting_job_age() is None  # a failed job waits for no worker

    changelist = reverse("admin:procrastinate_procrastinatejob_changelist")
    response = client_as(admin).get(changelist, {"status": "failed"})
    assert response.status_code == 200
    assert "always_fails" in response.content.decode()
    # The steering committee is not staff: the queue is the admins' to watch.
    response = client_as(steering).get(changelist)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- the queue's age, for the health check ---------------------------------------------


@pytest.mark.django_db
def test_the_oldest_waiting_job_age_counts_only_due_jobs():
    assert jobs.oldest_waiting_job_age() is None
    task = app.tasks["tests.powg.test_jobs.always_fails"]
    task.configure(schedule_in={"hours": 1}).defer()
    assert jobs.oldest_waiting_job_age() is None  # scheduled for later: not waiting
    task.configure(schedule_at=timezone.now() - datetime.timedelta(minutes=10)).defer()
    assert 590 <= jobs.oldest_waiting_job_age() <= 700
    task.defer()  # due now: the older one still sets the age
    assert 590 <= jobs.oldest_waiting_job_age() <= 700


# --- the periodic schedule ----------------------------------------------------------------


def _deferred_between(start, end):
    """(task name, tick) the workers' periodic deferrer queues over this stretch of time."""
    deferrer = PeriodicDeferrer(registry=app.periodic_registry, max_delay=600)
    found, at = [], start.timestamp()
    deferrer.last_defers = {key: int(at) for key in app.periodic_registry.periodic_tasks}
    for periodic_task, tick in deferrer.get_previous_tasks(at=end.timestamp()):
        found.append((periodic_task.task.name, datetime.datetime.fromtimestamp(tick, datetime.UTC)))
    return sorted(found, key=lambda item: item[1])


def test_the_daily_sync_and_cleanup_are_queued_once_a_day_after_midnight_in_toronto():
    start = datetime.datetime(2026, 1, 14, 12, 0, tzinfo=datetime.UTC)
    named = {"members.tasks.sync_steering_committee", "powg.jobs.forget_finished_jobs"}
    found = [
        (name, tick)
        for name, tick in _deferred_between(start, start + datetime.timedelta(days=2))
        if name in named  # other periodic jobs (digests, reminders) have their own tests
    ]
    assert [name for name, _tick in found] == [
        "members.tasks.sync_steering_committee",
        "powg.jobs.forget_finished_jobs",
    ] * 2
    toronto = [tick.astimezone(timezone.get_default_timezone()) for _name, tick in found]
    assert [(t.day, t.hour, t.minute) for t in toronto[:2]] == [(15, 0, 15), (15, 0, 45)]


def test_the_cleanup_forgets_old_finished_jobs_and_keeps_recent_ones(run_jobs):
    old = jobs.defer("tests.powg.test_jobs.always_fails")
    recent = jobs.defer("tests.powg.test_jobs.always_fails")
    run_jobs()
    with connection.cursor() as cursor:  # the first finished long ago (a failed job)
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'failed', scheduled_at = NULL"
            " WHERE id IN (%s, %s)",
            [old, recent],
        )
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - interval '100 days' WHERE job_id = %s",
            [old],
        )
    jobs.defer("powg.jobs.forget_finished_jobs", timestamp=int(time.time()))
    run_jobs()
    remaining = set(ProcrastinateJob.objects.values_list("pk", flat=True))
    assert old not in remaining and recent in remaining


def test_a_worker_run_leaves_no_database_connection_behind(run_jobs):
    """Each job closes its thread's connections, and the worker its own, when done."""
    from members.services import approve_application

    def connections_to_this_database():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]

    before = connections_to_this_database()
    reviewer = factories.steering_user()
    for n in range(3):
        application = factories.MembershipApplicationFactory(email=f"new{n}@example.org")
        approve_application(application=application, by=reviewer)
    run_jobs()
    assert len(mail.outbox) == 3
    deadline = time.monotonic() + 5
    while connections_to_this_database() > before and time.monotonic() < deadline:
        time.sleep(0.1)  # a closed backend leaves pg_stat_activity a moment later
    assert connections_to_this_database() == before
