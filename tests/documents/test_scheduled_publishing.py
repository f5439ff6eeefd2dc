"""A document published for a later time: unseen everywhere before it, seen everywhere
after, with no command or job run in between.

Time passes in two ways here: the document's ``published_at`` is moved into the past
(what a clock would do to the comparison), and the clock itself moves
(``timezone.now`` is what ``visible_to``, the facet cache and the feeds read), which is
what proves that counts cached before the time do not outlive it.
"""

import datetime
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from documents.demo import make_pdf
from documents.models import Document
from powg.visibility import Status, Visibility
from tests import factories

pytestmark = pytest.mark.django_db

TITLE = "Rapid deployment roundtable report"


@pytest.fixture
def clock(monkeypatch):
    """``clock.move(seconds)`` moves the site's clock forward (the database's too)."""
    real_now = timezone.now

    class Clock:
        offset = datetime.timedelta()

        def move(self, seconds):
            self.offset += datetime.timedelta(seconds=seconds)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + clock.offset)
    return clock


@pytest.fixture
def library(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    theme = factories.ThematicAreaFactory(name="Rapid deployment", slug="rapid-deployment")
    older = factories.DocumentFactory(
        title="Standing capacity paper", themes=[theme], summary="Deployment capacity."
    )
    scheduled = factories.DocumentFactory(
        title=TITLE,
        summary="What the roundtable said about rapid deployment.",
        themes=[theme],
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(seconds=60),
        publication_date=datetime.date(2026, 11, 30),
    )
    scheduled.file.save("report.pdf", ContentFile(make_pdf(TITLE, ["Deploy faster."])))
    french = factories.DocumentFactory(
        title="Rapport de la table ronde", language="fr", themes=[theme]
    )
    from documents.services import pair_documents

    pair_documents(document=french, counterpart=scheduled)
    return {"theme": theme, "older": older, "scheduled": scheduled, "french": french}


def _library(client, url="/library/"):
    response = client.get(url)
    assert response.status_code == 200
    return response


def _titles(response):
    return [d.title for d in response.context["documents"]]


def _theme_count(response, slug="rapid-deployment"):
    return {o.value: o.count for o in response.context["facets"]["theme"]}.get(slug, 0)


def _feed_titles(client, url):
    """The items' titles of an RSS or Atom feed."""
    root = ElementTree.fromstring(client.get(url).content)
    items = root.findall("./channel/item/title") or root.findall(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title"
    )
    return [item.text for item in items]


def _surfaces(client, library):
    """What each public surface says of the scheduled document."""
    document = library["scheduled"]
    listing = _library(client)
    search = _library(client, "/library/?q=roundtable")
    french_page = client.get(library["french"].get_absolute_url()).content.decode()
    older_page = client.get(library["older"].get_absolute_url()).content.decode()
    return {
        "list": TITLE in _titles(listing),
        "count": listing.context["total"],
        "theme facet": _theme_count(listing),
        "search": TITLE in _titles(search),
        "search facet": _theme_count(search),
        "rss": TITLE in _feed_titles(client, "/library/feed/rss/"),
        "atom": TITLE in _feed_titles(client, "/library/feed/atom/"),
        "theme feed": TITLE in _feed_titles(client, "/themes/rapid-deployment/feed/"),
        "sitemap": document.get_absolute_url() in client.get("/sitemap.xml").content.decode(),
        "reading page": client.get(document.get_absolute_url()).status_code,
        "download": client.get(document.get_download_url()).status_code,
        "home": TITLE in client.get("/").content.decode(),
        "theme page": TITLE in client.get("/themes/rapid-deployment/").content.decode(),
        "themes count": {
            t.slug: t.document_count for t in client.get("/themes/").context["themes"]
        }["rapid-deployment"],
        "related": TITLE in older_page,
        "counterpart link": document.get_absolute_url() in french_page,
    }


BEFORE = {
    "list": False,
    "count": 2,  # the older paper and the French report (its pair not yet out)
    "theme facet": 2,
    "search": False,
    "search facet": 0,
    "rss": False,
    "atom": False,
    "theme feed": False,
    "sitemap": False,
    "reading page": 404,
    "download": 404,
    "home": False,
    "theme page": False,
    "themes count": 2,
    "related": False,
    "counterpart link": False,
}
AFTER = {
    **BEFORE,
    "list": True,
    "count": 2,  # the pair is one card, in the reader's language
    "theme facet": 2,
    "search": True,
    "search facet": 1,
    "rss": True,
    "atom": True,
    "theme feed": True,
    "sitemap": True,
    "reading page": 200,
    "download": 200,
    "home": True,
    "theme page": True,
    "themes count": 2,
    "related": True,
    "counterpart link": True,
}


@pytest.mark.parametrize("viewer", ["public", "member"])
def test_unseen_before_its_time_seen_after_when_the_clock_moves(client, library, clock, viewer):
    if viewer == "member":
        client.force_login(factories.member_user())
    assert _surfaces(client, library) == BEFORE  # the counts are cached now
    clock.move(90)  # past its time, well within the cache's 300 seconds
    assert _surfaces(client, library) == AFTER


def test_cached_counts_change_at_its_time(client, library, clock):
    library["french"].status = Status.DRAFT  # the scheduled one alone in its pair
    library["french"].save()
    from documents.facets import forget_cached_facets

    forget_cached_facets()
    first = _library(client)
    assert first.context["total"] == 1 and TITLE not in _titles(first)
    cached = _library(client)
    assert cached.context["total"] == 1
    clock.move(90)
    after = _library(client)
    assert TITLE in _titles(after)
    assert after.context["total"] == 2  # not the count cached a minute before
    assert _theme_count(after) == 2
    years = {o.value: o.count for o in after.context["facets"]["year"]}
    assert years.get("2026") == 1


def test_unseen_before_seen_after_when_its_time_is_moved(client, library):
    assert _surfaces(client, library) == BEFORE
    # Its time comes: published_at moved into the past, no command run, no cache forgotten.
    Document.objects.filter(pk=library["scheduled"].pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    after = _surfaces(client, library)
    # Cached list counts are the clock's business (above); every other surface follows.
    assert {k: v for k, v in after.items() if k not in ("count", "theme facet")} == {
        k: v for k, v in AFTER.items() if k not in ("count", "theme facet")
    }


def test_the_steering_committee_sees_it_before_its_time(client, library):
    client.force_login(factories.steering_user())
    listing = _library(client)
    assert TITLE in _titles(listing) or library["french"].title in _titles(listing)
    assert client.get(library["scheduled"].get_absolute_url()).status_code == 200
    assert client.get(library["scheduled"].get_download_url()).status_code == 200
    # Feeds and the sitemap are the public's, whoever asks.
    assert TITLE not in _feed_titles(client, "/library/feed/rss/")


def test_a_members_only_announcement_waits_for_its_time(client, clock):
    document = factories.DocumentFactory(
        title="Members brief",
        visibility=Visibility.MEMBERS,
        listed_publicly=True,
        published_at=timezone.now() + datetime.timedelta(seconds=60),
    )
    assert client.get(document.get_absolute_url()).status_code == 404
    clock.move(90)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "documents/document_members_only.html" in [t.name for t in response.templates]
