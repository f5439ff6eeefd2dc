"""Every page's absolute query budget, at 5 and at 50 rows of its main content.

One table: the page, the role that views it, its address in the data ``build_site``
makes, the exact number of queries it may run, and a text it must show (so a budget
never passes on an empty page). Each page is measured at both sizes against the same
number: a page whose count grows with its rows (an N+1) fails at 50.

How a page is measured (the same for all): one request first, to fill per-process
caches (the Site, content types), then the shared cache is cleared (facet counts,
rate limits: the first visitor after a save pays for them) and the second request is
counted. Tests run inside a transaction, so each atomic block shows as a SAVEPOINT and
a RELEASE. A logged-in request starts with its session and user (2 queries); a role
check adds the user's groups (1).

The site is built once per size for the whole module, inside a transaction rolled back
at the end; each test runs in a savepoint of it, so nothing one page writes (sessions,
cache rows) reaches the next.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

import factory
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone

from events.models import CalendarFeedToken, Registration
from members.models import MembershipApplication, RosterPurpose, RosterReferral
from powg.roles import MEMBERS_GROUP, STEERING_GROUP
from powg.visibility import Visibility
from tests import factories

pytestmark = pytest.mark.django_db

ROWS = [5, 50]
FAST_PASSWORD = factory.Transformer.Force("!")  # an unusable password: no hashing cost


def _user(**kwargs):
    return factories.UserFactory(password=FAST_PASSWORD, **kwargs)


@dataclass
class Site:
    """What ``build_site`` made: the viewers and the objects the addresses point at."""

    rows: int
    member: Any = None
    steering: Any = None
    themes: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    reading: Any = None
    announced: Any = None
    events: list = field(default_factory=list)
    past_events: list = field(default_factory=list)
    event: Any = None
    archive_year: int = 0
    organization: Any = None
    profile: Any = None
    directory: list = field(default_factory=list)
    feed_token: Any = None
    terms: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    recommendation: Any = None
    archive_preview: Any = None
    archive_report: Any = None


def build_site(rows):
    """A site with ``rows`` of every page's main content.

    ``rows`` themes, documents (every fifth members-only), upcoming events (the member
    registered for each) and past events of one year, organizations, current steering
    terms, directory and roster members, pending and reviewed applications; the event
    shown in detail has ``rows`` participants, questions, agenda items and registrations;
    the profile shown has every theme as expertise and ``rows`` past terms.
    """
    site = Site(rows=rows)
    site.member = factories.MemberFactory(
        user=_user(name="Maya Member", groups=[MEMBERS_GROUP])
    ).user
    site.steering = factories.MemberFactory(
        user=_user(name="Sam Steering", groups=[MEMBERS_GROUP, STEERING_GROUP])
    ).user

    site.themes = [
        factories.ThematicAreaFactory(name=f"Theme {n:02d}", slug=f"theme-{n:02d}")
        for n in range(rows)
    ]
    organizations = [
        factories.OrganizationFactory(name=f"Organization {n:02d}", slug=f"organization-{n:02d}")
        for n in range(rows)
    ]
    site.organization = organizations[0]
    site.organization.logo.save("logo.png", ContentFile(_png()))

    # Events first: the reading page and the event page link documents and events.
    series = factories.EventSeriesFactory(title="Webinar series", slug="webinar-series")
    now = timezone.now()
    for n in range(rows):
        start = now + datetime.timedelta(days=5 + n)
        event = factories.EventFactory(
            title=f"Upcoming roundtable {n:02d}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            series=series if n % 2 else None,
            visibility=Visibility.MEMBERS if n % 5 == 4 else Visibility.PUBLIC,
            capacity=rows * 3,
        )
        event.themes.set(site.themes[: 1 + n % 3])
        site.events.append(event)
    site.archive_year = now.year - 2
    for n in range(rows):
        start = timezone.make_aware(datetime.datetime(site.archive_year, 3, 1, 14)) + (
            datetime.timedelta(days=n)
        )
        event = factories.EventFactory(
            title=f"Past forum {n:02d}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            series=series if n % 2 else None,
        )
        event.themes.set(site.themes[: 1 + n % 3])
        site.past_events.append(event)

    site.event = site.events[0]
    site.event.series = series
    site.event.save()
    site.event.organizers.set(organizations[:2])
    site.event.partners.set(organizations[2:4])
    for n in range(rows):
        factories.ParticipantFactory(
            event=site.event,
            name=f"Moderator {n:02d}" if n == 0 else f"Panelist {n:02d}",
            role="moderator" if n == 0 else "panelist",
        )
        factories.EventQuestionFactory(event=site.event)
        factories.AgendaItemFactory(event=site.event)
        factories.RegistrationFactory(
            event=site.event,
            status="waitlisted" if n % 4 == 3 else "registered",
            user__name=f"Registrant {n:02d}",
        )
    for event in site.events:
        Registration.objects.create(event=event, user=site.member)
    site.feed_token = CalendarFeedToken.objects.create(user=site.member)

    for n in range(rows):
        document = factories.DocumentFactory(
            title=f"Peacekeeping paper {n:02d}",
            themes=site.themes[n % rows : n % rows + 3] or site.themes[:1],
            publishing_organizations=organizations[: 1 + n % 2],
            keywords=[f"keyword{n % 4}"],
            visibility=Visibility.MEMBERS if n % 5 == 0 else Visibility.PUBLIC,
            authors=["A. Author", "B. Author"],
            related_event=site.event if n % 10 == 1 else None,
        )
        site.documents.append(document)
    site.reading = site.documents[1]
    site.reading.themes.set(site.themes[:3])
    site.reading.file.save("paper.pdf", ContentFile(_pdf()))
    from documents.thumbnails import render_for

    render_for(site.reading.pk)  # its cover
    from documents.search_vectors import refresh_search_vectors

    refresh_search_vectors([site.reading.pk])
    _recommendations(site)
    site.announced = factories.DocumentFactory(
        title="Members brief announced to the public",
        visibility=Visibility.MEMBERS,
        listed_publicly=True,
    )

    for n in range(rows):
        site.terms.append(
            factories.SteeringCommitteeTermFactory(
                member=factories.MemberFactory(
                    user=_user(groups=[MEMBERS_GROUP]), display_name=f"Committee member {n:02d}"
                ),
                organization=organizations[n],
                role="chair" if n == 0 else "member",
            )
        )
    for n in range(rows):
        person = factories.listed_member(
            user=_user(groups=[MEMBERS_GROUP]),
            display_name=f"Listed person {n:02d}",
            organization=organizations[n % 2],
            roster_opt_in=True,
            deployable_areas=["policing"],
            availability="now",
            languages=["en", "fr"],
        )
        person.expertise.set(site.themes[: 1 + n % 3])
        site.directory.append(person)
    site.profile = site.directory[0]
    site.profile.expertise.set(site.themes)
    for n in range(rows):
        start = datetime.date(2000 + n % 20, 1, 1) + datetime.timedelta(days=n)
        factories.SteeringCommitteeTermFactory(
            member=site.profile,
            organization=organizations[n],
            starts_on=start,
            ends_on=start + datetime.timedelta(days=300),
        )

    for n in range(rows):
        RosterReferral.objects.create(
            member=site.member.member,
            purpose=RosterPurpose.MEDIA,
            referred_to=f"Outlet {n:02d}",
            recorded_by=site.steering,
        )

    for n in range(rows):
        pending = factories.MembershipApplicationFactory(
            name=f"Applicant {n:02d}", organization=organizations[n % 3]
        )
        pending.expertise.set(site.themes[:2])
        reviewed = factories.MembershipApplicationFactory(
            name=f"Reviewed applicant {n:02d}",
            organization=organizations[n % 3],
            status=MembershipApplication.Status.DECLINED,
            reviewed_by=site.steering,
            reviewed_at=now,
        )
        reviewed.expertise.set(site.themes[:2])
        site.applications.append(pending)
    _archive_batches(site)
    return site


def _archive_batches(site):
    """An archive import in preview and one done, each with ``rows`` files."""
    from documents.models.archive import ArchiveImport, ArchiveImportRow, ImportState

    site.archive_preview = ArchiveImport.objects.create(
        created_by=site.steering, state=ImportState.PREVIEW, archive_name="preview.zip"
    )
    site.archive_report = ArchiveImport.objects.create(
        created_by=site.steering, state=ImportState.DONE, archive_name="done.zip"
    )
    for batch, outcomes in (
        (site.archive_preview, ["pending", "attention"]),
        (site.archive_report, ["imported", "skipped", "attention"]),
    ):
        ArchiveImportRow.objects.bulk_create(
            ArchiveImportRow(
                batch=batch,
                position=n,
                path=f"papers/paper-{n:02d}.pdf",
                values={"file": f"papers/paper-{n:02d}.pdf", "title": f"Paper {n:02d}"},
                problems=[{"field": "themes", "code": "unknown_theme", "params": {"value": "X"}}]
                if n % 2
                else [],
                outcome=outcomes[n % len(outcomes)],
                document=site.documents[n] if outcomes[n % len(outcomes)] == "imported" else None,
            )
            for n in range(site.rows)
        )


def _recommendations(site):
    """A recommendation per document (to two addressees, each with two sourced updates),
    and the reading page's with ``rows`` sub-points, each reiterated by a later one."""
    from documents.models import Assignment
    from documents.recommendations_services import (
        add_link,
        add_status_update,
        import_recommendations,
    )

    def updated(recommendation):
        for assignment in Assignment.objects.filter(recommendation=recommendation):
            for year in (2010, 2020):
                add_status_update(
                    assignment=assignment,
                    date=datetime.date(year, 1, 1),
                    status="under_consideration",
                    note="Demo data.",
                    sources=[{"symbol": "S/RES/2719 (2023)"}, site.documents[0]],
                    by=site.steering,
                )

    addressees = ["UN Security Council", "Government of Canada"]
    items = [{"number": "1", "text": "Deploy civilian experts faster:", "addressees": addressees}]
    items += [
        {"number": f"1.{n}", "parent": "1", "text": f"Sub-point {n:02d}.", "addressees": addressees}
        for n in range(site.rows)
    ]
    made = import_recommendations(document=site.reading, items=items).recommendations
    site.recommendation = made[0]
    for recommendation in made:
        updated(recommendation)
    for n, document in enumerate(site.documents):
        if document != site.reading:
            item = {
                "number": "1",
                "text": f"Recommendation of paper {n:02d}.",
                "addressees": addressees,
            }
            later = import_recommendations(document=document, items=[item]).recommendations[0]
            updated(later)
            add_link(from_recommendation=later, to_recommendation=site.recommendation)


