"""Library search seen by each role, with positive controls, and read from the page itself.

``test_search.py`` checks the search engine; these check what a visitor reads: a
member finds members-only papers with highlighted snippets where the public finds
nothing; the count in the heading is the sum of every facet group's counts; the pages
of a result, in every sort, with or without a filter that keeps everything, hold the
same documents exactly once; a malformed query gets a page that says what happened;
and an unusable query never blanks the shared facet counts.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client

from documents.library import PER_PAGE
from powg.visibility import Status, Visibility
from tests.factories import DocumentFactory, OrganizationFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

TERM = "ceasefire"
ROLE_TIER = {"public": 0, "member": 1, "steering": 2, "admin": 2}
VISIBILITY_TIER = {Visibility.PUBLIC: 0, Visibility.MEMBERS: 1, Visibility.STEERING: 2}
UNUSABLE = "Your search had no words we could look for."


# --- reading the page ----------------------------------------------------------------------

COUNT = re.compile(r'<h2 id="results-title" class="results-count">(\d+) ')
FACET = re.compile(r'<section class="facet" aria-labelledby="facet-(\w+)">(.*?)</section>', re.S)
FACET_COUNT = re.compile(r'<span class="facet-count">\((\d+)\)</span>')
CARD = re.compile(r'<article class="card doc-card">(.*?)</article>', re.S)
SNIPPET = re.compile(r'<p class="snippet"[^>]*>(.*?)</p>', re.S)


def shown_count(html):
    """The number in the results heading ("12 documents")."""
    match = COUNT.search(html)
    assert match, "no results heading"
    return int(match.group(1))


def facet_sums(html):
    """Each facet group's counts, summed, as the page shows them."""
    return {
        name: sum(int(n) for n in FACET_COUNT.findall(body)) for name, body in FACET.findall(html)
    }


def cards(html):
    """{title: snippet html or None} of the result cards on the page."""
    result = {}
    for card in CARD.findall(html):
        title = re.search(r'<h3 class="card-title"><a [^>]*>(.*?)</a>', card).group(1)
        snippet = SNIPPET.search(card)
        result[title] = snippet.group(1) if snippet else None
    return result


def ids(response):
    return [document.pk for document in response.context["documents"]]


# --- search by role ------------------------------------------------------------------------


@pytest.fixture
def papers():
    """One paper per visibility (and a members' draft); the term only in their bodies."""
    body = f"Monitoring a {TERM} needs civilian observers. The {TERM} held for a year."
    made = {
        "Open paper": DocumentFactory(title="Open paper", summary="", body=body),
        "Members briefing": DocumentFactory(
            title="Members briefing", summary="", body=body, visibility=Visibility.MEMBERS
        ),
        "Steering memo": DocumentFactory(
            title="Steering memo", summary="", body=body, visibility=Visibility.STEERING
        ),
        "Members draft": DocumentFactory(
            title="Members draft",
            summary="",
            body=body,
            visibility=Visibility.MEMBERS,
            status=Status.DRAFT,
        ),
    }
    DocumentFactory(title="Budget lines", summary="", body="Nothing on that here.")
    return made


def visible_titles(papers, role):
    return {
        title
        for title, document in papers.items()
        if VISIBILITY_TIER[document.visibility] <= ROLE_TIER[role]
        and document.status == Status.PUBLISHED  # drafts are never listed, even to steering
    }


def test_each_role_finds_what_it_may_read_with_snippets(role_user, client_as, papers):
    role, user = role_user
    response = client_as(user).get("/library/", {"q": TERM})
    assert response.status_code == 200
    html = response.content.decode()
    expected = visible_titles(papers, role)
    found = cards(html)
    assert set(found) == expected
    assert shown_count(html) == response.context["total"] == len(expected)
    for title, snippet in found.items():
        assert snippet and f"<mark>{TERM}</mark>" in snippet, title
    for title in set(papers) - expected:
        assert title not in html
    assert html.count("<mark>") == sum(snippet.count("<mark>") for snippet in found.values())


def test_a_member_finds_members_only_papers_and_the_public_does_not(client_as, member, papers):
    members_page = client_as(member).get("/library/", {"q": TERM}).content.decode()
    snippet = cards(members_page)["Members briefing"]
    assert f"Monitoring a <mark>{TERM}</mark> needs civilian observers" in snippet
    assert "Members only" in members_page  # the card's badge
    public_page = client_as(None).get("/library/", {"q": TERM}).content.decode()
    assert set(cards(public_page)) == {"Open paper"}
    assert "Members briefing" not in public_page and "Steering memo" not in public_page
    assert shown_count(public_page) == 1


