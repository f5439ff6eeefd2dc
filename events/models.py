"""Events: roundtables, forums, webinars, conferences, workshops, the annual meeting."""

import secrets
import zoneinfo
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from powg.markdown import render_markdown
from powg.roles import is_steering
from powg.slugs import KeepsOldSlugs, OldSlug
from powg.visibility import Status, Visibility, VisibilityModel, VisibleQuerySet


class EventStatus(models.TextChoices):
    """The shared statuses, and "cancelled": an event called off keeps its page."""

    DRAFT = Status.DRAFT.value, Status.DRAFT.label
    PUBLISHED = Status.PUBLISHED.value, Status.PUBLISHED.label
    CANCELLED = "cancelled", _("Cancelled")
    ARCHIVED = Status.ARCHIVED.value, Status.ARCHIVED.label


class EventType(models.TextChoices):
    ROUNDTABLE = "roundtable", _("Expert roundtable")
    PUBLIC_FORUM = "forum", _("Public forum")
    WEBINAR = "webinar", _("Webinar")
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    ANNUAL_MEETING = "annual_meeting", _("Annual meeting")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class RegistrationState(models.TextChoices):
    """What a visitor can do about registering, as shown on lists and the event page."""

    OPEN = "open", _("Registration open")
    FULL = "full", _("Full: waiting list open")
    NOT_YET = "not_yet", _("Registration not yet open")
    CLOSED = "closed", _("Registration closed")
    INVITATION = "invitation", _("By invitation")
    NONE = "none", _("No registration")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")


