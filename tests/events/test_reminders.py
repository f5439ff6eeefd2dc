"""Reminders before an event and notices of its changes: each sent once, by the job."""

import datetime
import threading

import icalendar
import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from events import reminders, services
from events.ical import event_uid
from events.models import Event, Registration
from events.tasks import send_event_emails
from powg.jobs import app
from tests import factories

pytestmark = pytest.mark.django_db


def soon(**extra):
    """A public published event starting in a day (inside the two-day reminder window)."""
    start = (timezone.now() + datetime.timedelta(days=1)).replace(microsecond=0)
    fields = {
        "title": "Roundtable on rapid deployment",
        "slug": "roundtable-on-rapid-deployment",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=3),
        "venue": "Main hall",
        "city": "Ottawa",
    }
    fields |= extra
    if "starts_at" in extra and "ends_at" not in extra:
        fields["ends_at"] = extra["starts_at"] + datetime.timedelta(hours=3)
    return factories.EventFactory(**fields)


def register(event, email, status="registered", language="en"):
    return factories.RegistrationFactory(
        event=event,
        status=status,
        user__email=email,
        user__name=email.split("@")[0].title(),
        user__language=language,
    )


def calendar_of(message):
    """The attached calendar, parsed by the icalendar library, and its one event."""
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    return calendar, vevent


def uid_of(event):
    return event_uid(event, Site.objects.get_current().domain)


# --- reminders ---------------------------------------------------------------------------


def test_a_reminder_goes_to_each_registered_person_once(settings):
    settings.EVENT_REMINDER_DAYS = 2
    event = soon()
    first = register(event, "ana@example.org")
    register(event, "bo@example.org")
    assert reminders.send_due_reminders() == {"sent": 2, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bo@example.org"]
    assert "Reminder: Roundtable on rapid deployment" in mail.outbox[0].subject
    first.refresh_from_db()
    assert first.reminded_at is not None
    # Running again (the next tick, or the same tick twice) sends nothing more.
    assert reminders.send_due_reminders() == {"sent": 0, "failed": 0}
    assert send_event_emails(timestamp=0) == {
        "change_notices": {"sent": 0, "failed": 0},
        "reminders": {"sent": 0, "failed": 0},
    }
    assert len(mail.outbox) == 2


def test_no_reminder_to_the_waiting_list_or_the_cancelled():
    event = soon()
    register(event, "ana@example.org")
    register(event, "wait@example.org", status="waitlisted")
    register(event, "gone@example.org", status="cancelled")
    reminders.send_due_reminders()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_the_number_of_days_is_a_setting(settings):
    event = soon(
        starts_at=timezone.now() + datetime.timedelta(days=4),
        ends_at=timezone.now() + datetime.timedelta(days=4, hours=2),
    )
    register(event, "ana@example.org")
    settings.EVENT_REMINDER_DAYS = 2
    assert reminders.send_due_reminders()["sent"] == 0
    settings.EVENT_REMINDER_DAYS = 5
    assert reminders.send_due_reminders()["sent"] == 1


def test_no_reminder_for_a_past_started_cancelled_or_draft_event():
    now = timezone.now()
    past = soon(
        slug="past",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=3, hours=-2),
    )
    started = soon(
        slug="started",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=2),
    )
    cancelled = soon(slug="cancelled")
    draft = soon(slug="draft", status="draft")
    for event in [past, started, cancelled, draft]:
        register(event, f"{event.slug}@example.org")
    services.cancel_event(event=cancelled, notice="The venue is closed.")
    assert reminders.send_due_reminders()["sent"] == 0
    assert not any(m.subject.startswith("Reminder") for m in mail.outbox)


def test_the_reminder_carries_the_calendar_with_the_events_uid_and_sequence():
    event = soon()
    register(event, "ana@example.org")
    event.venue = "Room 2"
    event.save()
    event.refresh_from_db()
    assert event.sequence == 1
    reminders.send_due_reminders()
    (message,) = mail.outbox
    calendar, vevent = calendar_of(message)
    assert calendar["METHOD"] == "PUBLISH"
    assert str(vevent["UID"]) == uid_of(event)
    assert vevent["SEQUENCE"] == 1
    assert vevent["STATUS"] == "CONFIRMED"
    assert "Room 2" in str(vevent["LOCATION"])
    assert vevent.decoded("DTSTART") == event.starts_at


def test_the_reminder_of_an_online_event_has_the_joining_link():
    event = soon(format="online", online_url="https://meet.example.org/secret-room")
    register(event, "ana@example.org")
    in_person = soon(slug="in-person", title="A forum in the hall")
    register(in_person, "bo@example.org")
    reminders.send_due_reminders()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Join online: https://meet.example.org/secret-room" in bodies["ana@example.org"]
    assert "Join online" not in bodies["bo@example.org"]
    assert event.get_absolute_url() in bodies["ana@example.org"]


