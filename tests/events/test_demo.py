import datetime

import pytest

from events import demo
from events.models import Event, EventSeries, Participant, Registration
from members import demo as members_demo
from members.models import Organization

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


def _roundtable_people(slug):
    event = Event.objects.get(slug=slug)
    return {p.role: p.name for p in event.participants.filter(role__in=["moderator", "rapporteur"])}


def test_the_roundtable_agrees_with_its_report(settings):
    """Same moderator and rapporteur, organized by the group, the dialogue the day after."""
    from django.core.management import call_command

    from documents.models import Document

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    report = Document.objects.get(slug=demo.ROUNDTABLE_REPORT)
    people = _roundtable_people("experts-roundtable-future-of-un-peacekeeping-2007")
    assert people == {"moderator": "Dr. Helen Marchetti", "rapporteur": "Daniel Osei"}
    assert f"moderated by {people['moderator']};" in report.body
    assert f"the rapporteur was\n{people['rapporteur']}." in report.body
    assert any(people["rapporteur"] in author for author in report.authors)
    assert "Eleanor Whitcombe" not in report.body
    roundtable = report.related_event
    dialogue = Event.objects.get(slug="public-dialogue-fifty-years-of-un-peacekeeping-2007")
    for event in (roundtable, dialogue):
        assert [o.name for o in event.organizers.all()] == ["Peace Operations Working Group"]
    # "followed the next day by a public dialogue"
    assert "followed the next day by a" in report.body
    assert dialogue.starts_local.date() - roundtable.starts_local.date() == datetime.timedelta(1)


def test_running_the_demo_again_corrects_what_an_earlier_demo_loaded():
    members_demo.load(lambda message: None)
    demo.load(lambda message: None)
    roundtable = Event.objects.get(slug="experts-roundtable-future-of-un-peacekeeping-2007")
    dialogue = Event.objects.get(slug="public-dialogue-fifty-years-of-un-peacekeeping-2007")
    webinar = Event.objects.filter(series__isnull=False).first()
    counts = (Event.objects.count(), Participant.objects.count(), Registration.objects.count())
    # What the earlier demo left in the database.
    home = Organization.objects.get(name=demo.EARLIER_ORGANIZER)
    for event in (roundtable, dialogue, webinar):
        event.organizers.set([home])
    roundtable.participants.filter(role="moderator").update(name="Eleanor Whitcombe")
    dialogue.participants.filter(role="moderator").update(name="Eleanor Whitcombe")
    Event.objects.filter(pk=dialogue.pk).update(**demo.EARLIER_DIALOGUE)
    # An edit made while trying the site, which a re-run must keep.
    kept = Event.objects.get(slug="workshop-deploying-civilian-experts")
    kept.organizers.set([home, Organization.objects.get(acronym="UNA-Canada")])

    demo.load(lambda message: None)
    assert (Event.objects.count(), Participant.objects.count(), Registration.objects.count()) == (
        counts
    )
    for event in (roundtable, dialogue, webinar):
        assert [o.name for o in event.organizers.all()] == ["Peace Operations Working Group"]
    assert _roundtable_people(roundtable.slug)["moderator"] == "Dr. Helen Marchetti"
    assert not Participant.objects.filter(name="Eleanor Whitcombe").exists()
    dialogue.refresh_from_db()
    assert dialogue.starts_local.date() == datetime.date(2007, 2, 24)
    assert "the day after the experts' roundtable" in dialogue.description
    assert kept.organizers.count() == 2
