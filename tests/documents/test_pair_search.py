"""A search, the library list, theme pages and the home page show a pair once."""

import re
from html import unescape

import pytest
from django.core.cache import cache

from documents import services
from documents.facets import pairs_facets_and_page
from documents.models import Document
from powg.visibility import Status, Visibility
from tests.factories import DocumentFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

SEES_STEERING = {"public": False, "member": False, "steering": True, "admin": True}


def cards(response):
    """(title, the other version's link or None) of each card, in order."""
    html = unescape(response.content.decode())
    found = []
    for card in html.split('<article class="card doc-card">')[1:]:
        title = re.search(r'<h3 class="card-title"><a [^>]*>([^<]*)</a>', card).group(1)
        other = re.search(r'<p class="doc-card-other"><a href="([^"]*)"', card)
        found.append((title, other.group(1) if other else None))
    return found


def facet_sums(response):
    return {
        name: sum(o.count for o in options) for name, options in response.context["facets"].items()
    }


@pytest.fixture
def pair():
    theme = ThematicAreaFactory(slug="capacity")
    english = DocumentFactory(
        title="Civilian capacity in peacekeeping",
        slug="civilian-capacity",
        language="en",
        summary="Deploying civilian experts to peacekeeping missions.",
        themes=[theme],
    )
    french = DocumentFactory(
        title="La capacité civile dans le maintien de la paix",
        slug="capacite-civile",
        language="fr",
        summary="Déployer des experts civils dans les missions de maintien de la paix.",
        themes=[theme],
    )
    services.pair_documents(document=english, counterpart=french)
    lone = DocumentFactory(
        title="Peacekeeping budgets",
        slug="budgets",
        language="en",
        summary="Peacekeeping finance.",
        themes=[theme],
    )
    return english, french, lone


ENGLISH_CARD = ("Civilian capacity in peacekeeping", "/fr/library/capacite-civile/")
FRENCH_CARD = ("La capacité civile dans le maintien de la paix", "/library/civilian-capacity/")
LONE_CARD = ("Peacekeeping budgets", None)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/library/", [LONE_CARD, ENGLISH_CARD]),
        ("/fr/library/", [LONE_CARD, FRENCH_CARD]),
        ("/library/?q=peacekeeping", [ENGLISH_CARD, LONE_CARD]),
        # an English word that only the English version holds still finds the pair,
        # shown in the reader's language
        ("/fr/library/?q=deploying", [FRENCH_CARD]),
        ("/library/?q=d%C3%A9ployer", [ENGLISH_CARD]),
        ("/fr/library/?q=%22maintien+de+la+paix%22", [FRENCH_CARD]),
        ("/library/?theme=capacity&sort=title", [ENGLISH_CARD, LONE_CARD]),
        ("/fr/library/?theme=capacity&sort=title", [FRENCH_CARD, LONE_CARD]),
    ],
)
def test_a_pair_is_found_once_in_the_readers_language(client, pair, path, expected):
    response = client.get(path)
    assert sorted(cards(response)) == sorted(expected), path
    assert response.context["total"] == len(expected)
    assert set(facet_sums(response).values()) <= {len(expected), 0}
    assert facet_sums(response)["language"] == len(expected)


def test_a_match_on_the_english_side_only_shows_the_french_version(client, pair):
    english, french, lone = pair
    assert list(Document.objects.search("deploying")) == [english]  # French one: no match
    assert cards(client.get("/fr/library/?q=deploying")) == [FRENCH_CARD]


def test_the_order_of_a_search_counts_the_better_rank_of_the_two(client, pair):
    response = client.get("/fr/library/?q=deploying+civilian+experts")
    assert cards(response) == [FRENCH_CARD]


def test_the_language_filter_keeps_the_shown_versions_in_that_language(client, pair):
    """On the French pages the pair is a French card: « English » lists English-only ones."""
    english_only = client.get("/fr/library/?language=en")
    assert cards(english_only) == [LONE_CARD]
    assert english_only.context["total"] == 1
    assert facet_sums(english_only)["language"] == 1
    french = client.get("/fr/library/?language=fr")
    assert cards(french) == [FRENCH_CARD]
    assert cards(client.get("/library/?language=en")) == [LONE_CARD, ENGLISH_CARD]


def test_the_language_facet_counts_the_cards(client, pair):
    response = client.get("/fr/library/")
    languages = {o.value: o.count for o in response.context["facets"]["language"]}
    assert languages == {"en": 1, "fr": 1}
    languages = {o.value: o.count for o in client.get("/library/").context["facets"]["language"]}
    assert languages == {"en": 2}


