"""Events: roundtables, forums, webinars, conferences, workshops, the annual meeting.

The models live in modules named for what they hold; every name is re-exported here,
so ``from events.models import X`` (and the migrations' references) keep working.
"""

from events.models.choices import (
    ACTIVE_REGISTRATION_STATUSES,
    ROSTER_ORDER,
    EventFormat,
    EventStatus,
    EventType,
    ParticipantAttribution,
    ParticipantRole,
    RegistrationState,
    RegistrationStatus,
    time_zone_choices,
)
from events.models.event import Event, EventSlug
from events.models.participants import Participant, ShownParticipant
from events.models.programme import AgendaItem, EventQuestion
from events.models.querysets import EventQuerySet, RegistrationQuerySet, count_by_status
from events.models.registrations import CalendarFeedToken, Registration, new_feed_token
from events.models.series import EventSeries

__all__ = [
    "ACTIVE_REGISTRATION_STATUSES",
    "ROSTER_ORDER",
    "AgendaItem",
    "CalendarFeedToken",
    "Event",
    "EventFormat",
    "EventQuerySet",
    "EventQuestion",
    "EventSeries",
    "EventSlug",
    "EventStatus",
    "EventType",
    "Participant",
    "ParticipantAttribution",
    "ParticipantRole",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationState",
    "RegistrationStatus",
    "ShownParticipant",
    "count_by_status",
    "new_feed_token",
    "time_zone_choices",
]