def test_the_members_search_is_not_cached_for_the_public(client_as, member, papers):
    """The same address, a member then the public: the second answer is the public's."""
    cache.clear()
    assert shown_count(client_as(member).get("/library/").content.decode()) == 3
    public_page = client_as(None).get("/library/").content.decode()
    assert shown_count(public_page) == 2 and "Members briefing" not in public_page
    assert shown_count(client_as(member).get("/library/").content.decode()) == 3


# --- totals agree with facets --------------------------------------------------------------


@pytest.fixture
def catalogue():
    """Papers with exactly one theme and one publisher each, so every facet group sums."""
    themes = [ThematicAreaFactory(name=f"Area {n}") for n in range(3)]
    organizations = [OrganizationFactory(name=f"Publisher {n}") for n in range(2)]
    kinds = ["report", "policy_brief", "fact_sheet", "concept_note"]
    visibilities = [Visibility.PUBLIC, Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STEERING]
    statuses = [Status.PUBLISHED, Status.PUBLISHED, Status.PUBLISHED, Status.ARCHIVED, Status.DRAFT]
    made = []
    for n in range(30):
        document = DocumentFactory(
            title=f"Paper {n:02d}",
            body=f"The {TERM} mandate." if n % 2 else "The mandate.",
            themes=[themes[n % 3]],
            publishing_organizations=[organizations[n % 2]],
            document_type=kinds[n % 4],
            language="fr" if n % 5 == 0 else "en",
            publication_date=datetime.date(2015 + n % 7, 1 + n % 12, 1),
            visibility=visibilities[n % 4],
            status=statuses[n % 5],
        )
        document.the_theme = themes[n % 3]
        made.append(document)
    return {"themes": themes, "documents": made}


def expected_total(documents, role, *, term=False, archived=False, language=None, theme=None):
    listed = {Status.PUBLISHED, Status.ARCHIVED} if archived else {Status.PUBLISHED}
    return sum(
        1
        for d in documents
        if VISIBILITY_TIER[d.visibility] <= ROLE_TIER[role]
        and d.status in listed
        and (not term or TERM in d.body)
        and (language is None or d.language == language)
        and (theme is None or d.the_theme == theme)
    )


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_shown_total_equals_every_facet_groups_sum(role_user, client_as, catalogue, prefix):
    role, user = role_user
    client = client_as(user)
    documents, theme = catalogue["documents"], catalogue["themes"][1]
    cache.clear()
    pages = [
        ("", {}),
        ("", {}),  # the second one reads the cached counts
        ("?archived=1", {"archived": True}),
        (f"?q={TERM}", {"term": True}),
        (f"?q={TERM}&archived=1", {"term": True, "archived": True}),
        (f"?q={TERM}&language=en", {"term": True, "language": "en"}),
        (f"?theme={theme.slug}", {"theme": theme}),
        (f"?q={TERM}&theme={theme.slug}&sort=title", {"term": True, "theme": theme}),
    ]
    for query, criteria in pages:
        url = f"{prefix}/library/{query}"
        response = client.get(url)
        html = response.content.decode()
        total = expected_total(documents, role, **criteria)
        assert total > 0, url
        assert shown_count(html) == response.context["total"] == total, url
        sums = facet_sums(html)
        assert set(sums) == {"theme", "type", "year", "language", "organization"}, url
        assert set(sums.values()) == {total}, f"{role} {url}: {sums} for {total} shown"
        assert len(cards(html)) == min(total, PER_PAGE), url


# --- pages and sorts agree, with and without a filter -------------------------------------


@pytest.fixture
def many(db):
    """45 papers with the term (ranks, dates and titles tied in places), 5 without."""
    theme = ThematicAreaFactory(name="Everything")
    matching, everything = [], []
    for n in range(50):
        has_term = n < 45
        document = DocumentFactory(
            title=f"Study {n % 15:02d}",  # titles repeat: the id breaks the tie
            slug=f"study-{n}",
            summary=f"{TERM} " * (n % 3) if has_term else "",  # three ranks
            body=f"On the {TERM}." if has_term else "On something else.",
            publication_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n // 3),
            themes=[theme],
            language="en",
        )
        everything.append(document)
        if has_term:
            matching.append(document)
    return {"theme": theme, "matching": matching, "all": everything}


def python_order(documents, sort):
    keys = {
        "newest": lambda d: (-d.publication_date.toordinal(), -d.pk),
        "oldest": lambda d: (d.publication_date.toordinal(), d.pk),
        "title": lambda d: (d.title, d.pk),
    }
    return [d.pk for d in sorted(documents, key=keys[sort])]


