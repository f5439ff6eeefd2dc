import datetime
import zoneinfo

import pytest
from django.db import IntegrityError
from django.utils import timezone

from events.models import Event, EventSlug, Participant, Registration, RegistrationState
from tests import factories

pytestmark = pytest.mark.django_db


def test_changed_slug_is_remembered_for_redirects(event):
    event.slug = "new-address"
    event.save()
    assert EventSlug.objects.get(slug="roundtable-on-rapid-deployment").event == event
    # Changing it back frees the old slug again.
    event = Event.objects.get(pk=event.pk)
    event.slug = "roundtable-on-rapid-deployment"
    event.save()
    assert not EventSlug.objects.filter(slug="roundtable-on-rapid-deployment").exists()
    assert EventSlug.objects.filter(slug="new-address", event=event).exists()


def test_local_times_use_the_events_own_zone():
    start = datetime.datetime(2007, 2, 23, 17, 0, tzinfo=datetime.UTC)
    event = Event(starts_at=start, ends_at=start, time_zone="America/Vancouver")
    assert event.starts_local.hour == 9
    assert event.starts_local.tzinfo == zoneinfo.ZoneInfo("America/Vancouver")


def test_unknown_time_zone_falls_back_to_the_sites():
    event = Event(starts_at=timezone.now(), ends_at=timezone.now(), time_zone="Nowhere/Else")
    assert event.zone == zoneinfo.ZoneInfo("America/Toronto")


def test_one_active_registration_per_user_and_event(event, member):
    Registration.objects.create(event=event, user=member)
    with pytest.raises(IntegrityError):
        Registration.objects.create(event=event, user=member, status="waitlisted")


def test_cancelled_registrations_do_not_block_a_new_one(event, member):
    Registration.objects.create(event=event, user=member, status="cancelled")
    Registration.objects.create(event=event, user=member, status="cancelled")
    Registration.objects.create(event=event, user=member)
    assert Registration.objects.filter(event=event, user=member).count() == 3


@pytest.mark.parametrize(
    ("changes", "state"),
    [
        ({}, RegistrationState.OPEN),
        ({"by_invitation": True}, RegistrationState.INVITATION),
        ({"status": "cancelled"}, RegistrationState.NONE),
        ({"status": "draft"}, RegistrationState.NONE),
        (
            {"registration_opens_at": timezone.now() + datetime.timedelta(days=1)},
            RegistrationState.NOT_YET,
        ),
        (
            {"registration_closes_at": timezone.now() - datetime.timedelta(days=1)},
            RegistrationState.CLOSED,
        ),
    ],
)
def test_registration_window(event, changes, state):
    for name, value in changes.items():
        setattr(event, name, value)
    assert event.registration_state() == state


def test_registration_closes_when_the_event_starts(event):
    event.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    event.ends_at = timezone.now() + datetime.timedelta(hours=1)
    assert event.registration_state() == RegistrationState.CLOSED


def test_full_event_offers_the_waiting_list(event):
    event.capacity = 1
    factories.RegistrationFactory(event=event)
    assert event.registration_state() == RegistrationState.FULL
    assert event.places_left == 0


def test_with_counts_annotates_registered_and_waitlisted(event):
    factories.RegistrationFactory.create_batch(2, event=event)
    factories.RegistrationFactory(event=event, status="waitlisted")
    factories.RegistrationFactory(event=event, status="cancelled")
    annotated = Event.objects.with_counts().get(pk=event.pk)
    assert (annotated.registered_count, annotated.waitlisted_count) == (2, 1)


def test_upcoming_and_past(event, past_event):
    assert list(Event.objects.upcoming()) == [event]
    assert list(Event.objects.past()) == [past_event]