# Holding a place or a place in line: at most one such registration per member and event.
ACTIVE_REGISTRATION_STATUSES = [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
ROSTER_ORDER = [
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.CANCELLED,
]


class EventSeries(models.Model):
    """A series of events, e.g. the webinars of a virtual policy conference."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["-start_year", "title"]

    def __str__(self):
        return self.title

    @property
    def years(self) -> str:
        if self.start_year and self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or "")


def time_zone_choices():
    """The IANA zones this machine knows. A callable, so migrations keep a reference,
    not a list that differs from one machine's time-zone data to the next."""
    return [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]


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


class Event(KeepsOldSlugs, VisibilityModel):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    event_type = models.CharField(
        _("type"), max_length=20, choices=EventType.choices, default=EventType.ROUNDTABLE
    )
    format = models.CharField(
        _("format"), max_length=20, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Toronto",
        choices=time_zone_choices,
    )
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    online_url = models.URLField(
        _("online joining link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to registered attendees and the steering committee."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    themes = models.ManyToManyField(
        "documents.ThematicArea", related_name="events", blank=True, verbose_name=_("themes")
    )
    organizers = models.ManyToManyField(
        "members.Organization",
        related_name="organized_events",
        blank=True,
        verbose_name=_("organizers"),
    )
    partners = models.ManyToManyField(
        "members.Organization",
        related_name="partnered_events",
        blank=True,
        verbose_name=_("partner organizations"),
    )
    # The shared field with one more choice; visibility comes from VisibilityModel as is.
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    cancellation_notice = models.TextField(
        _("cancellation notice"),
        blank=True,
        help_text=_("Shown at the top of the page when the event is cancelled."),
    )
    chatham_house_rule = models.BooleanField(
        _("Chatham House Rule"),
        default=False,
        help_text=_(
            "Remarks are not attributed: only the moderator and rapporteur are named publicly."
        ),
    )
    by_invitation = models.BooleanField(
        _("by invitation only"),
        default=False,
        help_text=_("Members cannot register themselves; the organizers invite participants."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event starts."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # KeepsOldSlugs records a changed slug, whose address then redirects permanently.
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes < opens:
            errors["registration_closes_at"] = _("Registration cannot close before it opens.")
        if self.status == EventStatus.CANCELLED and not self.cancellation_notice.strip():
            errors["cancellation_notice"] = _(
                "Say in a sentence why the event is cancelled (and what happens next)."
            )
        if errors:
            raise ValidationError(errors)

    @cached_property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def starts_local(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def ends_local(self):
        return self.ends_at.astimezone(self.zone)

    @cached_property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    # The labels straight from the choices: get_FOO_display() rebuilds a dict per call.
    @property
    def type_label(self):
        return EventType(self.event_type).label if self.event_type in EventType else ""

    @property
    def format_label(self):
        return EventFormat(self.format).label if self.format in EventFormat else ""

    @property
    def access_label(self):
        """Who may attend: public, members, or by invitation."""
        if self.by_invitation:
            return _("By invitation")
        if self.visibility == Visibility.PUBLIC:
            return _("Public")
        if self.visibility == Visibility.MEMBERS:
            return _("Members only")
        return _("Steering committee only")

    def count_registered(self) -> int:
        """Registered attendees (the annotation when present, else one query)."""
        value = getattr(self, "registered_count", None)
        if value is None:
            value = self.registrations.registered().count()
        return value

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.count_registered(), 0)

    def registration_window_state(self, now=None):
        """Whether registration is open now, ignoring capacity."""
        now = now or timezone.now()
        if self.status != EventStatus.PUBLISHED or self.ends_at < now:
            return RegistrationState.NONE
        if self.by_invitation:
            return RegistrationState.INVITATION
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationState.NOT_YET
        closes = self.registration_closes_at or self.starts_at
        if now >= closes:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    def registration_state(self, now=None):
        state = self.registration_window_state(now)
        if state == RegistrationState.OPEN and self.places_left == 0:
            return RegistrationState.FULL
        return state

    @property
    def registration_state_label(self):
        return RegistrationState(self.registration_state()).label

    @property
    def shows_affiliations(self) -> bool:
        """The Chatham House Rule: no participant's affiliation on any page, feed or export."""
        return not self.chatham_house_rule

    def registration_of(self, user):
        """The user's latest registration that is not cancelled, if any."""
        if not getattr(user, "is_authenticated", False):
            return None
        return (
            self.registrations.exclude(status=RegistrationStatus.CANCELLED)
            .filter(user=user)
            .order_by("-created_at", "-pk")
            .first()
        )

    def joining_link_for(self, user, *, registration) -> str:
        """The online joining link, for the steering committee and those holding a place.

        ``registration`` is the user's (``registration_of``), passed in so the page
        asks once; a place on the waiting list does not show the link.
        """
        if not self.online_url:
            return ""
        if is_steering(user):
            return self.online_url
        if registration is not None and registration.status != RegistrationStatus.WAITLISTED:
            return self.online_url
        return ""

    def shown_participants(self, *, full_list=False) -> list["ShownParticipant"]:
        """The participants by role (chair and moderator first), as the viewer may see them.

        The public list follows what each person agreed to and the Chatham House Rule;
        the full list (the steering committee's) names everyone and their attribution,
        but under the Rule it shows no affiliation either. Uses the prefetched
        participants when there are some.
        """
        rank = {role: index for index, role in enumerate(Participant.Role.values)}
        people = sorted(
            self.participants.all(), key=lambda p: (rank.get(p.role, 99), p.order, p.pk)
        )
        shown = []
        for person in people:
            role = Participant.Role(person.role).label if person.role in Participant.Role else ""
            affiliation = person.affiliation if self.shows_affiliations else ""
            if full_list:
                shown.append(ShownParticipant(person, role, person.name, affiliation))
                continue
            attribution = person.public_attribution(self.chatham_house_rule)
            if attribution == Participant.Attribution.UNLISTED:
                continue
            name = person.name if attribution == Participant.Attribution.NAMED else ""
            shown.append(ShownParticipant(person, role, name, affiliation))
        return shown


class EventSlug(OldSlug):
    """A former slug of an event: its old address redirects permanently to the new one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta(OldSlug.Meta):
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")


class EventQuestion(models.Model):
    """A question the event sets out to address, in order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))

    class Meta:
        verbose_name = _("question to address")
        verbose_name_plural = _("questions to address")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


class AgendaItem(models.Model):
    """A line of the agenda; times are local to the event's time zone."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "starts_at", "pk"]

    def __str__(self):
        return self.title


class Participant(models.Model):
    """Someone taking part in an event, shown publicly only as they agreed."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MODERATOR = "moderator", _("Moderator")
        RAPPORTEUR = "rapporteur", _("Rapporteur")
        PANELIST = "panelist", _("Panelist")
        SPEAKER = "speaker", _("Speaker")
        PARTICIPANT = "participant", _("Participant")

    class Attribution(models.TextChoices):
        NAMED = "named", _("Named with affiliation")
        AFFILIATION = "affiliation", _("Affiliation only")
        UNLISTED = "unlisted", _("Not listed publicly")

    # Roles that are named even under the Chatham House Rule (if they agreed to be).
    NAMED_UNDER_CHATHAM_HOUSE = {Role.MODERATOR, Role.RAPPORTEUR}

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=250, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PANELIST)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("member"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    attribution = models.CharField(
        _("attribution"),
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.NAMED,
        help_text=_("What the participant agreed to have shown on the public page."),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def public_attribution(self, chatham_house_rule: bool) -> str:
        """How the public page shows this person: never more than they agreed to.

        Under the Chatham House Rule only the moderator and rapporteur may be named, and
        nobody's affiliation is shown, whatever they agreed to.
        """
        if self.attribution == self.Attribution.UNLISTED:
            return self.Attribution.UNLISTED
        if chatham_house_rule:
            named = (
                self.attribution == self.Attribution.NAMED
                and self.role in self.NAMED_UNDER_CHATHAM_HOUSE
            )
            return self.Attribution.NAMED if named else self.Attribution.UNLISTED
        return self.attribution


class ShownParticipant(NamedTuple):
    """A participant as one viewer may see them: empty strings for what is withheld."""

    participant: Participant
    role_label: str
    name: str
    affiliation: str


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


def count_by_status(registrations) -> list[tuple[str, int]]:
    """(label, how many) for each status, in the choices' order, from fetched rows."""
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    for registration in registrations:
        counts[registration.status] += 1
    return [(RegistrationStatus(status).label, n) for status, n in counts.items()]


class Registration(models.Model):
    """A member's place (or place in line) at an event."""

    Status = RegistrationStatus
    ACTIVE_STATUSES = ACTIVE_REGISTRATION_STATUSES

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("user"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=ACTIVE_REGISTRATION_STATUSES),
                name="one_active_registration_per_user_and_event",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} – {self.event} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_registered(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_attended(self) -> bool:
        return self.status == RegistrationStatus.ATTENDED


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a member's personal calendar feed address (members-only events too)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("events:personal-feed", kwargs={"token": self.token})
