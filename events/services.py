"""Writes with side effects: registering, cancelling, promoting from the waiting list,
calling an event off.

Each function locks the event row (``select_for_update``) so concurrent registrations
never exceed capacity: the count and the insert happen one request at a time per event.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import CalendarFeedToken, Event, EventStatus, Registration, RegistrationState
from powg import jobs
from powg.roles import is_member, is_steering


class RegistrationError(Exception):
    """A registration that cannot be made; the message is for the member."""


class CancellationError(Exception):
    """An event that cannot be called off as asked; the message is for the organizer."""


def cancel_event(*, event, notice, by=None) -> Event:
    """Call an event off: its page, lists and calendars say so, with the notice on top.

    A cancelled event needs a notice saying why (and what happens next); the event
    keeps its page and its registrations. ``by``, when given, must be on the steering
    committee.
    """
    notice = (notice or "").strip()
    if not notice:
        raise CancellationError(
            _("Say in a sentence why the event is cancelled (and what happens next).")
        )
    if by is not None and not is_steering(by):
        raise CancellationError(_("Only the steering committee can cancel an event."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        event.status = EventStatus.CANCELLED
        event.cancellation_notice = notice
        event.save(update_fields=["status", "cancellation_notice"])
    return event


def register(*, event, user) -> Registration:
    """Register a member, or put them on the waiting list when the event is full.

    Registering twice returns the existing registration unchanged.
    """
    if not is_member(user):
        raise RegistrationError(_("Only members of the working group can register for events."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        existing = Registration.objects.active().filter(event=event, user=user).first()
        if existing is not None:
            return existing
        state = event.registration_window_state()
        if state == RegistrationState.NOT_YET:
            raise RegistrationError(_("Registration for this event has not opened yet."))
        if state == RegistrationState.INVITATION:
            raise RegistrationError(
                _("This event is by invitation only: the organizers invite participants.")
            )
        if state != RegistrationState.OPEN:
            raise RegistrationError(_("Registration for this event is closed."))
        registered = event.registrations.registered().count()
        full = event.capacity is not None and registered >= event.capacity
        status = Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED
        try:
            with transaction.atomic():
                return Registration.objects.create(event=event, user=user, status=status)
        except IntegrityError:
            # The constraint caught a double submission that slipped past the check.
            return Registration.objects.active().get(event=event, user=user)


def cancel_registration(*, registration, by) -> Registration | None:
    """Cancel a registration; a freed place goes to the first on the waiting list.

    Returns the promoted registration, if any; its member is emailed by a background
    job queued with the change (so only if it commits).
    """
    if by.pk != registration.user_id and not is_steering(by):
        raise RegistrationError(_("Only the member or the steering committee can cancel this."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            return None
        freed_place = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if not freed_place or event.ends_at < timezone.now():
            return None
        return _promote_from_waitlist(event=event)


def fill_places(*, event) -> list[Registration]:
    """After capacity grows, move members up from the waiting list into the free places."""
    promoted = []
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.ends_at < timezone.now():
            return promoted
        while (registration := _promote_from_waitlist(event=event)) is not None:
            promoted.append(registration)
    return promoted


def _promote_from_waitlist(*, event) -> Registration | None:
    """Move the earliest waitlisted member up while places are free (event row locked)."""
    if event.capacity is not None and event.registrations.registered().count() >= event.capacity:
        return None
    waiting = event.registrations.waitlisted().select_for_update().select_related("user").first()
    if waiting is None:
        return None
    waiting.status = Registration.Status.REGISTERED
    waiting.promoted_at = timezone.now()
    waiting.save(update_fields=["status", "promoted_at", "updated_at"])
    # The email is a job deferred in this transaction: it exists only if the promotion
    # is committed, and a worker sends it without holding up the request.
    jobs.defer("events.tasks.email_promotion", registration_id=waiting.pk)
    return waiting


def regenerate_feed_token(*, user) -> CalendarFeedToken:
    """A new secret for the member's personal feed; the old address stops working."""
    with transaction.atomic():
        token, created = CalendarFeedToken.objects.select_for_update().get_or_create(user=user)
        if not created:
            token.token = CalendarFeedToken._meta.get_field("token").default()
            token.save(update_fields=["token", "created_at"])
        return token
