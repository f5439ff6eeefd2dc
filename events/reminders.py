"""Emails to those registered: a reminder before the event, a notice when it changes.

The periodic job (``events.tasks.send_event_emails``) calls both senders. Each
registration is handled in a transaction of its own that locks its row with
``skip_locked`` (a second worker passes it by), finds it still due under the lock, sends,
and records what was sent (``reminded_at``, ``notified_sequence``) before committing.
Running the job twice, or on two workers at once, sends nothing twice; a mail server
that fails leaves that one registration due for the next run.

A change notice is due when the event's ``sequence`` (raised by ``Event.save`` when the
time or place changes or the event is called off) is above the one the registration
last heard of; a new registration starts at the event's current one.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from events.ical import build_calendar
from events.models import EventStatus, Registration, RegistrationStatus
from powg.emails import render_for_person
from powg.links import absolute_url

logger = logging.getLogger(__name__)

# Told of changes: those holding a place and those in line for one.
NOTIFIED_STATUSES = [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]


def due_reminders(now=None):
    """Confirmed registrations (not the waiting list) for published events starting
    within ``EVENT_REMINDER_DAYS`` and not yet started, not reminded yet."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=settings.EVENT_REMINDER_DAYS)
    return Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=horizon,
    )


def due_change_notices(now=None):
    """Registrations (waiting list included) for events not yet over whose time, place
    or cancellation changed since the person last heard."""
    now = now or timezone.now()
    return Registration.objects.filter(
        status__in=NOTIFIED_STATUSES,
        notified_sequence__lt=F("event__sequence"),
        event__status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED],
        event__ends_at__gte=now,
    )


def send_due_reminders(now=None) -> dict:
    """Send every reminder that is due; returns how many left and how many failed."""
    return _send_each(due_reminders(now), _remind)


def send_due_change_notices(now=None) -> dict:
    """Send every change notice that is due; returns how many left and how many failed."""
    return _send_each(due_change_notices(now), _notify_change)


def _send_each(due, send) -> dict:
    """Lock, recheck, send and record one registration at a time (see the module).

    A failed email is logged and stays due: the next run (a quarter hour later) tries
    it again, and one refused address does not hold up everyone else's.
    """
    sent = failed = 0
    for pk in list(due.order_by("pk").values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                registration = (
                    due.select_for_update(skip_locked=True, of=("self",))
                    .select_related("user", "event")
                    .filter(pk=pk)
                    .first()
                )
                if registration is None:  # sent meanwhile, or another worker holds it
                    continue
                send(registration)
                sent += 1
        except Exception:
            failed += 1
            logger.exception("Event email to registration %s failed", pk)
    return {"sent": sent, "failed": failed}


def _remind(registration) -> None:
    _send(registration, kind="reminder", joining_link=registration.event.online_url)
    registration.reminded_at = timezone.now()
    registration.save(update_fields=["reminded_at", "updated_at"])


def _notify_change(registration) -> None:
    event = registration.event
    # The joining link is for those holding a place, as on the event page.
    holds_place = registration.status == RegistrationStatus.REGISTERED
    link = event.online_url if holds_place and not event.is_cancelled else ""
    _send(registration, kind="change", joining_link=link)
    registration.notified_sequence = event.sequence
    registration.save(update_fields=["notified_sequence", "updated_at"])


def _send(registration, *, kind, joining_link) -> EmailMessage:
    """One email in the person's language, the event's calendar file attached."""
    user, event = registration.user, registration.event

    def context():
        return {
            "event": event,
            "registration": registration,
            "event_url": absolute_url(event.get_absolute_url()),
            "my_events_url": absolute_url(reverse("events:my-events")),
            "joining_link": joining_link,
        }

    subject, body, language = render_for_person(
        user=user,
        subject_template=f"events/email/{kind}_subject.txt",
        body_template=f"events/email/{kind}.txt",
        context=context,
    )
    with translation.override(language):
        calendar = build_calendar(
            [event], request=None, name=event.localized_title, method="PUBLISH"
        )
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={"Content-Language": language},
    )
    message.attach(f"{event.slug}.ics", calendar, "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()
    return message
