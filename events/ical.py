"""iCalendar output (RFC 5545) for one event, the public feed and personal feeds."""

import datetime
import re
from html.parser import HTMLParser

import icalendar
from django.contrib.sites.models import Site
from django.http import HttpResponse
from django.utils import timezone

from events.models import EventFormat, EventStatus
from powg.links import absolute_url
from powg.markdown import render_markdown

PRODID = "-//Peace Operations Working Group//Events//EN"

# RFC 5545 TEXT allows no control characters but tab (newlines are escaped as \n).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLOCKS = {
    "blockquote",
    "div",
    "dl",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
}
_LINES = {"dd", "dt", "li", "tr"}


class _PlainText(HTMLParser):
    """Sanitized HTML to plain text: blocks become paragraphs, links their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []  # (href, index of the link's first part)
        self.lists = []  # per open list: the next number, or None when unordered
        self.in_pre = 0
        self.bullet_at = None

    def _break(self, newlines):
        if not self.parts or self.bullet_at == len(self.parts) - 1:
            return  # nothing yet, or a paragraph inside a list item: on the item's line
        if self.parts[-1].strip("\n"):
            self.parts.append("\n" * newlines)
        else:
            self.parts[-1] = "\n" * max(newlines, len(self.parts[-1]))

    def handle_starttag(self, tag, attrs):
        if tag in {"ol", "ul"} and self.lists:
            self._break(1)  # a nested list
            self.lists.append(1 if tag == "ol" else None)
        elif tag in _BLOCKS:
            self._break(2)
            self.in_pre += tag == "pre"
            if tag in {"ol", "ul"}:
                self.lists.append(1 if tag == "ol" else None)
        elif tag in _LINES:
            self._break(1)
            if tag == "li":
                number = self.lists[-1] if self.lists else None
                if number is None:
                    self.parts.append("- ")
                else:
                    self.parts.append(f"{number}. ")
                    self.lists[-1] = number + 1
                self.bullet_at = len(self.parts) - 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in {"td", "th"} and self.parts and not self.parts[-1][-1:].isspace():
            self.parts.append("  ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in {"ol", "ul"} and len(self.lists) > 1:
            self._break(1)
            self.lists.pop()
        elif tag in _BLOCKS:
            self._break(2)
            self.in_pre -= tag == "pre" and self.in_pre > 0
            if tag in {"ol", "ul"} and self.lists:
                self.lists.pop()
        elif tag in _LINES:
            self._break(1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            if href.startswith("#fnref"):
                del self.parts[start:]  # the footnote's way back up the page
            elif href.startswith("#fn"):
                self.parts[start:] = [f"[{text}]"]
            # Only web addresses are worth reading out; javascript:, mailto: and
            # in-page anchors are dropped (the sanitizer has removed the unsafe ones).
            elif href.lower().startswith(("http://", "https://")) and href != text:
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        if self.in_pre:
            self.parts.append(data)
            return
        data = re.sub(r"\s+", " ", data)
        after_space = not self.parts or self.parts[-1][-1:].isspace()
        if after_space:
            data = data.lstrip()
        if data:
            self.parts.append(data)

    def text(self) -> str:
        text = "".join(self.parts)
        text = re.sub(r"[ \t\xa0]+\n", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def markdown_to_text(source: str) -> str:
    """Markdown as a calendar reads it: plain text, with the web address of each link.

    Rendered and sanitized by the site's one Markdown function first, so what a
    calendar shows is never more than what the page shows.
    """
    parser = _PlainText()
    parser.feed(str(render_markdown(source or "")))
    parser.close()
    return parser.text()


def _clean_text(value, *, single_line) -> str:
    text = _CONTROL.sub("", str(value or "").replace("\r\n", "\n").replace("\r", "\n"))
    if single_line:
        return " ".join(text.split())
    return text.strip()


def add_text(component, name, value, *, single_line=True) -> None:
    """Add a TEXT property, escaped by the library whatever the property's name.

    The one way every text property reaches a calendar: icalendar escapes commas,
    semicolons, backslashes and newlines only for values it knows are TEXT, and an
    ``X-`` property such as ``X-WR-CALNAME`` would otherwise be written raw.
    """
    text = _clean_text(value, single_line=single_line)
    if text:
        component.add(name, icalendar.vText(text))


def event_uid(event, domain) -> str:
    """Stable across edits and slug changes: calendars update the entry, never duplicate it."""
    return f"event-{event.pk}@{domain.split(':')[0]}"


def _location(event) -> str:
    if event.format == EventFormat.ONLINE:
        return str(EventFormat.ONLINE.label)
    return ", ".join(part for part in [event.venue, event.city] if part)


def _description(event) -> str:
    description = markdown_to_text(event.description)
    if event.is_cancelled and event.cancellation_notice:
        notice = _clean_text(event.cancellation_notice, single_line=False)
        description = f"{notice}\n\n{description}".strip()
    return description


def build_calendar(events, *, request, name) -> bytes:
    domain = Site.objects.get_current().domain
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    add_text(calendar, "name", name)
    add_text(calendar, "x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    years = []
    for event in events:
        item = icalendar.Event()
        add_text(item, "uid", event_uid(event, domain))
        item.add("dtstamp", stamp)
        item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
        item.add("dtstart", event.starts_local)
        item.add("dtend", event.ends_local)
        add_text(item, "summary", event.title)
        add_text(item, "description", _description(event), single_line=False)
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