def _png():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _pdf():
    from documents.demo import make_pdf

    return make_pdf("Peacekeeping paper", ["Civilian experts deploy late."])


@dataclass(frozen=True)
class Page:
    view: str  # the URL name the address resolves to
    role: str  # public, member or steering
    url: Any  # site -> address
    budget: int  # exact number of queries
    shows: Any  # site -> a text the page must contain (bytes: how a file starts)
    status: int = 200


def _members_only_title(site):
    """The newest members-only document: on the first page of the library for members."""
    return [d for d in site.documents if d.visibility == Visibility.MEMBERS][-1].title


def _alert_url(site, name, purpose=None):
    """An alerts page; with ``purpose``, the signed link of a subscription to 3 themes."""
    from django.urls import reverse

    from documents import alerts
    from documents.models import AlertSubscription

    if purpose is None:
        return reverse(name)
    subscription = AlertSubscription.objects.create(email="reader@example.org")
    subscription.themes.set(site.themes[:3])
    return reverse(name, kwargs={"token": alerts.make_token(subscription, purpose)})


def _alert_subscribers(site):
    """The counts page, with a confirmed subscriber to each theme and one to all."""
    from documents.models import AlertSubscription

    now = timezone.now()
    for n, theme in enumerate(site.themes):
        AlertSubscription.objects.create(email=f"r{n}@example.org", confirmed_at=now).themes.set(
            [theme]
        )
    AlertSubscription.objects.create(email="all@example.org", confirmed_at=now)
    return "/alerts/subscribers/"


