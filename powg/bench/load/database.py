"""The load database: created and filled once, then reused while its mark says it is whole.

The mark is the database's own comment, written only after a complete fill: a fill cut
short leaves no mark, and the next run starts that database again from nothing. The
working database is never touched (its name is refused).
"""

import random
from contextlib import closing
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import psycopg2

MARK = "powg load database: {documents} documents, {events} events, {members} members"


def database_url(base_url, name):
    """``base_url`` (any server: host, port or unix socket) pointed at database ``name``."""
    return urlunsplit(urlsplit(base_url)._replace(path="/" + quote(name)))


def database_name(url):
    return unquote(urlsplit(url).path.lstrip("/"))


def _server(base_url):
    # The maintenance database, so the load database itself can be dropped and created.
    connection = psycopg2.connect(database_url(base_url, "postgres"))
    connection.autocommit = True
    return closing(connection)


def mark(sizes):
    return MARK.format(**sizes)


def is_filled(base_url, name, sizes) -> bool:
    with _server(base_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        )
        row = cursor.fetchone()
    return row is not None and row[0] == mark(sizes)


def recreate(base_url, name, log):
    if name == database_name(base_url) or not name.replace("_", "").isalnum():
        raise SystemExit(f"Refusing to use {name!r}: pick another load database name.")
    with _server(base_url) as connection, connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    log(f"Created the load database {name}.")


def fill(sizes, log):
    """Fill the (empty, migrated) database Django is connected to, then mark it whole."""
    from django.db import connection

    from powg.bench import events, library, members

    library.fill(sizes["documents"], 1_500, log)
    users = members.fill(sizes["members"], log)
    events.fill(sizes["events"], users, log)
    log("  compacting and analyzing (VACUUM FULL ANALYZE)...")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM FULL ANALYZE documents_document")
        cursor.execute("VACUUM ANALYZE")
        name = connection.settings_dict["NAME"]
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [mark(sizes)])


def prepare(*, sessions, hot_capacity, rng=None):
    """What the simulated users visit, and logged-in sessions for the members among them.

    Sessions are made by Django's own login (the test client's ``force_login``), so they
    hold what any login puts there. The events members register for are upcoming, open
    and public; the first gets a small capacity so that a waiting list forms, and the
    members' earlier registrations for them are removed so that every run starts alike.
    """
    from django.test import Client
    from django.utils import timezone

    from documents.models import Document, ThematicArea
    from events.models import Event, Registration, RegistrationState
    from members.models import Member

    rng = rng or random.Random(50)
    documents = list(
        Document.objects.visible_to(None).published().order_by("pk").values_list("slug", flat=True)
    )
    events = list(
        Event.objects.visible_to(None)
        .filter(status="published")
        .order_by("pk")
        .values_list("slug", flat=True)
    )
    upcoming = Event.objects.visible_to(None).filter(
        status="published", by_invitation=False, starts_at__gt=timezone.now()
    )
    open_events = [
        e
        for e in upcoming.order_by("starts_at")[:50]
        if e.registration_window_state() == RegistrationState.OPEN
    ][:3]
    if not open_events:
        raise SystemExit("No upcoming public event is open for registration in the load database.")
    hot = open_events[0]
    hot.capacity = hot_capacity
    hot.save(update_fields=["capacity"])
    profiles = (
        Member.objects.filter(status="active", user__is_active=True)
        .select_related("user")
        .order_by("pk")[:sessions]
    )
    users = [profile.user for profile in profiles]
    Registration.objects.filter(event__in=open_events, user__in=users).delete()
    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    themes = list(ThematicArea.objects.order_by("display_order").values_list("slug", flat=True))
    return {
        "documents": rng.sample(documents, min(400, len(documents))),
        "events": rng.sample(events, min(300, len(events))),
        "register": [e.slug for e in open_events],
        "themes": themes,
        "sessions": cookies,
    }
