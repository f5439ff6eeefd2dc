from django import template

register = template.Library()


@register.inclusion_tag("events/includes/home_upcoming.html", takes_context=True)
def upcoming_events(context, limit=5):
    """Upcoming events the viewer may see (filled in by the events app)."""
    return {"events": [], "request": context.get("request")}


@register.inclusion_tag("events/includes/theme_events.html", takes_context=True)
def theme_events(context, theme, limit=5):
    """Events on a thematic area, for its theme page (filled in by the events app)."""
    return {"events": [], "theme": theme, "request": context.get("request")}