def test_the_reminder_is_in_the_persons_language(french_catalogue):
    event = soon(title_fr="Table ronde sur le déploiement rapide")
    register(event, "ana@example.org", language="fr")
    reminders.send_due_reminders()
    (message,) = mail.outbox
    assert (
        "Rappel" in message.subject and "Table ronde sur le déploiement rapide" in message.subject
    )
    assert message.extra_headers["Content-Language"] == "fr"
    assert "/fr/events/" in message.body
    _calendar, vevent = calendar_of(message)
    assert str(vevent["SUMMARY"]) == "Table ronde sur le déploiement rapide"


def test_a_failed_email_stays_due_and_others_still_leave(monkeypatch):
    event = soon()
    register(event, "ana@example.org")
    register(event, "bo@example.org")
    real_send = reminders._send

    def flaky(registration, **kwargs):
        if registration.user.email == "ana@example.org":
            raise ConnectionError("mail server down")
        return real_send(registration, **kwargs)

    monkeypatch.setattr(reminders, "_send", flaky)
    assert reminders.send_due_reminders() == {"sent": 1, "failed": 1}
    assert [m.to for m in mail.outbox] == [["bo@example.org"]]
    monkeypatch.setattr(reminders, "_send", real_send)
    assert reminders.send_due_reminders() == {"sent": 1, "failed": 0}
    assert [m.to[0] for m in mail.outbox] == ["bo@example.org", "ana@example.org"]


def test_the_job_is_periodic():
    names = {task.task.name for task in app.periodic_registry.periodic_tasks.values()}
    assert "events.tasks.send_event_emails" in names


# --- two workers at once -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once():
    event = soon()
    for n in range(12):
        register(event, f"person{n}@example.org")
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(reminders.send_due_reminders())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result["sent"] for result in results) == 12
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 12 and len(set(recipients)) == 12


