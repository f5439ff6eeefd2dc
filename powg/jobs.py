"""Background jobs: procrastinate's queue, kept in the portal's own PostgreSQL database.

Jobs, their retries and the periodic schedule live in procrastinate's tables (created by
its Django migrations), so no other server is needed and a job deferred inside a
transaction is committed or rolled back with it.
"""

from django.db import connection

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


def oldest_waiting_job_age() -> float | None:
    """Seconds the oldest due job has waited for a worker, or None when none waits.

    For health checks: a queue whose oldest job keeps growing older has no worker.
    """
    with connection.cursor() as cursor:
        cursor.execute(_OLDEST_WAITING_SQL)
        (age,) = cursor.fetchone()
    return None if age is None else max(0.0, float(age))
