"""The calendars as a real client reads them: parsed with the icalendar library."""

import icalendar
import pytest
from django.urls import reverse
from icalendar.parser import unescape_backslash

from events.models import CalendarFeedToken
from powg.markdown import markdown_to_text
from tests import factories

pytestmark = pytest.mark.django_db

AWKWARD_TITLE = "Roundtable\non mandates;\r\nrules, and C:\\force\rtoday"
ONE_LINE = "Roundtable on mandates; rules, and C:\\force today"
DESCRIPTION = (
    "Read **the brief** and [the mandate](https://example.org/mandate?a=1&b=2).\n\n"
    "[Click me](javascript:alert(document.cookie)) or "
    '<a href="javascript:alert(2)">this</a>, [mail us](mailto:x@example.org), '
    "[the library](/library/), <https://example.org/plain>.\n\n"
    "- first point\n- second point\n\n"
    "<script>alert(3)</script>Done."
)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def calendar_name(calendar):
    """X-WR-CALNAME is an extension the library parses raw: unescape it as clients do."""
    return unescape_backslash(str(calendar["X-WR-CALNAME"]))


def vevent(calendar, uid_prefix):
    (item,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(uid_prefix)]
    return item


@pytest.fixture
def awkward_event(db):
    return factories.EventFactory(
        title=AWKWARD_TITLE,
        slug="awkward",
        description=DESCRIPTION,
        venue="Hall A, 2nd floor",
        city="Ottawa; Ontario",
    )


def _calendars(client, member, event):
    token = CalendarFeedToken.objects.create(user=member)
    return {
        "event": client.get(reverse("events:event-ics", kwargs={"slug": event.slug})),
        "public": client.get(reverse("events:public-feed")),
        "personal": client.get(token.get_absolute_url()),
    }


@pytest.mark.parametrize("which", ["event", "public", "personal"])
def test_a_title_with_newlines_gives_a_calendar_every_client_can_read(
    client, member, awkward_event, which
):
    calendar = parse(_calendars(client, member, awkward_event)[which])
    item = vevent(calendar, f"event-{awkward_event.pk}@")
    assert str(item["SUMMARY"]) == ONE_LINE
    assert str(item["LOCATION"]) == "Hall A, 2nd floor, Ottawa; Ontario"
    if which == "event":
        assert calendar_name(calendar) == ONE_LINE
        assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])


@pytest.mark.parametrize("which", ["event", "public", "personal"])
def test_the_description_is_plain_text_without_unsafe_links(client, member, awkward_event, which):
    calendar = parse(_calendars(client, member, awkward_event)[which])
    description = str(vevent(calendar, f"event-{awkward_event.pk}@")["DESCRIPTION"])
    assert description.startswith(
        "Read the brief and the mandate (https://example.org/mandate?a=1&b=2)."
    )
    assert "Click me or this, mail us, the library, https://example.org/plain." in description
    assert "- first point\n- second point" in description
    assert description.endswith("Done.")
    for markup in ["javascript", "alert", "**", "](", "<", "mailto", "/library/"]:
        assert markup not in description


def test_a_cancelled_events_notice_comes_first_in_plain_text(client):
    event = factories.EventFactory(
        status="cancelled",
        cancellation_notice="The venue closed;\r\nsee you in spring.",
        description="See [details](https://example.org/d).",
    )
    calendar = parse(client.get(reverse("events:event-ics", kwargs={"slug": event.slug})))
    description = str(vevent(calendar, f"event-{event.pk}@")["DESCRIPTION"])
    assert description == (
        "The venue closed;\nsee you in spring.\n\nSee details (https://example.org/d)."
    )
    assert str(vevent(calendar, f"event-{event.pk}@")["STATUS"]) == "CANCELLED"


def test_control_characters_never_reach_a_calendar(client):
    event = factories.EventFactory(title="Bell\x07 and\x0bvertical\x7f tab", description="a\x1bb")
    response = client.get(reverse("events:event-ics", kwargs={"slug": event.slug}))
    assert not any(ord(c) < 32 and c not in "\r\n" for c in response.content.decode())
    item = vevent(parse(response), f"event-{event.pk}@")
    assert str(item["SUMMARY"]) == "Bell andvertical tab"
    assert str(item["DESCRIPTION"]) == "ab"


def test_the_public_feed_name_is_escaped_too(client, event):
    calendar = parse(client.get(reverse("events:public-feed")))
    assert calendar_name(calendar) == "Peace Operations Working Group: events"


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("**Bold** and _soft_", "Bold and soft"),
        ("[same](https://example.org/)", "same (https://example.org/)"),
        ("<https://example.org/>", "https://example.org/"),
        ("[x](JavaScript:alert(1))", "x"),
        ("[x](data:text/html,hi)", "x"),
        ("1. one\n2. two", "1. one\n2. two"),
        ("Note[^1].\n\n[^1]: The note.", "Note[1].\n\n1. The note."),
        ("Tom &amp; Jerry's", "Tom & Jerry\u2019s"),
        ("", ""),
    ],
)
def test_markdown_to_text(source, text):
    assert markdown_to_text(source) == text