@pytest.mark.django_db(transaction=True)
def test_a_registration_another_worker_holds_is_passed_by():
    event = soon()
    held = register(event, "held@example.org")
    register(event, "free@example.org")
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Registration.objects.select_for_update().get(pk=held.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert locked.wait(10)
    try:
        assert reminders.send_due_reminders()["sent"] == 1
        assert [m.to for m in mail.outbox] == [["free@example.org"]]
    finally:
        release.set()
        thread.join()
    assert reminders.send_due_reminders()["sent"] == 1
    assert mail.outbox[-1].to == ["held@example.org"]


# --- the sequence ------------------------------------------------------------------------


def test_time_and_place_changes_raise_the_sequence_other_edits_do_not():
    event = soon()
    assert event.sequence == 0
    event.title = "A new title"
    event.summary = "A new summary"
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 0
    for field, value in [
        ("starts_at", event.starts_at + datetime.timedelta(hours=1)),
        ("ends_at", event.ends_at + datetime.timedelta(hours=2)),
        ("time_zone", "America/Vancouver"),
        ("venue", "Room 2"),
        ("city", "Gatineau"),
        ("online_url", "https://meet.example.org/other"),
        ("format", "hybrid"),
    ]:
        before = Event.objects.get(pk=event.pk).sequence
        setattr(event, field, value)
        event.save()
        assert Event.objects.get(pk=event.pk).sequence == before + 1, field
    # Saving again unchanged counts nothing.
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 7


def test_update_fields_and_stale_instances_never_lose_a_revision():
    event = soon()
    stale = Event.objects.get(pk=event.pk)
    event.city = "Montréal"
    event.save(update_fields=["city"])
    assert Event.objects.get(pk=event.pk).sequence == 1
    # An instance read before that change, saved with another edit, keeps the count.
    stale.title = "Retitled"
    stale.save(update_fields=["title"])
    stale.summary = "Changed"
    stale.save()
    assert Event.objects.get(pk=event.pk).sequence >= 1


def test_cancelling_and_reinstating_raise_the_sequence():
    event = soon()
    services.cancel_event(event=event, notice="The venue is closed.")
    assert Event.objects.get(pk=event.pk).sequence == 1
    event = Event.objects.get(pk=event.pk)
    event.status = "published"
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 2


def test_the_admin_change_form_counts_a_new_time(client_as, admin):
    event = soon()
    client = client_as(admin)
    url = reverse("admin:events_event_change", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "all"):
            data[name] = [str(item.pk) for item in value.all()]
        elif isinstance(value, list):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            data[f"{name}_0"], data[f"{name}_1"] = (
                local.date().isoformat(),
                local.strftime("%H:%M:%S"),
            )
        else:
            data[name] = str(value)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    later = timezone.localtime(event.starts_at + datetime.timedelta(hours=1))
    data["starts_at_0"], data["starts_at_1"] = later.date().isoformat(), later.strftime("%H:%M:%S")
    ends = timezone.localtime(event.ends_at + datetime.timedelta(hours=1))
    data["ends_at_0"], data["ends_at_1"] = ends.date().isoformat(), ends.strftime("%H:%M:%S")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get(pk=event.pk).sequence == 1


def test_downloads_and_feeds_carry_the_sequence(client):
    event = soon()
    event.venue = "Room 2"
    event.save()
    event.city = "Gatineau"
    event.save()
    for url in [reverse("events:event-ics", kwargs={"slug": event.slug}), "/events/feed.ics"]:
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        (vevent,) = [v for v in calendar.walk("VEVENT") if str(v["UID"]) == uid_of(event)]
        assert vevent["SEQUENCE"] == 2
        assert "METHOD" not in calendar


# --- change notices ----------------------------------------------------------------------


def test_a_change_of_time_is_notified_once_with_an_updated_calendar():
    event = soon(starts_at=(timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0))
    register(event, "ana@example.org")
    register(event, "wait@example.org", status="waitlisted")
    register(event, "gone@example.org", status="cancelled")
    assert reminders.send_due_change_notices()["sent"] == 0
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    event.save()
    assert send_event_emails(timestamp=0)["change_notices"] == {"sent": 2, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "wait@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    assert message.subject.endswith("Changed: Roundtable on rapid deployment")
    assert "has changed" in message.body
    _calendar, vevent = calendar_of(message)
    assert str(vevent["UID"]) == uid_of(event)
    assert vevent["SEQUENCE"] == 1
    assert vevent.decoded("DTSTART") == event.starts_at
    # Once: the next runs send nothing until the next change.
    assert send_event_emails(timestamp=1)["change_notices"]["sent"] == 0
    assert len(mail.outbox) == 2
    event.venue = "Room 5"
    event.save()
    assert reminders.send_due_change_notices()["sent"] == 2
    assert calendar_of(mail.outbox[-1])[1]["SEQUENCE"] == 2


def test_a_cancellation_is_notified_once_and_marked_cancelled_in_the_calendar():
    event = soon(starts_at=(timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0))
    register(event, "ana@example.org")
    services.cancel_event(event=event, notice="The venue is closed; we will write soon.")
    assert reminders.send_due_change_notices()["sent"] == 1
    (message,) = mail.outbox
    assert "Cancelled: Roundtable on rapid deployment" in message.subject
    assert "The venue is closed; we will write soon." in message.body
    _calendar, vevent = calendar_of(message)
    assert vevent["STATUS"] == "CANCELLED"
    assert str(vevent["UID"]) == uid_of(event)
    assert vevent["SEQUENCE"] == 1
    assert reminders.send_due_change_notices()["sent"] == 0
    assert reminders.send_due_reminders()["sent"] == 0
    assert len(mail.outbox) == 1


def test_a_change_before_registering_is_not_notified():
    event = soon()
    event.venue = "Room 2"
    event.save()
    factories.RegistrationFactory(event=event, user__email="late@example.org")
    assert reminders.send_due_change_notices()["sent"] == 0


def test_a_change_to_a_past_event_or_an_unwatched_field_is_not_notified():
    now = timezone.now()
    past = soon(
        starts_at=now - datetime.timedelta(days=5), ends_at=now - datetime.timedelta(days=4)
    )
    register(past, "ana@example.org")
    past.venue = "Corrected venue"
    past.save()
    upcoming = soon(slug="other")
    register(upcoming, "bo@example.org")
    upcoming.description = "More about the programme."
    upcoming.save()
    assert reminders.send_due_change_notices()["sent"] == 0


def test_the_waiting_list_is_told_of_a_change_without_the_joining_link():
    event = soon(format="online", online_url="https://meet.example.org/secret-room")
    register(event, "ana@example.org")
    register(event, "wait@example.org", status="waitlisted")
    event.online_url = "https://meet.example.org/new-room"
    event.save()
    reminders.send_due_change_notices()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "https://meet.example.org/new-room" in bodies["ana@example.org"]
    assert "meet.example.org" not in bodies["wait@example.org"]


def test_the_change_notice_is_in_the_persons_language(french_catalogue):
    event = soon(title_fr="Table ronde sur le déploiement rapide")
    register(event, "ana@example.org", language="fr")
    services.cancel_event(event=event, notice="La salle est fermée.")
    reminders.send_due_change_notices()
    (message,) = mail.outbox
    assert "Annulé" in message.subject
    assert "Table ronde sur le déploiement rapide" in message.body
