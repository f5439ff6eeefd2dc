"""The events' choices: statuses, types, formats, registration and participant roles."""

import functools
import zoneinfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from powg.visibility import Status


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


class ParticipantRole(models.TextChoices):
    """In the order the event page lists them: the chair and moderator first."""

    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    PANELIST = "panelist", _("Panelist")
    SPEAKER = "speaker", _("Speaker")
    PARTICIPANT = "participant", _("Participant")


class ParticipantAttribution(models.TextChoices):
    """What a participant agreed to have shown on the public page."""

    NAMED = "named", _("Named with affiliation")
    AFFILIATION = "affiliation", _("Affiliation only")
    UNLISTED = "unlisted", _("Not listed publicly")


@functools.cache
def time_zone_choices():
    """The IANA zones this machine knows. A callable, so migrations keep a reference,
    not a list that differs from one machine's time-zone data to the next. Read once
    per process: listing the zone files takes about a second."""
    return [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]
