from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from events.models import Event
from powg.roles import is_member

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("events/includes/home_upcoming.html", takes_context=True)
def upcoming_events(context, limit=5):
    """Upcoming events the viewer may see, soonest first."""
    events = (
        Event.objects.visible_to(_user(context))
        .listed()
        .upcoming()
        .select_related("series")[:limit]
    )
    return {"events": list(events), "request": context.get("request")}


@register.inclusion_tag("events/includes/theme_events.html", takes_context=True)
def theme_events(context, theme, limit=5):
    """Events on a thematic area the viewer may see, upcoming ones first."""
    events = Event.objects.visible_to(_user(context)).listed().in_theme(theme).upcoming_then_past()
    return {
        "events": list(events[:limit]),
        "theme": theme,
        "request": context.get("request"),
    }


# The page language's own formats (powg/formats): 15 March 2025, 1:48 p.m. in English,
# 15 mars 2025, 13 h 48 in French.
def _time(value):
    return formats.time_format(value)


def _date(value):
    return formats.date_format(value)


@register.simple_tag
def event_datetime(value, event):
    """A moment (registration opening, closing) in the event's time zone, zone named."""
    local = value.astimezone(event.zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


@register.simple_tag
def event_when(event):
    """Date and time in the event's own time zone, with the zone named."""
    start, end = event.starts_local, event.ends_local
    zone = f"{start.tzname()}, {event.time_zone.replace('_', ' ')}"
    if start.date() == end.date():
        text = _("%(date)s, %(start)s–%(end)s (%(zone)s)") % {
            "date": _date(start),
            "start": _time(start),
            "end": _time(end),
            "zone": zone,
        }
    else:
        text = _("%(start_date)s, %(start)s to %(end_date)s, %(end)s (%(zone)s)") % {
            "start_date": _date(start),
            "start": _time(start),
            "end_date": _date(end),
            "end": _time(end),
            "zone": zone,
        }
    return format_html('<time datetime="{}">{}</time>', start.isoformat(), text)


@register.simple_tag
def event_date(event):
    """Just the date, in the event's own time zone."""
    start = event.starts_local
    return format_html('<time datetime="{}">{}</time>', start.date().isoformat(), _date(start))


@register.filter
def may_register(user):
    return is_member(user)
