"""Each library page runs a fixed number of queries, with 5 or with 50 documents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from powg.visibility import Visibility
from tests.factories import DocumentFactory, OrganizationFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


def make_library(count):
    themes = [ThematicAreaFactory() for _ in range(3)]
    organizations = [OrganizationFactory() for _ in range(2)]
    documents = [
        DocumentFactory(
            title=f"Peacekeeping paper {n}",
            themes=themes[: 1 + n % 3],
            publishing_organizations=organizations[: 1 + n % 2],
            keywords=[f"keyword{n % 4}"],
            visibility=Visibility.MEMBERS if n % 5 == 0 else Visibility.PUBLIC,
            authors=["A. Author"],
        )
        for n in range(count)
    ]
    return themes, organizations, documents


def count_queries(client, url):
    """Queries of one request, after a first one has filled per-process caches (Site)."""
    from django.core.cache import cache

    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


PAGES = {
    "list": lambda t, o, d: "/library/",
    "list oldest first": lambda t, o, d: "/library/?sort=oldest",
    "faceted list": lambda t, o, d: f"/library/?theme={t[0].slug}&language=en",
    "organization filter": lambda t, o, d: f"/library/?organization={o[0].slug}",
    "search": lambda t, o, d: "/library/?q=peacekeeping",
    "search sorted by title": lambda t, o, d: "/library/?q=peacekeeping&sort=title",
    "theme page": lambda t, o, d: t[0].get_absolute_url(),
    "theme list": lambda t, o, d: "/themes/",
    "reading page": lambda t, o, d: d[1].get_absolute_url(),
    "home page": lambda t, o, d: "/",
    "feed": lambda t, o, d: "/library/feed/rss/",
    "theme feed": lambda t, o, d: f"/themes/{t[0].slug}/feed/",
    "sitemap": lambda t, o, d: "/sitemap.xml",
}

# Anonymous visitor, cold facet cache. Tests run inside a transaction, so the
# atomic blocks show as SAVEPOINT / RELEASE pairs here. None for pages that also
# show other apps' boxes (home, theme page): there only 5 == 50 is asserted.
EXPECTED = {
    # themes, cache get, facets + page ids, cache set (count, savepoint, select,
    # insert, release), documents, organizations
    "list": 10,
    "list oldest first": 10,
    "faceted list": 4,  # themes, facets + page ids, documents, organizations
    "organization filter": 4,
    # themes, savepoint, SET LOCAL, facets + page ids, documents, snippets, release, orgs
    "search": 8,
    "search sorted by title": 8,
    "theme page": None,
    "theme list": 2,  # counts, themes
    # document, its organizations, other version, event, related, themes
    "reading page": 7,
    "home page": None,
    "feed": 1,
    "theme feed": 2,
    "sitemap": 5,  # count and items of documents and themes; events (a section with no rows)
}


@pytest.mark.parametrize("page", list(PAGES))
def test_fixed_query_count_at_5_and_50(client, page, django_assert_num_queries):
    from django.core.cache import cache

    counts = []
    for size in (5, 50):
        from documents.models import Document, ThematicArea

        Document.objects.all().delete()
        ThematicArea.objects.all().delete()
        themes, organizations, documents = make_library(size)
        cache.clear()
        counts.append(count_queries(client, PAGES[page](themes, organizations, documents)))
    assert counts[0] == counts[1], counts
    if EXPECTED[page] is not None:
        assert counts[1] == EXPECTED[page], counts


def test_list_with_cached_counts(client):
    themes, organizations, documents = make_library(5)
    client.get("/library/")  # fills the facet cache
    with CaptureQueriesContext(connection) as context:
        client.get("/library/")
    # themes, cache get, page ids, documents, organizations
    assert len(context.captured_queries) == 5


def test_member_pages_fixed_too(client_as, member):
    from django.core.cache import cache

    client = client_as(member)
    counts = []
    for size in (5, 50):
        from documents.models import Document, ThematicArea

        Document.objects.all().delete()
        ThematicArea.objects.all().delete()
        themes, organizations, documents = make_library(size)
        cache.clear()
        counts.append(
            [count_queries(client, url) for url in ("/library/", "/library/?q=paper", "/")]
        )
    assert counts[0] == counts[1], counts
