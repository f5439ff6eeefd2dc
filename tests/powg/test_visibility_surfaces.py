"""Every listing surface, every role, every visibility and status: what must show, and not.

Like ``tests/documents/test_leak.py`` for the library, over the whole portal: events
list and archive, home, theme pages, the series box, both calendar feeds and each
event's ``.ics``, the sitemap, the library's lists, feeds and related-items boxes, the
members' directory (and its search), roster and organization pages.

Each item carries a unique marker word in its title (and so in its slug); ``SURFACES``
is the one table: a surface's address and, per kind of item, which items it shows to
which role. Every row runs for the four roles against every visibility. Where a listing
shows steering-only items, the steering committee's run of the same row is the control:
the marker is found there, so its absence elsewhere means hidden, not misspelt.

The rules, from ``powg/visibility.py``, ``events/models.py`` and ``members/models.py``:
the public reads public items, members also members-only ones, the steering committee
(and admins) everything; drafts are read only by the steering committee and listed
nowhere; archived items stay at their address and leave listings (the library lists
them when asked); cancelled events stay listed, marked. Feeds and the sitemap are
public whoever asks. The public sees no member; members see active members who opted
into the directory (or the roster, on the roster); admins read every profile.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from events.models import CalendarFeedToken
from tests import factories

pytestmark = pytest.mark.django_db

# How far each role reads, and how far each visibility needs.
ROLE_TIER = {"public": 0, "member": 1, "steering": 2, "admin": 2}
VISIBILITY_TIER = {"public": 0, "members": 1, "steering": 2}
VISIBILITIES = list(VISIBILITY_TIER)
EVENT_STATUSES = ["draft", "published", "archived", "cancelled"]
DOCUMENT_STATUSES = ["draft", "published", "archived"]
LISTED = {"published", "cancelled"}  # what listings show (documents are never cancelled)
MEMBER_STATES = ["directory", "roster", "unlisted", "lapsed"]

SEARCH_WORD = "civilian"  # in every document's body (the factory's), no marker's part
ORGANIZATION_NAME = "Institute of Peace Support Studies"


@dataclass
class Item:
    kind: str  # "event", "document" or "member"
    marker: str
    obj: object
    visibility: str = "public"
    status: str = "published"
    when: str = ""  # events: "upcoming" or "past"
    state: str = ""  # members: one of MEMBER_STATES


@dataclass
class World:
    role: str
    user: object
    theme: object
    organization: object
    past_year: int
    items: list = field(default_factory=list)
    anchor_event: object = None
    anchor_document: object = None
    feed_token: str = ""

    def of_kind(self, kind):
        return [item for item in self.items if item.kind == kind]


# --- who may see what (the rules, once) ------------------------------------------------------


def may_read(item, role):
    """What ``visible_to`` lets through: the item's own page, .ics and citation."""
    if VISIBILITY_TIER[item.visibility] > ROLE_TIER[role]:
        return False
    return item.status != "draft" or ROLE_TIER[role] == 2


def listed(item, role):
    return may_read(item, role) and item.status in LISTED


def listed_with_archived(item, role):
    return may_read(item, role) and item.status in LISTED | {"archived"}


def public_listed(item, role):
    """Feeds and the sitemap: what the public would see listed, whoever asks."""
    return listed(item, "public")


def upcoming(rule):
    return lambda item, role: item.when == "upcoming" and rule(item, role)


def past(rule):
    return lambda item, role: item.when == "past" and rule(item, role)


def in_directory(item, role):
    return role != "public" and item.state == "directory"


def on_roster(item, role):
    return role != "public" and item.state == "roster"


def profile_status(item, role):
    if role == "public":
        return 302  # to the login page
    if role == "admin" or item.state in {"directory", "roster"}:
        return 200
    return 404


def readable_status(item, role):
    return 200 if may_read(item, role) else 404


# --- the table -------------------------------------------------------------------------------


@dataclass
class Surface:
    name: str
    url: object  # world -> address
    shows: dict  # kind -> rule(item, role): must the item appear?
    status: object = lambda role: 200

    @property
    def kinds(self):
        return set(self.shows)

    def __str__(self):
        return self.name


def members_only_page(role):
    return 302 if role == "public" else 200


def personal_feed_status(role):
    return 404 if role == "public" else 200  # the public's "token" belongs to a non-member


