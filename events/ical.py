"""iCalendar output (RFC 5545) for one event, the public feed and personal feeds."""

import datetime
import re

import icalendar
from django.contrib.sites.models import Site
from django.http import HttpResponse
from django.utils import timezone

from events.models import EventFormat, EventStatus
from powg.links import absolute_url
from powg.markdown import markdown_to_text

PRODID = "-//Peace Operations Working Group//Events//EN"

# RFC 5545 TEXT allows no control characters but tab (newlines are escaped as \n).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean_text(value, *, single_line) -> str:
    text = _CONTROL.sub("", str(value or "").replace("\r\n", "\n").replace("\r", "\n"))
    if single_line:
        return " ".join(text.split())
    return text.strip()


def add_text(component, name, value, *, single_line=True, language="") -> None:
    """Add a TEXT property, escaped by the library whatever the property's name.

    The one way every text property reaches a calendar: icalendar escapes commas,
    semicolons, backslashes and newlines only for values it knows are TEXT, and an
    ``X-`` property such as ``X-WR-CALNAME`` would otherwise be written raw.
    ``language`` becomes the property's ``LANGUAGE`` parameter (RFC 5545, 3.2.10).
    """
    text = _clean_text(value, single_line=single_line)
    if text:
        parameters = {"LANGUAGE": language} if language else None
        component.add(name, icalendar.vText(text), parameters=parameters)


def event_uid(event, domain) -> str:
    """Stable across edits and slug changes: calendars update the entry, never duplicate it."""
    return f"event-{event.pk}@{domain.split(':')[0]}"


def _location(event) -> str:
    if event.format == EventFormat.ONLINE:
        return str(EventFormat.ONLINE.label)
    return ", ".join(part for part in [event.venue, event.city] if part)


def _description(event) -> str:
    """The description in the feed's language (else the other one), after the
    cancellation notice of a cancelled event."""
    description = markdown_to_text(event.localized_description)
    if event.is_cancelled and event.cancellation_notice:
        notice = _clean_text(event.localized_cancellation_notice, single_line=False)
        description = f"{notice}\n\n{description}".strip()
    return description


def build_calendar(events, *, request, name, method="") -> bytes:
    """The calendar of ``events``; ``method`` (``PUBLISH``) for a copy sent by email,
    which a calendar program then files over the one it holds (same UID, higher SEQUENCE).
    """
    domain = Site.objects.get_current().domain
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    calendar.add("calscale", "GREGORIAN")
    add_text(calendar, "name", name)
    add_text(calendar, "x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    years = []
    for event in events:
        item = icalendar.Event()
        add_text(item, "uid", event_uid(event, domain))
        item.add("dtstamp", stamp)
        # Raised by each change of time or place and by a cancellation (Event.save).
        item.add("sequence", event.sequence)
        item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
        item.add("dtstart", event.starts_local)
        item.add("dtend", event.ends_local)
        # In the language of the feed's address (/fr/ for French), each text saying
        # which language it is in, since one may fall back to the other.
        title = event.localized_title
        add_text(item, "summary", title, language=title.lang)
        add_text(
            item,
            "description",
            _description(event),
            single_line=False,
            language=event.localized_description.lang,
        )
        add_text(item, "location", _location(event))
        item.add("url", icalendar.vUri(absolute_url(event.get_absolute_url(), request)))
        item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(item)
        years.append(event.starts_at.year)
    if years:
        calendar.add_missing_timezones(
            first_date=datetime.date(min(years) - 1, 1, 1),
            last_date=datetime.date(max(years) + 2, 1, 1),
        )
    return calendar.to_ical()


def calendar_response(events, *, request, name, filename, private=False) -> HttpResponse:
    """A calendar file; ``private`` for what only some may read, kept by no cache.

    The personal feed is read by its secret address without a login, so the middleware
    that marks logged-in responses private cannot know: the calendar says so itself.
    """
    response = HttpResponse(
        build_calendar(events, request=request, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return response