# The budgets, with what each query is for. "session, user" opens every logged-in
# request; "groups" is the role check.
PAGES = {
    # --- site pages ---
    # latest documents, their themes, upcoming events
    # the home page's introduction is one query (a site page)
    "home": Page("home", "public", lambda s: "/", 4, lambda s: s.documents[-1].title),
    "home (member)": Page("home", "member", lambda s: "/", 7, lambda s: s.announced.title),
    "about": Page("about", "public", lambda s: "/about/", 1, lambda s: "Steering committee"),
    "privacy": Page("privacy", "public", lambda s: "/privacy/", 1, lambda s: "Privacy notice"),
    # --- site pages: the steering committee's editing; session, user, groups, the page
    # (and whether it has revisions), its revision token
    "site page edit": Page(
        "page-edit", "steering", lambda s: "/pages/about/edit/", 5, lambda s: "Text (French)"
    ),
    # session, user, groups, the page, count, revisions, the one before them
    "site page history": Page(
        "page-history", "steering", lambda s: "/pages/about/history/", 7, lambda s: "Revision"
    ),
    # session, user, groups, the page, the revision, the latest revision's id
    "site page revision": Page(
        "page-revision",
        "steering",
        lambda s: _site_page_revision_url(),
        6,
        lambda s: "This is the live version.",
    ),
    # session, user, groups; mine (documents, events); all (documents, events, counts)
    "my drafts": Page("drafts", "steering", lambda s: "/drafts/", 9, lambda s: "My drafts"),
    # session, user, groups; the people and kinds to filter by; count, page
    "audit log": Page("audit", "steering", lambda s: "/audit/", 7, lambda s: "Audit log"),
    "audit log CSV": Page(
        "audit-export", "steering", lambda s: "/audit/export.csv", 6, lambda s: b"\xef\xbb\xbfWhen"
    ),
    "404 page": Page(
        None, "public", lambda s: "/no-such-page/", 0, lambda s: 'name="q"', status=404
    ),
    "login page": Page(
        "account_login", "public", lambda s: "/accounts/login/", 0, lambda s: 'name="password"'
    ),
    # --- library ---
    # themes, cache get, facets + page ids, cache set (count, savepoint, select, insert,
    # release), documents, organizations
    "library list": Page(
        "documents:document-list",
        "public",
        lambda s: "/library/",
        10,
        lambda s: s.documents[-1].title,
    ),
    # session, user, groups, then as the public list
    "library list (member)": Page(
        "documents:document-list",
        "member",
        lambda s: "/library/",
        13,
        lambda s: _members_only_title(s),
    ),
    # themes, savepoint, SET LOCAL, facets + page ids, documents, snippets, release, orgs
    "library search": Page(
        "documents:document-list",
        "public",
        lambda s: "/library/?q=civilian",
        8,
        lambda s: "<mark>",
    ),
    "library search (member)": Page(
        "documents:document-list",
        "member",
        lambda s: "/library/?q=civilian&sort=title",
        11,
        lambda s: "<mark>",
    ),
    # themes, facets + page ids, documents, organizations
    "library faceted": Page(
        "documents:document-list",
        "public",
        lambda s: f"/library/?theme={s.themes[0].slug}&language=en&sort=oldest",
        4,
        lambda s: s.reading.title,
    ),
    # document, its organizations, other version, event, related, themes; its
    # recommendations, their assignments
    "reading page": Page(
        "documents:document-detail",
        "public",
        lambda s: s.reading.get_absolute_url(),
        8,
        lambda s: s.reading.title,
    ),
    # no visible document, no old slug, the announcement
    "members-only notice": Page(
        "documents:document-detail",
        "public",
        lambda s: s.announced.get_absolute_url(),
        3,
        lambda s: s.announced.title,
    ),
    "download": Page(
        "documents:document-download",
        "public",
        lambda s: f"{s.reading.get_absolute_url()}download/",
        1,
        lambda s: b"%PDF-",
    ),
    # the same check as the download
    "cover thumbnail": Page(
        "documents:document-cover",
        "public",
        lambda s: f"{s.reading.get_absolute_url()}cover.webp",
        1,
        lambda s: b"RIFF",
    ),
    # document, its organizations
    "citation BibTeX": Page(
        "documents:document-bibtex",
        "public",
        lambda s: f"{s.reading.get_absolute_url()}cite.bib",
        2,
        lambda s: s.reading.title,
    ),
    "citation RIS": Page(
        "documents:document-ris",
        "public",
        lambda s: f"{s.reading.get_absolute_url()}cite.ris",
        2,
        lambda s: s.reading.title,
    ),
    # counts, themes
    "themes list": Page(
        "documents:theme-list", "public", lambda s: "/themes/", 2, lambda s: s.themes[-1].name
    ),
    # theme, count, page of documents, their themes, events, experts; recommendations'
    # counts per status, the newest, their themes and assignments
    "theme page": Page(
        "documents:theme-detail",
        "public",
        lambda s: s.themes[0].get_absolute_url(),
        9,
        lambda s: s.themes[0].name,
    ),
    "RSS feed": Page(
        "documents:feed-rss",
        "public",
        lambda s: "/library/feed/rss/",
        1,
        lambda s: s.documents[-1].title,
    ),
    "Atom feed": Page(
        "documents:feed-atom",
        "public",
        lambda s: "/library/feed/atom/",
        1,
        lambda s: s.documents[-1].title,
    ),
    # theme, documents
    "theme RSS feed": Page(
        "documents:theme-feed-rss",
        "public",
        lambda s: f"/themes/{s.themes[0].slug}/feed/",
        2,
        lambda s: s.reading.title,
    ),
    "theme Atom feed": Page(
        "documents:theme-feed-atom",
        "public",
        lambda s: f"/themes/{s.themes[0].slug}/feed/atom/",
        2,
        lambda s: s.reading.title,
    ),
    # OAI-PMH, every record on one page: themes, headers, documents, their
    # organizations, their keywords (paged lists add the list's size: test_oai.py)
    "OAI-PMH ListRecords": Page(
        "oai",
        "public",
        lambda s: "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
        5,
        lambda s: s.documents[-1].title,
    ),
    # count and items of documents, themes, events (listed in both languages: one
    # query for the list, no count)
    "sitemap": Page(
        "documents:sitemap",
        "public",
        lambda s: "/sitemap.xml",
        5,
        lambda s: s.events[0].get_absolute_url(),
    ),
    "robots.txt": Page(
        "documents:robots-txt", "public", lambda s: "/robots.txt", 0, lambda s: "Sitemap:"
    ),
    # --- library: the steering committee's editing pages ---
    # session, user, groups; the form's choices: themes, organizations, documents, events
    "document new": Page(
        "documents:document-new", "steering", lambda s: "/library/new/", 7, lambda s: "New document"
    ),
    # session, user, groups, document, its revision token; the form's choices: themes,
    # organizations, documents, events, its event; its themes, keywords, organizations
    "document edit": Page(
        "documents:document-edit",
        "steering",
        lambda s: f"{s.reading.get_absolute_url()}edit/",
        13,
        lambda s: s.reading.title,
    ),
    # session, user, groups, document, its organizations; then as the reading page (the
    # counterpart, event, related documents, themes, recommendations, assignments) and
    # the steering committee's recommendation links
    "document preview": Page(
        "documents:document-preview",
        "steering",
        lambda s: f"{s.reading.get_absolute_url()}preview/",
        13,
        lambda s: "preview-banner",
    ),
    # session, user, groups, document, count, page of revisions, the one before
    "document history": Page(
        "documents:document-history",
        "steering",
        lambda s: f"{s.reading.get_absolute_url()}history/",
        7,
        lambda s: "Revision",
    ),
    # session, user, groups, document, the revision, the live one's id
    "document revision": Page(
        "documents:document-revision",
        "steering",
        lambda s: (
            f"{s.reading.get_absolute_url()}history/"
            f"{s.reading.history.order_by('history_id').first().history_id}/"
        ),
        6,
        lambda s: "Restore this revision",
    ),
    # --- recommendations ---
    # count, page, its themes, its assignments, counts per status, documents, addressees, themes
    "recommendations": Page(
        "documents:recommendation-list",
        "public",
        lambda s: "/recommendations/",
        8,
        lambda s: 'class="card rec-card"',
    ),
    "recommendations (member)": Page(
        "documents:recommendation-list",
        "member",
        lambda s: f"/recommendations/?document={s.documents[0].slug}&status=under_consideration",
        11,
        lambda s: "Recommendation of paper 00.",
    ),
    # savepoint, SET LOCAL, as the list, release
    "recommendations search": Page(
        "documents:recommendation-list",
        "public",
        lambda s: "/recommendations/?q=civilian&addressee=un-security-council",
        11,
        lambda s: "Deploy civilian experts faster:",
    ),
    # the recommendations, their themes, their assignments
    "recommendations CSV": Page(
        "documents:recommendation-export-csv",
        "public",
        lambda s: "/recommendations/export.csv",
        3,
        lambda s: "Sub-point 00.",
    ),
    "recommendations JSON": Page(
        "documents:recommendation-export-json",
        "public",
        lambda s: "/recommendations/export.json",
        3,
        lambda s: "Sub-point 00.",
    ),
    # addressees, their counts, themes, their counts
    "recommendations summary": Page(
        "documents:recommendation-summary",
        "public",
        lambda s: "/recommendations/summary/",
        4,
        lambda s: "Government of Canada",
    ),
    # recommendation, themes, assignments, updates, sources, cited documents, children,
    # their themes and assignments, links
    "recommendation page": Page(
        "documents:recommendation-detail",
        "public",
        lambda s: s.recommendation.get_absolute_url(),
        10,
        lambda s: "Sub-point 00.",
    ),
    # session, user, groups, then as the public page, and whether the member follows it
    "recommendation page (member)": Page(
        "documents:recommendation-detail",
        "member",
        lambda s: s.recommendation.get_absolute_url(),
        14,
        lambda s: "Follow",
    ),
    # --- recommendations: the steering committee's pages ---
    # --- the archive import: session, user, groups, the batches (list) or the batch
    # and its rows with their documents (preview, report) ---
    "archive imports": Page(
        "documents:archive-imports",
        "steering",
        lambda s: "/library/import/",
        4,
        lambda s: "done.zip",
    ),
    "archive preview": Page(
        "documents:archive-import",
        "steering",
        lambda s: s.archive_preview.get_absolute_url(),
        5,
        lambda s: "Save and check again",
    ),
    "archive report": Page(
        "documents:archive-import",
        "steering",
        lambda s: s.archive_report.get_absolute_url(),
        5,
        lambda s: "Download the report (CSV)",
    ),
    "recommendations import": Page(
        "documents:recommendation-import",
        "steering",
        lambda s: "/recommendations/import/",
        5,
        lambda s: "Import recommendations",
    ),
    "recommendations import into a document": Page(
        "documents:recommendation-import",
        "steering",
        lambda s: f"/recommendations/import/?document={s.reading.slug}",
        6,
        lambda s: "Import recommendations",
    ),
    "recommendation update": Page(
        "documents:recommendation-update",
        "steering",
        lambda s: f"{s.recommendation.get_absolute_url()}update/",
        11,
        lambda s: f"Update recommendation {s.recommendation.number}",
    ),
    # session, user, groups, the recommendation, addressees, the themes offered and
    # chosen, the parents offered, the revision token, assignments and their updates
    "recommendation edit": Page(
        "documents:recommendation-edit",
        "steering",
        lambda s: f"{s.recommendation.get_absolute_url()}edit/",
        11,
        lambda s: f"Edit recommendation {s.recommendation.number}",
    ),
    # session, user, groups, the recommendation, count, revisions, the one before them
    "recommendation history": Page(
        "documents:recommendation-history",
        "steering",
        lambda s: f"{s.recommendation.get_absolute_url()}history/",
        7,
        lambda s: "Revision",
    ),
    "recommendation revision": Page(
        "documents:recommendation-revision",
        "steering",
        lambda s: (
            f"{s.recommendation.get_absolute_url()}history/"
            f"{s.recommendation.history.earliest('history_id').history_id}/"
        ),
        6,  # session, user, groups, the recommendation, the revision, the latest one's id
        lambda s: "Revision",
    ),
    "suggested links": Page(
        "documents:recommendation-suggestions",
        "steering",
        lambda s: "/recommendations/suggestions/",
        4,
        lambda s: "Suggested links",
    ),
    "recommendations followed": Page(
        "documents:recommendation-following",
        "member",
        lambda s: "/recommendations/following/",
        6,
        lambda s: "follow",
    ),
    # --- email alerts ---
    # themes (the form's choices)
    "alerts subscribe": Page(
        "documents:alert-subscribe",
        "public",
        lambda s: "/alerts/?theme=theme-00",
        1,
        lambda s: s.themes[-1].name,
    ),
    "alerts check email": Page(
        "documents:alert-check-email",
        "public",
        lambda s: "/alerts/check-your-email/",
        0,
        lambda s: "<h1",
    ),
    # the token's subscription
    "alerts confirm": Page(
        "documents:alert-confirm",
        "public",
        lambda s: _alert_url(s, "documents:alert-confirm", "confirm"),
        1,
        lambda s: "reader@example.org",
    ),
    # the token's subscription, its themes, the form's choices
    "alerts preferences": Page(
        "documents:alert-preferences",
        "public",
        lambda s: _alert_url(s, "documents:alert-preferences", "preferences"),
        3,
        lambda s: s.themes[-1].name,
    ),
    "alerts unsubscribe": Page(
        "documents:alert-unsubscribe",
        "public",
        lambda s: _alert_url(s, "documents:alert-unsubscribe", "unsubscribe"),
        1,
        lambda s: "reader@example.org",
    ),
    "alerts unsubscribed": Page(
        "documents:alert-unsubscribed",
        "public",
        lambda s: "/alerts/unsubscribed/",
        0,
        lambda s: "<h1",
    ),
    # session, user, groups, themes with their counts, the totals
    "alerts subscriber counts": Page(
        "documents:alert-subscribers",
        "steering",
        _alert_subscribers,
        5,
        lambda s: f"{s.rows + 1} confirmed subscribers",
    ),
    # --- translations: the steering committee's parity page ---
    # session, user, groups, counts per type, themes, counts per theme, counts per year,
    # count of gaps, page of gaps
    "translations page": Page(
        "translations:parity",
        "steering",
        lambda s: "/translations/",
        9,
        lambda s: s.documents[0].title,
    ),
    "translations page filtered": Page(
        "translations:parity",
        "steering",
        lambda s: f"/translations/?theme={s.themes[0].slug}&language=en&plan=undecided&sort=due",
        9,
        lambda s: s.documents[0].title,
    ),
    # session, user, groups, gaps
    "translations CSV": Page(
        "translations:gaps-csv",
        "steering",
        lambda s: "/translations/gaps.csv",
        4,
        lambda s: s.documents[0].title,
    ),
    # --- events ---
    # count, page, themes prefetch, theme choices, archive years
    "events list": Page(
        "events:event-list", "public", lambda s: "/events/", 5, lambda s: s.events[0].title
    ),
    # session, user, groups, then as the public list
    "events list (member)": Page(
        "events:event-list", "member", lambda s: "/events/", 8, lambda s: s.events[4].title
    ),
    "events archive": Page(
        "events:event-archive",
        "public",
        lambda s: f"/events/archive/{s.archive_year}/",
        5,
        lambda s: s.past_events[-1].title,
    ),
    # event, 6 prefetches, series, outcome documents; their recommendations, with their
    # assignments
    "event page": Page(
        "events:event-detail",
        "public",
        lambda s: s.event.get_absolute_url(),
        11,
        lambda s: "Moderator 00",
    ),
    # session, user, groups, event, 6 prefetches, own registration, series, outcome
    # documents; their recommendations, with their assignments
    "event page (steering)": Page(
        "events:event-detail",
        "steering",
        lambda s: s.event.get_absolute_url(),
        15,
        lambda s: "Panelist 01",
    ),
    "event .ics": Page(
        "events:event-ics",
        "public",
        lambda s: f"{s.event.get_absolute_url()}event.ics",
        1,
        lambda s: "BEGIN:VEVENT",
    ),
    "public calendar feed": Page(
        "events:public-feed",
        "public",
        lambda s: "/events/feed.ics",
        1,
        lambda s: s.events[0].title,
    ),
    # token and its user, groups, events
    "personal calendar feed": Page(
        "events:personal-feed",
        "public",
        lambda s: s.feed_token.get_absolute_url(),
        3,
        lambda s: s.events[4].title,
    ),
    # session, user, registrations, groups, feed token, events attended
    "my events": Page(
        "events:my-events", "member", lambda s: "/events/mine/", 6, lambda s: s.events[-1].title
    ),
    # session, user, groups, event, registrations
    "registrations page": Page(
        "events:event-registrations",
        "steering",
        lambda s: f"{s.event.get_absolute_url()}registrations/",
        5,
        lambda s: "Registrant 00",
    ),
    # session, user, groups, event, those holding a place
    "sign-in sheet": Page(
        "events:sign-in-sheet",
        "steering",
        lambda s: f"{s.event.get_absolute_url()}sign-in-sheet/",
        5,
        lambda s: "Registrant 00",
    ),
    "registrations CSV": Page(
        "events:event-registrations-csv",
        "steering",
        lambda s: f"/events/{s.event.slug}/registrations.csv",
        5,
        lambda s: "Registrant 00",
    ),
    # --- events: the steering committee's editing pages ---
    # session, user, groups; members; choices of series, themes, organizations x2
    "event new": Page(
        "events:event-new", "steering", lambda s: "/events/new/", 8, lambda s: "New event"
    ),
    # session, user, groups, event, token; its themes, organizers, partners; members;
    # choices of series, themes, organizations x2; agenda, participants, questions
    "event edit": Page(
        "events:event-edit",
        "steering",
        lambda s: f"/events/{s.event.slug}/edit/",
        16,
        lambda s: 'value="Panelist 01"',
    ),
    # as the event page (steering)
    "event preview": Page(
        "events:event-preview",
        "steering",
        lambda s: f"/events/{s.event.slug}/preview/",
        15,
        lambda s: "Panelist 01",
    ),
    # session, user, groups, event, the rows' three histories, count, page, older
    "event history": Page(
        "events:event-history",
        "steering",
        lambda s: f"/events/{s.event.slug}/history/",
        10,
        lambda s: f"Participant: Panelist {s.rows - 1:02d}",
    ),
    # session, user, groups, event, the revision, the series its field names, the
    # latest revision's id
    "event revision": Page(
        "events:event-revision",
        "steering",
        lambda s: f"/events/{s.event.slug}/history/{s.event.history.earliest('history_id').pk}/",
        7,
        lambda s: "Restore this revision",
    ),
    # --- members ---
    "organizations list": Page(
        "members:organization-list",
        "public",
        lambda s: "/organizations/",
        1,
        lambda s: s.organization.name,
    ),
    # organization, representatives (the public sees no member profiles)
    "organization page": Page(
        "members:organization-detail",
        "public",
        lambda s: s.organization.get_absolute_url(),
        2,
        lambda s: "Committee member 00",
    ),
    # session, user, groups, organization, representatives, people
    "organization page (member)": Page(
        "members:organization-detail",
        "member",
        lambda s: s.organization.get_absolute_url(),
        6,
        lambda s: "Listed person 00",
    ),
    "organization logo": Page(
        "members:organization-logo",
        "public",
        lambda s: f"{s.organization.get_absolute_url()}logo/",
        1,
        lambda s: b"\x89PNG",
    ),
    # current terms, past terms
    "steering committee page": Page(
        "members:steering-committee",
        "public",
        lambda s: "/about/steering-committee/",
        2,
        lambda s: "Committee member 00",
    ),
    # organizations and themes (the form's choices)
    "join page": Page(
        "members:join", "public", lambda s: "/join/", 2, lambda s: s.organization.name
    ),
    "join thanks": Page(
        "members:join-thanks", "public", lambda s: "/join/thanks/", 0, lambda s: "<h1"
    ),
    # session, user, groups, count, page, expertise, theme choices
    "directory": Page(
        "members:directory", "member", lambda s: "/members/", 7, lambda s: "Listed person 00"
    ),
    # session, user, groups, count, page, expertise
    "roster": Page(
        "members:roster", "member", lambda s: "/members/roster/", 6, lambda s: "Listed person 00"
    ),
    # session, user, groups, member, expertise, events attended, terms
    "member profile page": Page(
        "members:member-detail",
        "member",
        lambda s: s.profile.get_absolute_url(),
        7,
        lambda s: s.themes[-1].name,
    ),
    # session, user, groups, own profile, consents, referrals, organizations, themes,
    # selected expertise
    "my profile": Page("members:me", "member", lambda s: "/members/me/", 9, lambda s: "Outlet 00"),
    # session, user, groups, count, page of referrals (their experts and recorders joined)
    "roster referrals": Page(
        "members:referral-list",
        "steering",
        lambda s: "/members/roster/referrals/",
        5,
        lambda s: f"Outlet {s.rows - 1:02d}",
    ),
    "roster referrals CSV": Page(
        "members:referral-list-csv",
        "steering",
        lambda s: "/members/roster/referrals.csv",
        4,
        lambda s: "Outlet 00",
    ),
    # session, user, groups, the expert, their consents
    "roster referral form": Page(
        "members:referral-create",
        "steering",
        lambda s: f"/members/roster/{s.directory[0].pk}/refer/",
        5,
        lambda s: "Record the referral",
    ),
    # session, user, groups, pending, expertise, reviewed, expertise
    "applications page": Page(
        "members:application-list",
        "steering",
        lambda s: "/members/applications/",
        7,
        lambda s: "Applicant 00",
    ),
    # session, user, the authenticators (twice: allauth's list, then its is_mfa_enabled)
    "two-factor authentication page": Page(
        "mfa_index",
        "steering",
        lambda s: "/accounts/2fa/",
        5,  # the user menu asks the groups (My drafts and the audit log for the committee)
        lambda s: "Authentication using an authenticator app is active.",
    ),
}