SURFACES = [
    Surface("home", lambda w: "/", {"event": upcoming(listed), "document": listed}),
    Surface("home-fr", lambda w: "/fr/", {"event": upcoming(listed), "document": listed}),
    Surface("events-list", lambda w: "/events/", {"event": upcoming(listed)}),
    Surface("events-list-fr", lambda w: "/fr/events/", {"event": upcoming(listed)}),
    Surface(
        "events-list-by-theme",
        lambda w: f"/events/?theme={w.theme.slug}",
        {"event": upcoming(listed)},
    ),
    Surface("events-archive", lambda w: f"/events/archive/{w.past_year}/", {"event": past(listed)}),
    Surface(
        "theme-page",
        lambda w: w.theme.get_absolute_url(),
        {"event": listed, "document": listed, "member": in_directory},
    ),
    Surface(
        "theme-page-fr",
        lambda w: f"/fr/themes/{w.theme.slug}/",
        {"event": listed, "document": listed, "member": in_directory},
    ),
    Surface(
        # No series page: an event's page lists the other events of its series, and the
        # event's outcome documents (each as visible as its own settings say).
        "event-page-series-and-outcomes",
        lambda w: w.anchor_event.get_absolute_url(),
        {"event": listed, "document": may_read},
    ),
    Surface("public-calendar-feed", lambda w: "/events/feed.ics", {"event": public_listed}),
    Surface(
        "personal-calendar-feed",
        lambda w: f"/events/feed/{w.feed_token}.ics",
        {"event": listed},
        status=personal_feed_status,
    ),
    Surface(
        "sitemap", lambda w: "/sitemap.xml", {"event": public_listed, "document": public_listed}
    ),
    Surface("library", lambda w: "/library/", {"document": listed}),
    Surface(
        "library-with-archived",
        lambda w: "/library/?archived=1",
        {"document": listed_with_archived},
    ),
    Surface("library-search", lambda w: f"/library/?q={SEARCH_WORD}", {"document": listed}),
    Surface(
        "library-search-with-archived",
        lambda w: f"/library/?q={SEARCH_WORD}&archived=1",
        {"document": listed_with_archived},
    ),
    Surface(
        "library-by-theme-fr",
        lambda w: f"/fr/library/?theme={w.theme.slug}",
        {"document": listed},
    ),
    Surface(
        "related-documents",
        lambda w: w.anchor_document.get_absolute_url(),
        {"document": listed},
    ),
    Surface("library-rss", lambda w: "/library/feed/rss/", {"document": public_listed}),
    Surface("library-atom", lambda w: "/library/feed/atom/", {"document": public_listed}),
    Surface(
        "theme-rss",
        lambda w: f"/themes/{w.theme.slug}/feed/",
        {"document": public_listed},
    ),
    Surface(
        "theme-atom",
        lambda w: f"/themes/{w.theme.slug}/feed/atom/",
        {"document": public_listed},
    ),
    Surface("directory", lambda w: "/members/", {"member": in_directory}, members_only_page),
    Surface(
        "directory-search",
        lambda w: f"/members/?q={ORGANIZATION_NAME.replace(' ', '+')}",
        {"member": in_directory},
        members_only_page,
    ),
    Surface(
        "directory-by-expertise",
        lambda w: f"/members/?theme={w.theme.slug}",
        {"member": in_directory},
        members_only_page,
    ),
    Surface("roster", lambda w: "/members/roster/", {"member": on_roster}, members_only_page),
    Surface(
        "organization-page",
        lambda w: w.organization.get_absolute_url(),
        {"member": in_directory},
    ),
]


@dataclass
class ItemSurface:
    """An address per item: its expected status per role; a 200 must show its marker."""

    name: str
    kind: str
    url: object  # item -> address
    status: object  # (item, role) -> expected status code

    @property
    def kinds(self):
        return {self.kind}

    def __str__(self):
        return self.name


ITEM_SURFACES = [
    ItemSurface("event-page", "event", lambda i: i.obj.get_absolute_url(), readable_status),
    ItemSurface(
        "event-ics", "event", lambda i: f"{i.obj.get_absolute_url()}event.ics", readable_status
    ),
    ItemSurface("document-page", "document", lambda i: i.obj.get_absolute_url(), readable_status),
    ItemSurface(
        "document-ris",
        "document",
        lambda i: f"{i.obj.get_absolute_url()}cite.ris",
        readable_status,
    ),
    ItemSurface("member-profile", "member", lambda i: i.obj.get_absolute_url(), profile_status),
]


def cases(surfaces):
    """Each surface against every visibility when it lists content; members have none."""
    params = []
    for surface in surfaces:
        visibilities = VISIBILITIES if surface.kinds & {"event", "document"} else [None]
        for visibility in visibilities:
            params.append(pytest.param(surface, visibility, id=f"{surface}-{visibility or 'all'}"))
    return params


# --- the data --------------------------------------------------------------------------------


