"""A visitor reads the library in French and finds a paper's English version one click away."""

import datetime

import pytest

from documents import services
from tests import factories
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pairs(french_catalogue):
    theme = factories.ThematicAreaFactory(
        name="Civilian capacity", name_fr="Capacité civile", slug="civilian-capacity"
    )
    english = factories.DocumentFactory(
        title="Civilian experts in UN peacekeeping",
        slug="civilian-experts",
        summary="Why peace operations need civilian experts, and how to deploy them faster.",
        themes=[theme],
        publication_date=datetime.date(2020, 5, 1),
    )
    french = factories.DocumentFactory(
        title="Les experts civils dans le maintien de la paix",
        slug="experts-civils",
        language="fr",
        summary="Pourquoi le maintien de la paix a besoin d'experts civils.",
        themes=[theme],
        publication_date=datetime.date(2020, 5, 1),
    )
    services.pair_documents(document=english, counterpart=french)
    factories.DocumentFactory(
        title="Financing peace operations",
        summary="The liquidity crisis of peacekeeping budgets.",
        themes=[theme],
    )
    # a steering-only French version is never shown to the public
    hidden = factories.DocumentFactory(
        title="Le mandat de protection", language="fr", visibility="steering", slug="mandat"
    )
    mandate = factories.DocumentFactory(title="The protection mandate", slug="mandate")
    services.pair_documents(document=mandate, counterpart=hidden)
    return english, french


def test_visitor_switches_to_french_searches_and_finds_the_english_version(page, pairs):
    page.goto("/")
    page.get_by_role("link", name="Français", exact=True).click()
    page.wait_for_url("**/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)

    page.get_by_role("searchbox", name="Chercher dans la bibliothèque").first.fill(
        "maintien de la paix"
    )
    page.get_by_role("button", name="Chercher").first.click()
    page.wait_for_url("**/fr/library/?q=maintien*")
    titles = page.locator(".card-title").all_inner_texts()
    # the pair once, as its French version; the English-only paper about peacekeeping too
    assert "Les experts civils dans le maintien de la paix" in titles
    assert "Civilian experts in UN peacekeeping" not in titles
    assert "Le mandat de protection" not in page.content()
    english_link = page.locator(".doc-card-other a").first
    assert english_link.get_attribute("lang") == "en"
    assert english_link.get_attribute("hreflang") == "en"
    assert_accessible(page)

    page.get_by_role("link", name="Les experts civils dans le maintien de la paix").click()
    page.wait_for_url("**/fr/library/experts-civils/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Les experts civils dans le maintien de la paix"
    )
    counterpart = page.get_by_role("link", name="English version")
    assert counterpart.get_attribute("href") == "/library/civilian-experts/"
    assert counterpart.get_attribute("lang") == "en"
    alternates = page.locator('link[rel="alternate"][hreflang]')
    assert sorted(alternates.evaluate_all("els => els.map(e => e.hreflang)")) == ["en", "fr"]
    # the switcher leads to the English version too
    assert page.locator("a.lang-switch").get_attribute("href") == "/library/civilian-experts/"
    assert_accessible(page)

    counterpart.click()
    page.wait_for_url("**/library/civilian-experts/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Civilian experts in UN peacekeeping"
    )
    assert page.get_by_role("link", name="Version française").get_attribute("href") == (
        "/fr/library/experts-civils/"
    )


def test_a_paper_in_english_only_says_so_on_the_french_page(page, pairs):
    page.goto("/library/mandate/")
    page.get_by_role("link", name="Français", exact=True).click()
    page.wait_for_url("**/fr/library/mandate/")
    note = page.locator(".notice--language")
    assert note.inner_text() == "Ce document n'existe qu'en anglais."
    assert page.get_by_role("heading", level=1).get_attribute("lang") == "en"
    assert "/fr/library/mandat/" not in page.content()
    assert_accessible(page)
