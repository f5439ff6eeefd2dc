"""Cancellations at the same moment, in real threads on their own PostgreSQL connections."""

import datetime
import threading

import factory
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from events import services
from events.models import Registration
from tests import factories
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def _line_up(event, count, status, start):
    """Members registered (or waiting) in a known order, oldest first."""
    return [
        factories.RegistrationFactory(
            event=event,
            status=status,
            created_at=start + datetime.timedelta(minutes=index),
            user=factories.member_user(user__password=factory.Transformer.Force("!")),
        )
        for index in range(count)
    ]


def _at_once(actions):
    """Run every action in its own thread, released together; return their errors."""
    return at_once(actions)[1]


class CountWatcher:
    """Counts the registered places on its own connection while the threads run."""

    def __init__(self, event):
        self.event, self.highest, self.done = event, 0, threading.Event()
        self.thread = threading.Thread(target=self.watch)

    def watch(self):
        try:
            while not self.done.is_set():
                registered = Registration.objects.filter(
                    event=self.event, status=Registration.Status.REGISTERED
                ).count()
                self.highest = max(self.highest, registered)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join(timeout=30)


def test_simultaneous_cancellations_promote_exactly_the_freed_places(run_jobs):
    """5 places, all taken, 10 waiting: the 5 holders cancel at once."""
    event = factories.EventFactory(capacity=5)
    start = timezone.now() - datetime.timedelta(days=2)
    holders = _line_up(event, 5, "registered", start)
    waiting = _line_up(event, 10, "waitlisted", start + datetime.timedelta(hours=1))
    mail.outbox.clear()

    def cancel(registration):
        return lambda: services.cancel_registration(registration=registration, by=registration.user)

    with CountWatcher(event) as watcher:
        errors = _at_once([cancel(registration) for registration in holders])
    assert errors == []
    assert watcher.highest <= event.capacity

    status = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    assert [status[r.pk] for r in holders] == ["cancelled"] * 5
    # The first five in line move up, in order; the other five keep waiting.
    assert [status[r.pk] for r in waiting] == ["registered"] * 5 + ["waitlisted"] * 5
    promoted = Registration.objects.filter(event=event, promoted_at__isnull=False)
    assert sorted(promoted.values_list("pk", flat=True)) == sorted(r.pk for r in waiting[:5])

    # Exactly one email to each promoted member, none to anyone else.
    run_jobs()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(r.user.email for r in waiting[:5])
    assert all(event.title in message.subject for message in mail.outbox)


def test_cancellations_from_both_lists_with_new_registrations_never_overfill(run_jobs):
    """Holders and waiting members cancel while others register, all at the same moment."""
    event = factories.EventFactory(capacity=5)
    start = timezone.now() - datetime.timedelta(days=2)
    holders = _line_up(event, 5, "registered", start)
    waiting = _line_up(event, 6, "waitlisted", start + datetime.timedelta(hours=1))
    newcomers = [
        factories.member_user(user__password=factory.Transformer.Force("!")) for _ in range(6)
    ]
    mail.outbox.clear()
    leaving = holders[:4] + waiting[::2]  # four places freed, three leave the line

    actions = [
        (lambda r=r: services.cancel_registration(registration=r, by=r.user)) for r in leaving
    ] + [(lambda u=u: services.register(event=event, user=u)) for u in newcomers]
    with CountWatcher(event) as watcher:
        errors = _at_once(actions)
    assert errors == []
    assert watcher.highest <= event.capacity

    registrations = list(Registration.objects.filter(event=event).select_related("user"))
    active = [r for r in registrations if r.is_active]
    registered = [r for r in active if r.status == "registered"]
    # Every place is taken again (more people want one than there are places) ...
    assert len(registered) == event.capacity
    # ... nobody holds two, and those still waiting came after everyone who got in
    # from the line (the line keeps its order).
    assert len({r.user_id for r in active}) == len(active)
    promoted = [r for r in registrations if r.promoted_at is not None]
    still_waiting = [r for r in active if r.status == "waitlisted"]
    if promoted and still_waiting:
        assert max(r.created_at for r in promoted) < min(r.created_at for r in still_waiting)
    # One email per promotion that still stands when the worker sends it, to that member
    # only (one promoted, then leaving at once, hears nothing).
    run_jobs()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(r.user.email for r in promoted if r.status == "registered")
