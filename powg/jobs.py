"""Background jobs: procrastinate's queue, kept in the portal's own PostgreSQL database.

Jobs, their retries and the periodic schedule live in procrastinate's tables (created by
its Django migrations), so no other server is needed. A request defers a job through
Django's own connection, so the job row is written inside the request's transaction:
it is committed with the data it is about, or rolled back with it, and a worker (its own
psycopg 3 connection, ``manage.py procrastinate worker``) only ever sees committed jobs.
That makes ``transaction.on_commit`` unnecessary for deferring, and nothing is lost if
the process dies between the commit and an on-commit hook.

Each app keeps its tasks in ``tasks.py`` (found by procrastinate's autodiscovery),
declared with ``@job(...)`` from here. A failing job is retried with an exponential
back-off, then stays in the queue as failed, listed in the admin (Procrastinate > jobs).
"""

import asyncio
import threading

from django.conf import settings
from django.db import connection, connections
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app, procrastinate_app
from procrastinate.periodic import PeriodicRegistry

# An email that cannot leave (the mail server is down, say) is tried again after 5 s,
# 25 s, 2 min, 10 min and 52 min (procrastinate's max_attempts counts the retries):
# six runs over about an hour, then the job is marked failed.
EMAIL_RETRY = RetryStrategy(max_attempts=5, exponential_wait=5)
# Maintenance that runs daily anyway: a few tries over a few minutes.
DAILY_RETRY = RetryStrategy(max_attempts=3, exponential_wait=4)


def _closing_connections(call_next, context, worker):
    """Close the job's database connections when it ends (the worker's runs only)."""
    try:
        return call_next()
    finally:
        connections.close_all()


def job(*, retry=EMAIL_RETRY, queue="default", **options):
    """Declare a portal task: ``@job()`` above a function taking keyword arguments.

    Workers run sync tasks in threads of their own. procrastinate's Django app drops a
    stale connection before each run; ours closes the run's connections at its end, so
    a worker that runs a job now and then holds no idle connection in between, and none
    outlives the thread that opened it. Calling the function directly does neither.
    """

    def declare(func):
        name = f"{func.__module__}.{func.__name__}"
        return app.task(
            name=name,
            queue=queue,
            retry=retry,
            task_middleware=[_closing_connections],
            **options,
        )(func)

    return declare


def defer(task_name: str, **kwargs) -> int:
    """Queue a job of the task registered as ``task_name``; returns the job's id.

    Inside a transaction the job is written in it. Services name their tasks rather
    than import them, because each app's tasks import the services they run: no import
    circle. An unknown name fails at once (KeyError), never silently.
    """
    return app.tasks[task_name].defer(**kwargs)


def periodic(*, cron, **options):
    """Declare a periodic portal task (``cron`` in UTC, as procrastinate reads it).

    Every worker defers it; procrastinate's table of periodic defers keeps one job per
    tick however many workers run. The task receives the tick as ``timestamp``.
    """

    def declare(func):
        return app.periodic(cron=cron)(job(retry=DAILY_RETRY, **options)(func))

    return declare


@app.periodic(cron="45 5 * * *")
@app.task(name="powg.jobs.forget_finished_jobs", queue="default", pass_context=True)
async def forget_finished_jobs(context, timestamp):
    """Remove succeeded jobs after two weeks and failed ones after three months."""
    manager = context.app.job_manager
    await manager.delete_old_jobs(nb_hours=settings.JOBS_KEEP_SUCCEEDED_HOURS)
    await manager.delete_old_jobs(
        nb_hours=settings.JOBS_KEEP_FAILED_HOURS, include_failed=True, include_cancelled=True
    )


def run_due_jobs(**options) -> None:
    """Run every job that is due through a real worker on this database, then return.

    A one-off worker (procrastinate's ``wait=False``) on its own psycopg 3 connection,
    in a thread of its own so it works even where the caller runs an event loop
    (Playwright tests). It defers no periodic task: those belong to the long-running
    workers. Tests use it after an act to send what the act queued.
    """
    errors = []
    real_app = procrastinate_app.current_app  # the proxy would keep an attribute set on it

    def work():
        saved = real_app.periodic_registry
        try:
            with real_app.replace_connector(real_app.connector.get_worker_connector()):
                real_app.periodic_registry = PeriodicRegistry()
                asyncio.run(_run_worker_once(real_app, **options))
        except BaseException as error:  # re-raised in the caller's thread
            errors.append(error)
        finally:
            real_app.periodic_registry = saved
            connections.close_all()

    thread = threading.Thread(target=work, name="powg-jobs-once")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


async def _run_worker_once(worker_app, **options):
    async with worker_app.open_async():
        await worker_app.run_worker_async(
            **{
                "wait": False,
                "listen_notify": False,
                "install_signal_handlers": False,
                "delete_jobs": "never",
                **options,
            }
        )


# A job waits from when it became due: its scheduled time, or else its last event
# (deferred, or put back for a retry). Jobs scheduled for later are not waiting.
_OLDEST_WAITING_SQL = """
    SELECT EXTRACT(EPOCH FROM now() - min(coalesce(job.scheduled_at, latest.at)))
    FROM procrastinate_jobs AS job
    LEFT JOIN LATERAL (
        SELECT max(event.at) AS at FROM procrastinate_events AS event
        WHERE event.job_id = job.id
    ) AS latest ON true
    WHERE job.status = 'todo' AND (job.scheduled_at IS NULL OR job.scheduled_at <= now())
"""


def oldest_waiting_job_age(conn=None) -> float | None:
    """Seconds the oldest due job has waited for a worker, or None when none waits.

    For health checks: a queue whose oldest job keeps growing older has no worker.
    ``conn`` is a DB-API connection of the caller's own (the health check opens a
    fresh one); Django's connection by default.
    """
    with (conn or connection).cursor() as cursor:
        cursor.execute(_OLDEST_WAITING_SQL)
        (age,) = cursor.fetchone()
    return None if age is None else max(0.0, float(age))
