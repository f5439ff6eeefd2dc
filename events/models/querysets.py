"""Reads: which events and registrations a page, feed or count asks for."""

from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone

from events.models.choices import ACTIVE_REGISTRATION_STATUSES, ROSTER_ORDER, RegistrationStatus
from events.models.participants import Participant
from powg.visibility import VisibleQuerySet


class EventQuerySet(VisibleQuerySet):
    def upcoming(self, now=None):
        """Events not yet over, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Events that are over, most recent first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def upcoming_then_past(self, now=None):
        """Upcoming events soonest first, then past ones most recent first (one query)."""
        now = now or timezone.now()
        is_past = Case(When(ends_at__lt=now, then=Value(1)), default=Value(0))
        return self.annotate(is_past_rank=is_past).order_by(
            "is_past_rank",
            Case(When(ends_at__gte=now, then=F("starts_at"))).asc(),
            F("starts_at").desc(),
            "pk",
        )

    def in_year(self, year):
        return self.filter(starts_at__year=year)

    def of_type(self, event_type):
        return self.filter(event_type=event_type)

    def of_format(self, event_format):
        return self.filter(format=event_format)

    def in_theme(self, theme):
        return self.filter(themes=theme)

    def public(self):
        """What anyone may see listed: the public calendar, the sitemap."""
        return self.visible_to(None).listed()

    def with_counts(self):
        """Annotate ``registered_count`` and ``waitlisted_count`` (no query per event)."""
        return self.annotate(
            registered_count=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                distinct=True,
            ),
            waitlisted_count=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
                distinct=True,
            ),
        )

    def for_listing(self):
        """What a list item shows: series, themes and registration counts."""
        return self.select_related("series").prefetch_related("themes").with_counts()

    def for_detail(self):
        """What the event page shows, in a fixed number of queries."""
        return (
            self.with_counts()
            .select_related("series")
            .prefetch_related(
                "themes",
                "organizers",
                "partners",
                "questions",
                "agenda_items",
                models.Prefetch(
                    "participants", queryset=Participant.objects.select_related("member")
                ),
            )
        )

    def others_in_series(self, event):
        """The rest of the event's series, in date order (none when it has no series)."""
        if not event.series_id:
            return self.none()
        return self.filter(series_id=event.series_id).exclude(pk=event.pk).order_by("starts_at")

    def archive_years(self, now=None) -> list[int]:
        """The years that have past events, most recent first."""
        years = self.past(now).dates("starts_at", "year")
        return [day.year for day in years][::-1]


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_REGISTRATION_STATUSES)

    def registered(self):
        """Those holding a place (the count capacity is checked against)."""
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waitlisted(self):
        """The waiting list, first in line first."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("created_at", "pk")

    def for_roster(self):
        """The registration list: registered first, then the waiting list in its order,
        then those who attended, then the cancelled; each by when they registered."""
        rank = models.Case(
            *(
                models.When(status=status, then=models.Value(index))
                for index, status in enumerate(ROSTER_ORDER)
            ),
            default=models.Value(len(ROSTER_ORDER)),
        )
        return self.select_related("user", "user__member", "user__member__organization").order_by(
            rank, "created_at", "pk"
        )

    def upcoming_of(self, user):
        """The user's active registrations for upcoming events they may still see."""
        events = self.model._meta.get_field("event").related_model.objects
        return (
            self.active()
            .filter(user=user, event__in=events.visible_to(user).upcoming())
            .select_related("event")
            .order_by("event__starts_at", "pk")
        )

    def attended_by(self, user, *, viewer):
        """The registrations ``user`` was marked as attending, for events ``viewer`` may
        see, with their events, most recent first."""
        events = self.model._meta.get_field("event").related_model.objects
        return (
            self.filter(user=user, status=RegistrationStatus.ATTENDED)
            .filter(event__in=events.visible_to(viewer))
            .select_related("event")
            .order_by("-event__starts_at", "pk")
        )


def count_by_status(registrations) -> list[tuple[str, int]]:
    """(label, how many) for each status, in the choices' order, from fetched rows."""
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    for registration in registrations:
        counts[registration.status] += 1
    return [(RegistrationStatus(status).label, n) for status, n in counts.items()]
