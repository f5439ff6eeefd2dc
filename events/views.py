import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from documents.models import Document
from events import attendance, services
from events.forms import EventFilterForm
from events.ical import calendar_response
from events.models import (
    CalendarFeedToken,
    Event,
    Registration,
    RegistrationState,
    count_by_status,
)
from powg.csvexport import csv_response
from powg.links import absolute_url
from powg.params import page_number
from powg.permissions import logged_in, members_only, steering_only
from powg.roles import is_member, is_steering
from powg.slugs import find_by_slug

EVENTS_PER_PAGE = 20
FEED_SIZE = 200  # the most recent and upcoming; calendars keep what they already have
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _find(request, visible, slug):
    """``(event, None)`` at ``slug``, ``(None, redirect)`` from an old slug to the same
    sub-page at the new one, else 404."""
    # find_by_slug reads the redirect target with only("slug"), which select_related
    # refuses: it gets the queryset without the page's joins, after the one lookup here.
    event = visible.filter(slug=slug).first()
    if event is not None:
        return event, None
    _, moved = find_by_slug(request, visible.select_related(None).prefetch_related(None), slug)
    if moved is None:
        raise Http404
    return None, moved


def _page(request, events):
    """A page of events with what list items show; counted without the registration join."""
    paginator = Paginator(events.for_listing(), EVENTS_PER_PAGE)
    paginator.count = events.count()  # a cached_property: set, it is never recomputed
    return paginator.get_page(page_number(request))


def _archive_years(user):
    return Event.objects.visible_to(user).listed().archive_years()


@require_safe
def event_list(request):
    """Browse upcoming events, soonest first, filtered by type, theme and format."""
    form = EventFilterForm(request.GET or None)
    events = form.filter(Event.objects.visible_to(request.user).listed().upcoming())
    page = _page(request, events)
    context = {
        "form": form,
        "page_obj": page,
        "events": page.object_list,
        "archive_years": _archive_years(request.user),
    }
    return render(request, "events/event_list.html", context)


@require_safe
def event_archive(request, year):
    """Browse the events of a past year, most recent first."""
    form = EventFilterForm(request.GET or None)
    events = form.filter(Event.objects.visible_to(request.user).listed().past().in_year(year))
    years = _archive_years(request.user)
    if year not in years:
        raise Http404
    page = _page(request, events)
    context = {
        "form": form,
        "page_obj": page,
        "events": page.object_list,
        "archive_years": years,
        "year": year,
    }
    return render(request, "events/event_archive.html", context)


def _outcome_documents(user, event):
    """The event's outcome documents, each only as visible as its own settings say."""
    return list(
        Document.objects.visible_to(user)
        .filter(related_event=event)
        .only(
            "pk",
            "slug",
            "title",
            "language",
            "document_type",
            "publication_date",
            "status",
            "visibility",
        )
        .order_by("-publication_date", "pk")
    )


@require_safe
def event_detail(request, slug):
    """Read about an event and register for it, cancel, or add it to a calendar."""
    event, moved = _find(request, Event.objects.visible_to(request.user).for_detail(), slug)
    if moved is not None:
        return moved
    return render(request, "events/event_detail.html", event_page_context(request, event))


def event_page_context(request, event):
    """What the event page shows this viewer (the public page and its preview alike);
    ``event`` comes from ``for_detail()``."""
    user = request.user
    steering = is_steering(user)
    registration = event.registration_of(user)
    return {
        "event": event,
        "registration": registration,
        "state": event.registration_state(),
        "states": RegistrationState,
        "user_is_member_now": is_member(user),
        "steering": steering,
        "public_participants": event.shown_participants(),
        "all_participants": event.shown_participants(full_list=True) if steering else [],
        "series_events": list(Event.objects.visible_to(user).listed().others_in_series(event)),
        "outcome_documents": _outcome_documents(user, event),
        "joining_link": event.joining_link_for(user, registration=registration),
    }