# Named addresses that are not pages: forms' POST targets, a redirect, allauth's own
# account and two-factor pages (other than logging in and the MFA page) and the Django admin.
NOT_PAGES = {
    "favicon",
    "healthz",  # JSON for probes; no query on the request's connection (test_health.py)
    "events:event-register",
    "events:event-cancel",
    "events:feed-token",
    "events:event-restore",
    "events:event-attendance",
    "members:application-approve",
    "members:application-decline",
    "documents:recommendation-assign",
    "documents:recommendation-suggestion-confirm",
    "documents:recommendation-suggestion-dismiss",
    "documents:recommendation-follow",
    "documents:document-restore",
    "translations:plan",
    "page-restore",
    "documents:recommendation-restore",
    "documents:archive-confirm",  # POST only
    "documents:archive-cancel",  # POST only
    "documents:archive-progress",  # JSON (test_archive_pages.py)
    "documents:archive-report",  # CSV (test_archive_pages.py)
}


def _site_page_revision_url():
    """The About page's first revision (opening it for editing keeps its text as one)."""
    from powg import pages

    page = pages.page_for_editing("about")
    return f"/pages/about/history/{page.history.earliest('history_id').history_id}/"


def _viewer(site, role):
    return {"public": None, "member": site.member, "steering": site.steering}[role]


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture(scope="module", params=ROWS, ids=lambda rows: f"{rows} rows")
def site(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The site at 5, then at 50 rows, built once for every page of the table."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            yield build_site(request.param)
            transaction.set_rollback(True)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_runs_its_query_budget(name, site, client, django_assert_num_queries):
    page = PAGES[name]
    viewer = _viewer(site, page.role)
    if viewer is not None:
        client.force_login(viewer)
    url = page.url(site)
    if page.view is not None:
        assert resolve(url.split("?")[0]).view_name == page.view, url
    _body(client.get(url))  # fills per-process caches
    cache.clear()
    with django_assert_num_queries(page.budget):
        response = client.get(url)
        body = _body(response)
    assert response.status_code == page.status, url
    shows = page.shows(site)
    if isinstance(shows, str):
        assert shows in body.decode(), f"{url} does not show {shows!r}"
    else:
        assert body.startswith(shows), url


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_page_of_the_site_has_a_budget():
    """A new page (a named address answering GET) fails here until it has a row above."""
    names = {
        name
        for name in _url_names(get_resolver().url_patterns)
        if not name.startswith(("admin:", "account_", "mfa_"))
    }
    budgeted = {page.view for page in PAGES.values()}
    assert names - NOT_PAGES - budgeted == set()
    assert budgeted - {None, "account_login", "mfa_index"} <= names
    assert {page.role for page in PAGES.values()} == {"public", "member", "steering"}