@pytest.mark.parametrize(
    ("attribution", "role", "chatham", "shown"),
    [
        ("named", "panelist", False, "named"),
        ("affiliation", "panelist", False, "affiliation"),
        ("unlisted", "panelist", False, "unlisted"),
        ("named", "panelist", True, "unlisted"),
        ("affiliation", "panelist", True, "unlisted"),
        ("named", "moderator", True, "named"),
        ("named", "rapporteur", True, "named"),
        ("affiliation", "moderator", True, "unlisted"),
        ("unlisted", "rapporteur", True, "unlisted"),
    ],
)
def test_public_attribution_never_exceeds_consent(attribution, role, chatham, shown):
    person = Participant(name="X", attribution=attribution, role=role)
    assert person.public_attribution(chatham) == shown


def test_description_is_rendered_and_sanitized():
    event = Event(description="**Bold** <script>alert(1)</script>")
    assert "<strong>Bold</strong>" in event.description_html
    assert "<script>" not in event.description_html


def test_access_label():
    assert str(Event(visibility="public").access_label) == "Public"
    assert str(Event(visibility="members").access_label) == "Members only"
    assert str(Event(visibility="public", by_invitation=True).access_label) == "By invitation"


def test_upcoming_then_past_orders_both_ways(event, past_event):
    later = factories.EventFactory(starts_at=event.starts_at + datetime.timedelta(days=5))
    older = factories.EventFactory(
        starts_at=past_event.starts_at - datetime.timedelta(days=5),
        ends_at=past_event.ends_at - datetime.timedelta(days=5),
    )
    assert list(Event.objects.upcoming_then_past()) == [event, later, past_event, older]


def test_public_events_are_the_listed_public_ones(event):
    cancelled = factories.EventFactory(status="cancelled")
    hidden = [
        factories.EventFactory(visibility="members"),
        factories.EventFactory(visibility="steering"),
        factories.EventFactory(status="draft"),
        factories.EventFactory(status="archived"),
    ]
    public = set(Event.objects.public())
    assert {event, cancelled} <= public
    assert not public & set(hidden)


def test_registration_counts_and_the_waiting_list_in_order(event):
    factories.RegistrationFactory(event=event)
    second = factories.RegistrationFactory(event=event, status="waitlisted")
    first = factories.RegistrationFactory(
        event=event, status="waitlisted", created_at=timezone.now() - datetime.timedelta(days=1)
    )
    factories.RegistrationFactory(event=event, status="cancelled")
    assert event.registrations.registered().count() == 1
    assert list(event.registrations.waitlisted()) == [first, second]
    counted = Event.objects.with_counts().get(pk=event.pk)
    assert (counted.registered_count, counted.waitlisted_count) == (1, 2)
    assert counted.count_registered() == 1


def test_joining_link_for_the_committee_and_those_holding_a_place(event, member, steering):
    assert event.online_url
    assert event.joining_link_for(None, registration=None) == ""
    assert event.joining_link_for(member, registration=None) == ""
    assert event.joining_link_for(steering, registration=None) == event.online_url
    waiting = factories.RegistrationFactory(event=event, user=member, status="waitlisted")
    assert event.registration_of(member) == waiting
    assert event.joining_link_for(member, registration=waiting) == ""
    waiting.status = "registered"
    waiting.save()
    assert event.joining_link_for(member, registration=event.registration_of(member))
    event.online_url = ""
    assert event.joining_link_for(steering, registration=None) == ""


def test_registration_of_skips_cancelled_ones(event, member):
    factories.RegistrationFactory(event=event, user=member, status="cancelled")
    assert event.registration_of(member) is None
    assert event.registration_of(None) is None


def test_roster_order_registered_waiting_attended_cancelled(event):
    now = timezone.now()
    made = {
        name: factories.RegistrationFactory(
            event=event, status=status, created_at=now - datetime.timedelta(minutes=minutes)
        )
        for name, status, minutes in [
            ("cancelled", "cancelled", 50),
            ("attended", "attended", 40),
            ("late", "waitlisted", 10),
            ("early", "waitlisted", 30),
            ("registered", "registered", 5),
        ]
    }
    roster = [r.pk for r in event.registrations.for_roster()]
    expected = ["registered", "early", "late", "attended", "cancelled"]
    assert roster == [made[name].pk for name in expected]