@require_POST
def event_register(request, slug):
    """Register for an event, or join its waiting list when it is full."""
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    if not request.user.is_authenticated:
        # Back to the event page after logging in, not to this POST-only address.
        return redirect_to_login(event.get_absolute_url())
    try:
        registration = services.register(event=event, user=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return redirect(event)
    if registration.status == Registration.Status.WAITLISTED:
        messages.warning(
            request,
            _(
                "The event is full: you are on the waiting list. "
                "We will email you if a place opens up."
            ),
        )
    else:
        messages.success(request, _("You are registered for this event."))
    return redirect(event)


@require_POST
@logged_in
def event_cancel(request, slug):
    """Cancel one's registration (or place on the waiting list)."""
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    registration = Registration.objects.active().filter(event=event, user=request.user).first()
    if registration is None:
        messages.info(request, _("You have no registration to cancel for this event."))
    else:
        services.cancel_registration(registration=registration, by=request.user)
        messages.success(request, _("Your registration is cancelled."))
    next_url = request.POST.get("next")
    if next_url == "mine":
        return redirect("events:my-events")
    return redirect(event)


@require_safe
@logged_in
def my_events(request):
    """See the upcoming events one is registered or waitlisted for, and one's calendar feed."""
    user = request.user
    registrations = Registration.objects.upcoming_of(user)
    token = CalendarFeedToken.objects.filter(user=user).first() if is_member(user) else None
    context = {
        "registrations": registrations,
        "feed_token": token,
        "can_have_feed": is_member(user),
        "feed_url": absolute_url(token.get_absolute_url(), request) if token else "",
    }
    return render(request, "events/my_events.html", context)


@require_POST
@members_only
def feed_token_regenerate(request):
    """Create or replace one's personal calendar feed address."""
    services.regenerate_feed_token(user=request.user)
    messages.success(
        request, _("Your personal calendar address is ready. Any older address no longer works.")
    )
    return redirect("events:my-events")


@require_safe
def event_ics(request, slug):
    """Add one event to a calendar."""
    event, moved = _find(request, Event.objects.visible_to(request.user), slug)
    if moved is not None:
        return moved
    return calendar_response(
        [event],
        request=request,
        name=event.localized_title,
        filename=f"{event.slug}.ics",
        private=not event.is_public,
    )


@require_safe
def public_feed(request):
    """Subscribe to the group's public events."""
    events = Event.objects.public().order_by("-starts_at")[:FEED_SIZE]
    return calendar_response(
        events,
        request=request,
        name=_("Peace Operations Working Group: events"),
        filename="events.ics",
    )


@require_safe
def personal_feed(request, token):
    """Subscribe to every event one may see, members-only ones included (secret address)."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise Http404
    feed = get_object_or_404(CalendarFeedToken.objects.select_related("user"), token=token)
    if not is_member(feed.user):
        raise Http404
    events = Event.objects.visible_to(feed.user).listed().order_by("-starts_at")[:FEED_SIZE]
    return calendar_response(
        events,
        request=request,
        name=_("Peace Operations Working Group: my events"),
        filename="my-events.ics",
        private=True,
    )


@require_safe
@steering_only
def event_registrations(request, slug):
    """Steering committee: see who registered for an event."""
    event, moved = _find(request, Event.objects.visible_to(request.user), slug)
    if moved is not None:
        return moved
    registrations = list(event.registrations.for_roster())
    context = {
        "event": event,
        "registrations": registrations,
        "counts": count_by_status(registrations),
        "can_mark": attendance.can_mark_attendance(event),
        "markable": attendance.MARKABLE_STATUSES,
    }
    return render(request, "events/event_registrations.html", context)


def _ids(values) -> set[int]:
    """The registration ids a form sent; anything else is ignored."""
    return {int(value) for value in values if value.isdigit() and len(value) < 12}


@require_POST
@steering_only
def event_attendance(request, slug):
    """Steering committee: record who came, from the ticks on the registration list."""
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    try:
        attended, _changed = attendance.mark_attendance(
            event=event,
            shown=_ids(request.POST.getlist("shown")),
            present=_ids(request.POST.getlist("attended")),
            by=request.user,
        )
    except attendance.AttendanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "Attendance saved: %(count)d person attended.",
                "Attendance saved: %(count)d people attended.",
                attended,
            )
            % {"count": attended},
        )
    return redirect("events:event-registrations", slug=event.slug)


@require_safe
@steering_only
def sign_in_sheet(request, slug):
    """Steering committee: print a sign-in sheet, names in order, lines for walk-ins."""
    event, moved = _find(request, Event.objects.visible_to(request.user), slug)
    if moved is not None:
        return moved
    context = {
        "event": event,
        "registrations": attendance.sign_in_sheet_rows(event),
        "walk_in_lines": range(attendance.WALK_IN_LINES),
    }
    return render(request, "events/sign_in_sheet.html", context)


@require_safe
@steering_only
def event_registrations_csv(request, slug):
    """Steering committee: download the registration list as CSV."""
    event, moved = _find(request, Event.objects.visible_to(request.user), slug)
    if moved is not None:
        return moved
    # Under the Chatham House Rule the list names who came, never where they are from.
    with_organization = event.shows_affiliations
    header = [_("Name"), _("Email"), *([_("Organization")] if with_organization else [])]
    header += [_("Status"), _("Registered at"), _("Attended")]
    rows = []
    for registration in event.registrations.for_roster():
        row = [registration.user.name, registration.user.email]
        if with_organization:
            member = getattr(registration.user, "member", None)
            row.append(member.organization.name if member and member.organization else "")
        row += [
            registration.get_status_display(),
            timezone.localtime(registration.created_at, event.zone).strftime("%Y-%m-%d %H:%M %Z"),
            _("Yes") if registration.is_attended else _("No"),
        ]
        rows.append(row)
    return csv_response(f"registrations-{event.slug}.csv", header, rows)