def all_pages(client, params):
    """Every page's ids in order, and each page's size."""
    found, sizes = [], []
    number = 1
    while True:
        response = client.get("/library/", {**params, "page": number})
        page = response.context["page_obj"]
        assert page.number == number
        found += ids(response)
        sizes.append(len(ids(response)))
        assert shown_count(response.content.decode()) == page.paginator.count
        if not page.has_next():
            return found, sizes
        number += 1


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest", "title"])
def test_search_pages_hold_every_match_once_in_every_sort(client_as, member, many, sort):
    client = client_as(member)
    wanted = {d.pk for d in many["matching"]}
    orders = {}
    for extra in ({}, {"theme": many["theme"].slug}, {"language": "en"}):
        found, sizes = all_pages(client, {"q": TERM, "sort": sort, **extra})
        assert sizes == [20, 20, 5], extra
        assert len(found) == len(set(found)) and set(found) == wanted, extra
        orders[tuple(extra)] = found
    assert len({tuple(order) for order in orders.values()}) == 1  # the filter changes nothing
    if sort != "relevance":
        assert orders[()] == python_order(many["matching"], sort)


@pytest.mark.parametrize("sort", ["newest", "oldest", "title"])
def test_browsing_pages_agree_with_and_without_the_cache(client_as, many, sort):
    """Page 1 fills the shared counts; later pages read them and page by the ORM's order."""
    client = client_as(None)
    cache.clear()
    expected = python_order(many["all"], sort)
    for extra in ({}, {"theme": many["theme"].slug}, {}):
        found, sizes = all_pages(client, {"sort": sort, **extra})
        assert sizes == [20, 20, 10]
        assert found == expected, extra


# --- malformed queries ----------------------------------------------------------------------


@pytest.fixture
def library(db):
    DocumentFactory(title="Peacekeeping today", summary="", body="Peacekeeping needs police.")
    DocumentFactory(title="Another paper", summary="", body="Budgets and mandates.")


def assert_library_page(response):
    """A real library page answered: not an error page, the search form still there."""
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Library</h1>" in html and 'id="library-q"' in html
    assert "Server error" not in html and "Traceback" not in html
    return html


@pytest.mark.parametrize(
    "raw",
    ["!!!", "-", "%00", "%22", "%27", "%21%21%21%20%3F%3F%3F", "---"],
    ids=["bangs", "minus", "nul", "double-quote", "single-quote", "punctuation", "dashes"],
)
def test_a_query_with_nothing_to_search_says_so(client, library, raw):
    html = assert_library_page(client.get(f"/library/?q={raw}"))
    assert UNUSABLE in html
    assert shown_count(html) == 0 and cards(html) == {}
    assert "No documents match" not in html  # it does not pretend the words were looked for


@pytest.mark.parametrize(
    ("query", "echo"),
    [
        ("OR", "OR"),
        ("a & | b", "a &amp; | b"),
        ('"unbalanced', "&quot;unbalanced"),
        ("x" * 5000, "x" * 200),  # capped at 200 characters
        ("it's", "it&#x27;s"),
    ],
    ids=["or", "operators", "quote-word", "very-long-word", "apostrophe"],
)
def test_a_query_that_finds_nothing_says_what_was_searched(client, library, query, echo):
    html = assert_library_page(client.get("/library/", {"q": query}))
    assert f"No documents match “{echo}”" in html
    assert f"No documents match “{echo}x" not in html
    assert shown_count(html) == 0 and cards(html) == {}
    assert UNUSABLE not in html
    assert "try the word in the other language" in html


def test_a_very_long_query_of_real_words_still_finds(client, library):
    """The query is capped at 200 characters: at a word's end, not inside a word (a cut
    "peacekeeping" searched for "peace" too, which the paper does not contain)."""
    html = assert_library_page(client.get("/library/", {"q": "peacekeeping " * 1000}))
    assert shown_count(html) == 1
    assert set(cards(html)) == {"Peacekeeping today"}
    assert "<mark>Peacekeeping</mark>" in html


def test_a_query_with_nothing_to_search_says_so_in_french(client, library, french_catalogue):
    html = client.get("/fr/library/?q=%21%21%21").content.decode()
    assert "Votre recherche ne contenait aucun mot à chercher." in html
    assert UNUSABLE not in html


# --- an unusable query never writes the shared counts ---------------------------------------


@pytest.mark.parametrize("raw", ["%21%21%21", "-", "%00"])
def test_an_unusable_query_does_not_blank_the_library_for_everyone(
    role_user, client_as, raw, library
):
    """With the facet cache empty, ``?q=!!!`` used to store empty counts under the shared
    key: every visitor's library then said "0 documents", with no facets."""
    role, user = role_user
    DocumentFactory(title="Members paper", visibility=Visibility.MEMBERS)
    total = 2 if role == "public" else 3
    client = client_as(user)
    cache.clear()
    assert_library_page(client.get(f"/library/?q={raw}"))
    another = Client()  # another visitor of the same access level, in a session of its own
    if user is not None:
        another.force_login(user)
    for visitor in (client, another):
        response = visitor.get("/library/")
        html = assert_library_page(response)
        assert shown_count(html) == response.context["total"] == total
        assert facet_sums(html)["language"] == total
        assert len(cards(html)) == total
