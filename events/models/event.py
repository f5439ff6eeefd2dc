"""The event itself, and the addresses it used to have."""

import html
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models.choices import (
    EventFormat,
    EventStatus,
    EventType,
    RegistrationState,
    RegistrationStatus,
    time_zone_choices,
)
from events.models.participants import Participant, ShownParticipant
from events.models.querysets import EventQuerySet
from events.models.series import EventSeries
from powg.bilingual import LocalizedField
from powg.markdown import render_markdown
from powg.roles import is_steering
from powg.slugs import KeepsOldSlugs, OldSlug
from powg.visibility import Visibility, VisibilityModel

# What registered people are told about when it changes (with a new SEQUENCE).
NOTIFIED_FIELDS = ("starts_at", "ends_at", "time_zone", "venue", "city", "online_url", "format")


class Event(KeepsOldSlugs, VisibilityModel):
    title = models.CharField(_("title"), max_length=250)
    title_fr = models.CharField(
        _("title (French)"),
        max_length=250,
        blank=True,
        help_text=_("Empty: the French pages show the English title, marked as English."),
    )
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
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_(
            "One or two plain sentences for lists, calendars and search engines. "
            "Empty: the start of the description."
        ),
    )
    summary_fr = models.CharField(_("summary (French)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    description_fr = models.TextField(
        _("description (French)"), blank=True, help_text=_("Markdown.")
    )
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
    cancellation_notice_fr = models.TextField(_("cancellation notice (French)"), blank=True)
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
    # The iCalendar SEQUENCE: one more each time the time or place changes or the event
    # is called off (or back on), so calendars replace their copy and registered people
    # are told (events.reminders).
    sequence = models.PositiveIntegerField(
        _("revision of time and place"), default=0, editable=False
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

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
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        if self._count_revision(update_fields) and update_fields is not None:
            kwargs["update_fields"].add("sequence")
        super().save(*args, **kwargs)

    def _count_revision(self, update_fields) -> bool:
        """Raise ``sequence`` when what is saved changes the time, the place or whether
        the event takes place, compared with the stored row (every writer: the admin,
        the site's forms, services). Returns whether ``sequence`` is to be written."""
        if self._state.adding or self.pk is None:
            return False
        watched = [*NOTIFIED_FIELDS, "status"]
        if update_fields is not None:
            watched = [name for name in watched if name in update_fields]
            if not watched:
                return False
        stored = type(self).objects.filter(pk=self.pk).values(*watched, "sequence").first()
        if stored is None:
            return False
        changed = any(stored[name] != getattr(self, name) for name in watched if name != "status")
        if "status" in watched:
            was_cancelled = stored["status"] == EventStatus.CANCELLED
            changed = changed or was_cancelled != (self.status == EventStatus.CANCELLED)
        # Never behind the stored number, even from an instance read before another save.
        self.sequence = max(self.sequence, stored["sequence"]) + (1 if changed else 0)
        return True

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

    # Each in the request's language, else the other one, knowing which (powg.bilingual).
    localized_title = LocalizedField("title")
    localized_summary = LocalizedField("summary")
    localized_description = LocalizedField("description")
    localized_cancellation_notice = LocalizedField("cancellation_notice")

    @property
    def description_html(self):
        """The description in the request's language, rendered (kept per text)."""
        return render_markdown(self.localized_description)

    @property
    def short_summary(self):
        """The summary, else the description's first words as plain text, in the
        language ``localized_summary`` picked (lists, calendars, meta description)."""
        summary = self.localized_summary
        if summary:
            return summary
        description = self.localized_description
        text = " ".join(html.unescape(strip_tags(render_markdown(description))).split())
        if len(text) > 200:
            text = text[:200].rsplit(" ", 1)[0] + "…"
        return type(description)(text, lang=description.lang, wanted=description.wanted)

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