def test_cached_counts_are_kept_per_language(client, pair):
    cache.clear()
    for _ in range(2):  # the second time from the cache
        assert client.get("/library/").context["facets"]["language"][0].count == 2
        fr = {o.value: o.count for o in client.get("/fr/library/").context["facets"]["language"]}
        assert fr == {"en": 1, "fr": 1}


def test_a_counterpart_the_reader_may_not_see_leaves_the_other_alone(
    role_user, client_as, french_catalogue
):
    role, user = role_user
    english = DocumentFactory(
        title="Mandates and force", slug="mandates", language="en", summary="Use of force."
    )
    french = DocumentFactory(
        title="Mandats et recours à la force",
        slug="mandats",
        language="fr",
        summary="Recours à la force.",
        visibility=Visibility.STEERING,
    )
    services.pair_documents(document=english, counterpart=french)
    client = client_as(user)
    for path in ("/fr/library/?q=force", "/fr/library/"):
        found = cards(client.get(path))
        if SEES_STEERING[role]:
            assert found == [("Mandats et recours à la force", "/library/mandates/")], path
        else:
            assert found == [("Mandates and force", None)], path
            assert "/fr/library/mandats/" not in client.get(path).content.decode()
    # a word only the French version holds: found through it by those who may read it
    found = cards(client.get("/library/?q=recours"))
    sees = SEES_STEERING[role]
    assert found == ([("Mandates and force", "/fr/library/mandats/")] if sees else [])


def test_a_draft_or_archived_counterpart_is_not_listed(client, steering, client_as):
    english = DocumentFactory(title="Rapid deployment", slug="rapid", language="en")
    french = DocumentFactory(
        title="Déploiement rapide", slug="rapide", language="fr", status=Status.ARCHIVED
    )
    services.pair_documents(document=english, counterpart=french)
    # archived versions leave listings: the English one stands for the pair, and names
    # the French one, still readable at its address
    assert cards(client.get("/fr/library/")) == [("Rapid deployment", "/fr/library/rapide/")]
    assert cards(client.get("/fr/library/?archived=1")) == [
        ("Déploiement rapide", "/library/rapid/")
    ]
    Document.objects.filter(pk=french.pk).update(status=Status.DRAFT)
    assert cards(client.get("/fr/library/")) == [("Rapid deployment", None)]
    assert cards(client_as(steering).get("/fr/library/")) == [
        ("Rapid deployment", "/fr/library/rapide/")
    ]


def test_theme_pages_and_home_show_a_pair_once(client, pair):
    english, french, lone = pair
    theme_fr = cards(client.get("/fr/themes/capacity/"))
    assert sorted(theme_fr) == sorted([FRENCH_CARD, LONE_CARD])
    assert sorted(cards(client.get("/themes/capacity/"))) == sorted([ENGLISH_CARD, LONE_CARD])
    home = cards(client.get("/fr/"))
    assert sorted(home) == sorted([FRENCH_CARD, LONE_CARD])
    themes = client.get("/themes/").content.decode()
    assert "2 documents" in themes and "3 documents" not in themes


def test_the_counts_and_pages_of_many_pairs_agree(client):
    """30 pairs and 5 lone documents: 35 cards over two pages, each once."""
    for n in range(30):
        english = DocumentFactory(title=f"Paper {n:02d}", language="en")
        french = DocumentFactory(title=f"Document {n:02d}", language="fr")
        services.pair_documents(document=english, counterpart=french)
    for n in range(5):
        DocumentFactory(title=f"Lone {n}", language="fr")
    for prefix, own in (("", "Paper"), ("/fr", "Document")):
        first = client.get(f"{prefix}/library/?sort=title")
        second = client.get(f"{prefix}/library/?sort=title&page=2")
        assert first.context["total"] == 35
        titles = [t for t, _ in cards(first) + cards(second)]
        assert len(titles) == len(set(titles)) == 35
        assert sum(t.startswith(own) for t in titles) == 30


def test_pairs_facets_and_page_directly(pair):
    english, french, lone = pair
    listed = Document.objects.visible_to(None).listed()
    counts, ids = pairs_facets_and_page(listed, preferred="fr", limit=10)
    assert counts["total"] == 2 and set(ids) == {french.pk, lone.pk}
    counts, ids = pairs_facets_and_page(listed, candidates=listed.none(), preferred="fr", limit=10)
    assert (counts["total"], ids) == (0, [])
