"""Events in the benchmark: 3,000 events over 25 years, with participants and registrations."""

import random
import time
from datetime import UTC, datetime, timedelta

from powg.bench.timing import Page

TYPES = ["roundtable", "forum", "webinar", "conference", "workshop", "annual_meeting"]
FORMATS = ["in_person", "online", "hybrid"]
ROLES = ["chair", "moderator", "rapporteur", "panelist", "speaker", "participant"]
ATTRIBUTIONS = ["named", "named", "affiliation", "unlisted"]


def fill(count, users, log, rng=None, now=None):
    """``count`` events (a tenth upcoming), ~6 participants each, registrations by ``users``."""
    from django.utils import timezone

    from documents.models import ThematicArea
    from events.models import Event, Participant, Registration
    from members.models import Organization

    rng = rng or random.Random(3_000)
    start = time.perf_counter()
    now = now or timezone.now()
    first = datetime(2002, 1, 1, 14, tzinfo=UTC)
    past_span = (now - first).days
    theme_ids = list(ThematicArea.objects.values_list("pk", flat=True))
    org_ids = list(Organization.objects.values_list("pk", flat=True))
    rows = []
    for n in range(count):
        upcoming = rng.random() < 0.1
        days = rng.randrange(1, 400) if upcoming else -rng.randrange(1, past_span)
        starts = (now + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
        rows.append(
            Event(
                title=f"{rng.choice(['Roundtable', 'Forum', 'Webinar'])} on peace operations {n}",
                slug=f"bench-event-{n}",
                event_type=rng.choice(TYPES),
                format=rng.choice(FORMATS),
                starts_at=starts,
                ends_at=starts + timedelta(hours=rng.choice([2, 3, 8])),
                venue="Bench hall",
                city=rng.choice(["Ottawa", "Montréal", "Toronto"]),
                description="An exchange on mandates, protection and partnerships. " * 8,
                visibility=rng.choices(["public", "members", "steering"], [80, 15, 5])[0],
                status=rng.choices(["published", "cancelled", "archived", "draft"], [85, 5, 5, 5])[
                    0
                ],
                cancellation_notice="Postponed." if n % 20 == 0 else "",
                chatham_house_rule=rng.random() < 0.3,
                capacity=rng.choice([None, 30, 60, 120]),
            )
        )
    events = Event.objects.bulk_create(rows, batch_size=1000)
    Event.themes.through.objects.bulk_create(
        Event.themes.through(event_id=e.pk, thematicarea_id=t)
        for e in events
        for t in rng.sample(theme_ids, rng.randint(1, 2))
    )
    Event.organizers.through.objects.bulk_create(
        Event.organizers.through(event_id=e.pk, organization_id=o)
        for e in events
        for o in rng.sample(org_ids, 1)
    )
    Participant.objects.bulk_create(
        (
            Participant(
                event_id=e.pk,
                name=f"Participant {e.pk}-{i}",
                affiliation=f"Bench organization {rng.randrange(40)}",
                role=ROLES[i] if i < len(ROLES) else "participant",
                order=i,
                attribution=rng.choice(ATTRIBUTIONS),
            )
            for e in events
            for i in range(rng.randint(3, 9))
        ),
        batch_size=5000,
    )
    user_ids = [u.pk for u in users]
    registrations = (
        Registration(
            event_id=e.pk,
            user_id=u,
            status=rng.choices(["registered", "waitlisted", "cancelled", "attended"], [6, 1, 1, 2])[
                0
            ],
            created_at=e.starts_at - timedelta(days=rng.randrange(1, 60)),
        )
        for e in events
        for u in (rng.sample(user_ids, min(len(user_ids), rng.randint(0, 30))) if user_ids else [])
    )
    Registration.objects.bulk_create(registrations, batch_size=5000)
    log(f"Filled {count} events in {time.perf_counter() - start:.1f} s.")


def pages() -> list[Page]:
    """The events list, an event page with many participants, a year's archive."""
    from django.db.models import Count
    from django.utils import timezone

    from events.models import Event

    public = Event.objects.filter(visibility="public", status="published")
    if not public.exists():
        return []
    event = (
        public.filter(ends_at__lt=timezone.now())
        .annotate(n=Count("participants"))
        .order_by("-n", "-starts_at")
        .first()
    )
    last_year = timezone.now().year - 1
    return [
        Page("events list", "/events/", group="events"),
        Page("event page", event.get_absolute_url(), group="events"),
        Page(f"archive {last_year}", f"/events/archive/{last_year}/", group="events"),
    ]
