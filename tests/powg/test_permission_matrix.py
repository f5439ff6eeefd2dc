"""Every page of the site against every kind of visitor: the one rule, as a table.

The rule (``powg/permissions.py``): an item a visitor may not see is hidden (404, as if
it did not exist); a page for a role sends an anonymous visitor to log in and answers a
logged-in visitor without the role with 403. Everything else is open to all.
"""

import datetime

import pytest
from django.utils import timezone

from documents.recommendations_services import import_recommendations
from powg.visibility import Status, Visibility
from tests import factories
from tests.documents.test_views import with_pdf

pytestmark = pytest.mark.django_db

ROLES = ["public", "account", "member", "steering", "admin"]
OK, LOGIN, FORBIDDEN, HIDDEN, REDIRECT = "ok", "login", "forbidden", "hidden", "redirect"

OPEN = dict.fromkeys(ROLES, OK)
MEMBERS_ITEM = {"public": HIDDEN, "account": HIDDEN, "member": OK, "steering": OK, "admin": OK}
STEERING_ITEM = {"public": HIDDEN, "account": HIDDEN, "member": HIDDEN, "steering": OK, "admin": OK}
MEMBERS_PAGE = {"public": LOGIN, "account": FORBIDDEN, "member": OK, "steering": OK, "admin": OK}
STEERING_PAGE = {
    "public": LOGIN,
    "account": FORBIDDEN,
    "member": FORBIDDEN,
    "steering": OK,
    "admin": OK,
}
MEMBER_ROLES = ["member", "steering", "admin"]
ACCOUNT_PAGE = {"public": LOGIN, "account": OK, "member": OK, "steering": OK, "admin": OK}
ADMIN_PAGE = {"public": LOGIN, "account": LOGIN, "member": LOGIN, "steering": LOGIN, "admin": OK}


@pytest.fixture
def site(db):
    """One item of each kind and visibility, and the addresses built from them."""
    theme = factories.ThematicAreaFactory(slug="mandates")
    organization = factories.OrganizationFactory(slug="una-canada")
    public_doc = with_pdf(factories.DocumentFactory(slug="open-paper", themes=[theme]))
    members_doc = with_pdf(
        factories.DocumentFactory(slug="members-paper", visibility=Visibility.MEMBERS)
    )
    steering_doc = with_pdf(
        factories.DocumentFactory(slug="steering-paper", visibility=Visibility.STEERING)
    )
    draft_doc = factories.DocumentFactory(slug="draft-paper", status=Status.DRAFT)
    event = factories.EventFactory(slug="open-forum", capacity=20)
    members_event = factories.EventFactory(slug="members-workshop", visibility=Visibility.MEMBERS)
    steering_event = factories.EventFactory(slug="steering-retreat", visibility=Visibility.STEERING)
    past = factories.EventFactory(
        slug="past-roundtable", starts_at=timezone.now() - datetime.timedelta(days=400)
    )
    listed = factories.listed_member(user__name="Listed Expert")
    application = factories.MembershipApplicationFactory()
    recommendations = {
        document.slug: import_recommendations(
            document=document, items=[{"number": "1", "text": "Act.", "addressees": ["SC"]}]
        ).recommendations[0]
        for document in (public_doc, members_doc, steering_doc, draft_doc)
    }
    return {
        # site pages
        "/": OPEN,
        "/about/": OPEN,
        "/fr/about/": OPEN,
        "/accounts/login/": {**dict.fromkeys(ROLES, REDIRECT), "public": OK},
        # library
        "/library/": OPEN,
        "/library/?q=paper": OPEN,
        public_doc.get_absolute_url(): OPEN,
        public_doc.get_download_url(): OPEN,
        f"{public_doc.get_absolute_url()}cite.bib": OPEN,
        f"{public_doc.get_absolute_url()}cite.ris": OPEN,
        members_doc.get_absolute_url(): MEMBERS_ITEM,
        members_doc.get_download_url(): MEMBERS_ITEM,
        f"{members_doc.get_absolute_url()}cite.bib": MEMBERS_ITEM,
        steering_doc.get_absolute_url(): STEERING_ITEM,
        steering_doc.get_download_url(): STEERING_ITEM,
        draft_doc.get_absolute_url(): STEERING_ITEM,
        "/themes/": OPEN,
        theme.get_absolute_url(): OPEN,
        f"{theme.get_absolute_url()}feed/": OPEN,
        "/library/feed/rss/": OPEN,
        "/library/feed/atom/": OPEN,
        "/sitemap.xml": OPEN,
        "/robots.txt": OPEN,
        # recommendations
        "/recommendations/": OPEN,
        "/recommendations/?addressee=un-security-council&q=act": OPEN,
        "/recommendations/summary/": OPEN,
        "/recommendations/export.csv": OPEN,
        "/recommendations/export.json": OPEN,
        recommendations["open-paper"].get_absolute_url(): OPEN,
        recommendations["members-paper"].get_absolute_url(): MEMBERS_ITEM,
        recommendations["steering-paper"].get_absolute_url(): STEERING_ITEM,
        recommendations["draft-paper"].get_absolute_url(): STEERING_ITEM,
        "/recommendations/import/": STEERING_PAGE,
        "/recommendations/import/?document=open-paper": STEERING_PAGE,
        "/recommendations/suggestions/": STEERING_PAGE,
        f"{recommendations['open-paper'].get_absolute_url()}update/": STEERING_PAGE,
        "/recommendations/following/": MEMBERS_PAGE,
        "/recommendations/follow/": {**MEMBERS_PAGE, **dict.fromkeys(MEMBER_ROLES, "post-only")},
        # events
        "/events/": OPEN,
        f"/events/archive/{past.starts_at.year}/": OPEN,
        "/events/feed.ics": OPEN,
        event.get_absolute_url(): OPEN,
        f"{event.get_absolute_url()}event.ics": OPEN,
        members_event.get_absolute_url(): MEMBERS_ITEM,
        f"{members_event.get_absolute_url()}event.ics": MEMBERS_ITEM,
        steering_event.get_absolute_url(): STEERING_ITEM,
        f"{event.get_absolute_url()}registrations/": STEERING_PAGE,
        f"{event.get_absolute_url()}registrations.csv": STEERING_PAGE,
        "/events/mine/": ACCOUNT_PAGE,
        # members
        "/about/steering-committee/": OPEN,
        "/organizations/": OPEN,
        organization.get_absolute_url(): OPEN,
        "/members/": MEMBERS_PAGE,
        "/members/?q=expert": MEMBERS_PAGE,
        "/members/roster/": MEMBERS_PAGE,
        listed.get_absolute_url(): MEMBERS_PAGE,
        "/members/applications/": STEERING_PAGE,
        f"/members/applications/{application.pk}/approve/": "post-only",
        # admin
        "/admin/": ADMIN_PAGE,
    }


def visitor(role):
    return {
        "public": lambda: None,
        "account": lambda: factories.UserFactory(name="Account Only"),
        "member": factories.member_user,
        "steering": factories.steering_user,
        "admin": factories.admin_account,
    }[role]()


def outcome(response):
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        return LOGIN if "/login/" in response["Location"] else REDIRECT
    return {403: FORBIDDEN, 404: HIDDEN, 405: "post-only"}.get(
        response.status_code, f"status {response.status_code}"
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_page_follows_the_rule(site, role, client_as):
    client = client_as(visitor(role))
    wrong = {}
    for url, expected in site.items():
        want = expected if isinstance(expected, str) else expected[role]
        got = outcome(client.get(url))
        if got != want:
            wrong[url] = f"expected {want}, got {got}"
    assert not wrong, wrong