def build_world(role, user, visibility, kinds):
    """Hidden and shown items of the given kinds, each with its marker; anchors without."""
    theme = factories.ThematicAreaFactory(name="Shared theme", slug="shared-theme")
    organization = factories.OrganizationFactory(name=ORGANIZATION_NAME)
    series = factories.EventSeriesFactory(title="Policy dialogue series")
    now = timezone.now()
    past_start = now - datetime.timedelta(days=400)
    world = World(role, user, theme, organization, past_start.year)
    if kinds & {"event", "document"}:
        # A public event of the series (its page lists the others and the outcome
        # documents) and a public past event, so the archive's year exists for everyone.
        world.anchor_event = factories.EventFactory(title="Anchor roundtable", series=series)
        factories.EventFactory(
            title="Anchor forum",
            starts_at=past_start,
            ends_at=past_start + datetime.timedelta(hours=2),
        )
    if "event" in kinds:
        for n, (when, status) in enumerate(
            (when, status) for when in ("upcoming", "past") for status in EVENT_STATUSES
        ):
            marker = f"zqevent{when}{visibility}{status}"
            starts = (now + datetime.timedelta(days=3 + n)) if when == "upcoming" else past_start
            event = factories.EventFactory(
                title=f"Event {marker}",
                visibility=visibility,
                status=status,
                series=series,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                cancellation_notice="Postponed to next year." if status == "cancelled" else "",
            )
            event.themes.add(theme)
            world.items.append(Item("event", marker, event, visibility, status, when=when))
    if "document" in kinds:
        world.anchor_document = factories.DocumentFactory(title="Anchor paper", themes=[theme])
        for status in DOCUMENT_STATUSES:
            marker = f"zqpaper{visibility}{status}"
            document = factories.DocumentFactory(
                title=f"Paper {marker}",
                themes=[theme],
                visibility=visibility,
                status=status,
                related_event=world.anchor_event,
            )
            world.items.append(Item("document", marker, document, visibility, status))
    if "member" in kinds:
        for state in MEMBER_STATES:
            marker = f"zqperson{state}"
            member = factories.MemberFactory(
                display_name=f"Expert {marker}",
                organization=organization,
                directory_opt_in=state in {"directory", "lapsed"},
                roster_opt_in=state in {"roster", "lapsed"},
                status="lapsed" if state == "lapsed" else "active",
            )
            member.expertise.add(theme)
            world.items.append(Item("member", marker, member, state=state))
    # The personal feed: the viewer's own; for the public, one of an account in no group.
    owner = user or factories.UserFactory(groups=[])
    world.feed_token = CalendarFeedToken.objects.create(user=owner).token
    return world


def title_of(item):
    return getattr(item.obj, "title", None) or item.obj.display_name


def text_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # iCalendar folds long lines (CRLF + space): unfold, or a marker may be cut in two.
    return body.decode().replace("\r\n ", "")


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize(("surface", "visibility"), cases(SURFACES))
def test_listing_shows_exactly_what_the_role_may_see(role_user, client_as, surface, visibility):
    role, user = role_user
    world = build_world(role, user, visibility, surface.kinds)
    url = surface.url(world)
    response = client_as(user).get(url)
    assert response.status_code == surface.status(role), url
    html = text_of(response)
    must_show, must_hide = [], []
    for item in world.items:
        rule = surface.shows.get(item.kind)
        shown = response.status_code == 200 and rule is not None and rule(item, role)
        (must_show if shown else must_hide).append(item.marker)
    missing = [marker for marker in must_show if marker not in html]
    leaked = [marker for marker in must_hide if marker in html]
    assert not missing and not leaked, f"{role} at {url}: missing {missing}, leaked {leaked}"
    if role == "steering" and visibility == "steering" and surface.shows.keys() - {"member"}:
        # The control: a listing of restricted content shows steering-only items to the
        # steering committee (feeds and the sitemap, public whoever asks, show none).
        public_only = all(rule is public_listed for rule in surface.shows.values())
        assert bool(must_show) != public_only, f"{url}: the table proves nothing here"


@pytest.mark.parametrize(("surface", "visibility"), cases(ITEM_SURFACES))
def test_each_item_address_answers_as_the_role_may_read(role_user, client_as, surface, visibility):
    role, user = role_user
    world = build_world(role, user, visibility, surface.kinds)
    client = client_as(user)
    wrong = []
    for item in world.of_kind(surface.kind):
        url = surface.url(item)
        response = client.get(url)
        expected = surface.status(item, role)
        text = text_of(response)
        # A 200 shows the item; anything else shows nothing of it (a 404 page may echo
        # the address, so the slug's marker: look for the title instead).
        shown = item.marker in text if expected == 200 else title_of(item) in text
        if response.status_code != expected or shown != (expected == 200):
            wrong.append(f"{url}: {response.status_code}, expected {expected}")
    assert not wrong, f"{role}: {wrong}"
    if role == "steering":  # the control: the steering committee reads restricted items
        assert any(surface.status(item, role) == 200 for item in world.of_kind(surface.kind))


def test_the_public_sees_no_one_and_members_see_opted_in_active_members(client_as, member):
    """The members' lists in one place, with the positive side spelled out."""
    world = build_world("member", member, None, {"member"})
    html = client_as(member).get("/members/").content.decode()
    assert "zqpersondirectory" in html
    assert all(m not in html for m in ("zqpersonroster", "zqpersonunlisted", "zqpersonlapsed"))
    roster = client_as(member).get("/members/roster/").content.decode()
    assert "zqpersonroster" in roster and "zqpersonlapsed" not in roster
    public = client_as(None)
    assert "zqperson" not in public.get(world.theme.get_absolute_url()).content.decode()
    assert "zqperson" not in public.get(world.organization.get_absolute_url()).content.decode()
    assert public.get("/members/").status_code == 302
