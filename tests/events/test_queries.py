"""Each page runs a fixed number of queries, whatever the number of rows (5 or 50)."""

import datetime

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db

ROWS = [5, 50]


@pytest.fixture
def themes(db):
    return factories.ThematicAreaFactory.create_batch(3)


def make_events(count, themes, *, past=False):
    series = factories.EventSeriesFactory()
    offset = -400 if past else 5
    events = []
    for index in range(count):
        start = timezone.now() + datetime.timedelta(days=offset + index)
        event = factories.EventFactory(
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=3,
            series=series if index % 2 else None,
        )
        event.themes.set(themes)
        events.append(event)
    users = [r.user for r in factories.RegistrationFactory.create_batch(3, event=events[0])]
    for event in events[1:5]:
        for user in users:
            Registration.objects.create(event=event, user=user)
    return events


@pytest.mark.parametrize("rows", ROWS)
def test_list_queries_do_not_grow_with_events(
    client_as, member, django_assert_num_queries, themes, rows
):
    make_events(rows, themes)
    make_events(2, themes, past=True)
    client = client_as(member)
    # session, user, groups, count, page, themes prefetch, theme choices, archive years
    with django_assert_num_queries(8):
        response = client.get(reverse("events:event-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_public_list_and_archive_queries(client, django_assert_num_queries, themes, rows):
    make_events(rows, themes)
    past = make_events(rows, themes, past=True)
    # count, page, themes prefetch, theme choices, archive years
    with django_assert_num_queries(5):
        assert client.get(reverse("events:event-list")).status_code == 200
    url = reverse("events:event-archive", kwargs={"year": past[0].starts_at.year})
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_detail_queries_do_not_grow_with_participants_and_registrations(
    client_as, steering, django_assert_num_queries, themes, rows
):
    series = factories.EventSeriesFactory()
    event = factories.EventFactory(series=series, capacity=rows * 2)
    event.themes.set(themes)
    event.organizers.set(factories.OrganizationFactory.create_batch(2))
    factories.EventFactory.create_batch(rows, series=series)
    fast_member = factories.MemberFactory(user__password=factory.Transformer.Force("!"))
    factories.ParticipantFactory.create_batch(rows, event=event, member=fast_member)
    factories.EventQuestionFactory.create_batch(rows, event=event)
    factories.AgendaItemFactory.create_batch(rows, event=event)
    for _ in range(rows):
        factories.RegistrationFactory(event=event)
    factories.DocumentFactory.create_batch(rows // 5, related_event=event)
    client = client_as(steering)
    # session, user, groups, event, 6 prefetches, own registration, series, outcome documents
    with django_assert_num_queries(14):
        response = client.get(reverse("events:event-detail", kwargs={"slug": event.slug}))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_my_events_and_registrations_queries(
    client_as, steering, django_assert_num_queries, themes, rows
):
    events = make_events(rows, themes)
    for event in events[5:]:
        Registration.objects.create(event=event, user=steering)
    client = client_as(steering)
    # session, user, registrations, groups, feed token, events attended
    with django_assert_num_queries(6):
        assert client.get(reverse("events:my-events")).status_code == 200
    event = events[0]
    for _ in range(rows):
        factories.RegistrationFactory(event=event, status="waitlisted")
    url = reverse("events:event-registrations", kwargs={"slug": event.slug})
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(url.replace("/registrations/", "/registrations.csv")).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_feed_queries(client, member, django_assert_num_queries, themes, rows):
    make_events(rows, themes)
    client.get(reverse("events:public-feed"))  # the site is cached after its first use
    with django_assert_num_queries(1):
        assert client.get(reverse("events:public-feed")).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_home_and_theme_event_boxes_do_not_grow(client, themes, rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_events(rows, themes)
    make_events(rows, themes, past=True)
    counts = []
    for url in ["/", themes[0].get_absolute_url()]:
        client.get(url)  # warm any per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        event_queries = [q for q in queries.captured_queries if "events_event" in q["sql"]]
        counts.append(len(event_queries))
    assert counts == [1, 1]
