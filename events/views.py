from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from events.models import Event


@require_safe
def event_list(request):
    """Upcoming and past events."""
    events = Event.objects.visible_to(request.user).listed().order_by("starts_at")
    return render(request, "events/event_list.html", {"events": events})


@require_safe
def event_detail(request, slug):
    """One event."""
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})
