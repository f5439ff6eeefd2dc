"""iCalendar output (RFC 5545) for one event, the public feed and personal feeds."""

import datetime

import icalendar
from django.contrib.sites.models import Site
from django.http import HttpResponse
from django.utils import timezone

from events.models import EventFormat, EventStatus

PRODID = "-//Peace Operations Working Group//Events//EN"


def event_uid(event, domain) -> str:
    """Stable across edits and slug changes: calendars update the entry, never duplicate it."""
    return f"event-{event.pk}@{domain.split(':')[0]}"


def _location(event) -> str:
    if event.format == EventFormat.ONLINE:
        return str(EventFormat.ONLINE.label)
    return ", ".join(part for part in [event.venue, event.city] if part)


def build_calendar(events, *, request, name) -> bytes:
    domain = Site.objects.get_current().domain
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    years = []
    for event in events:
        item = icalendar.Event()
        item.add("uid", event_uid(event, domain))
        item.add("dtstamp", stamp)
        item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
        item.add("dtstart", event.starts_local)
        item.add("dtend", event.ends_local)
        item.add("summary", event.title)
        # The Markdown source reads well as plain text, and costs nothing to render.
        description = event.description.strip()
        if event.is_cancelled and event.cancellation_notice:
            description = f"{event.cancellation_notice}\n\n{description}".strip()
        if description:
            item.add("description", description)
        location = _location(event)
        if location:
            item.add("location", location)
        item.add("url", request.build_absolute_uri(event.get_absolute_url()))
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
    response = HttpResponse(
        build_calendar(events, request=request, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return response
