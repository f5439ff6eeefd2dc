"""The events a person attended, as the viewer may see them (profile, My events)."""

from django import template

from events.models import Registration

register = template.Library()


@register.inclusion_tag("events/includes/attended_events.html", takes_context=True)
def attended_events(context, person):
    """The events ``person`` (a user) attended that the page's viewer may see."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    registrations = Registration.objects.attended_by(person, viewer=viewer)
    return {"registrations": list(registrations), "request": request}
