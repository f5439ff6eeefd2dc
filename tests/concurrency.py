"""Acts at the same moment, for the race tests: each in its own thread and connection."""

import threading

from django.db import connection


def at_once(actions, timeout=60):
    """Run every action in its own thread, released together; return (results, errors).

    Each thread opens its own PostgreSQL connection (Django's are per thread) and closes
    it at the end, so the acts really race in the database. Use in transactional tests:
    each thread sees only committed rows.
    """
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def run(action):
        try:
            barrier.wait(timeout=30)
            results.append(action())
        except Exception as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "an action never finished"
    return results, errors
