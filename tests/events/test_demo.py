import pytest

from events import demo
from events.models import Event, EventSeries, Registration
from members import demo as members_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates():
    members_demo.load(lambda message: None)
    demo.load(lambda message: None)
    counts = (Event.objects.count(), Registration.objects.count(), EventSeries.objects.count())
    demo.load(lambda message: None)
    assert (Event.objects.count(), Registration.objects.count(), EventSeries.objects.count()) == (
        counts
    )
    roundtable = Event.objects.get(slug="experts-roundtable-future-of-un-peacekeeping-2007")
    assert roundtable.chatham_house_rule
    assert {p.role for p in roundtable.participants.all()} >= {"moderator", "rapporteur"}
    series = EventSeries.objects.get()
    assert series.events.count() == 4
    assert all(event.questions.exists() for event in series.events.all())
    workshop = Event.objects.get(slug="workshop-deploying-civilian-experts")
    assert workshop.registrations.filter(status="registered").count() == workshop.capacity
    assert workshop.registrations.filter(status="waitlisted").exists()
    assert Event.objects.filter(visibility="members", status="published").exists()
    assert Event.objects.filter(status="cancelled").exclude(cancellation_notice="").exists()


def test_demo_links_the_library_reports_to_their_events(settings):
    from django.core.management import call_command

    from documents.models import Document

    settings.DEBUG = True
    call_command("load_demo")
    report = Document.objects.get(slug=demo.ROUNDTABLE_REPORT)
    assert report.related_event.slug == "experts-roundtable-future-of-un-peacekeeping-2007"
    note = Document.objects.get(slug=demo.WEBINAR_CONCEPT_NOTE)
    assert note.related_event.series is not None
