"""Recommendations journeys in Chromium: a visitor filters by addressee and theme and
reads one recommendation's timeline, in English and in French (axe on every page)."""

import datetime

import pytest

from documents.models import Addressee, Assignment
from documents.recommendations_services import add_status_update, import_recommendations
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tracker(french_catalogue):
    # A transactional test empties the tables after each test, curated rows included.
    canada, _ = Addressee.objects.get_or_create(
        slug="government-of-canada",
        defaults={"name": "Government of Canada", "name_fr": "Gouvernement du Canada"},
    )
    Addressee.objects.get_or_create(
        slug="un-security-council",
        defaults={"name": "UN Security Council", "name_fr": "Conseil de sécurité de l'ONU"},
    )
    protection = factories.ThematicAreaFactory(
        name="Protection of civilians", name_fr="Protection des civils", slug="protection"
    )
    finance = factories.ThematicAreaFactory(
        name="Financing", name_fr="Financement", slug="financing"
    )
    report = factories.DocumentFactory(
        title="The future of UN peacekeeping",
        themes=[protection],
        publication_date=datetime.date(2007, 11, 1),
    )
    money = factories.DocumentFactory(
        title="Paying for peace", themes=[finance], publication_date=datetime.date(2024, 5, 1)
    )
    factories.DocumentFactory(title="Members brief", visibility="members", themes=[protection])
    made = import_recommendations(
        document=report,
        items=[
            {
                "number": "1",
                "text": "Deploy Canadian civilian police to protect civilians.",
                "addressees": ["Government of Canada"],
            },
            {
                "number": "2",
                "text": "Write protection of civilians into every mandate.",
                "addressees": ["UN Security Council"],
            },
        ],
    ).recommendations
    import_recommendations(
        document=money,
        items=[
            {"number": "1", "text": "Pay dues on time.", "addressees": ["Government of Canada"]}
        ],
    )
    assignment = Assignment.objects.get(recommendation=made[0], addressee=canada)
    add_status_update(
        assignment=assignment,
        date=datetime.date(2008, 3, 1),
        response="accepted",
        note="Demo data: the government accepted it.",
        sources=[{"url": "https://www.canada.ca/en/news.html", "title": "Government statement"}],
        by=None,
    )
    add_status_update(
        assignment=assignment,
        date=datetime.date(2016, 8, 26),
        status="partially_implemented",
        note="Demo data: police officers deployed to two missions.",
        sources=[{"symbol": "S/RES/2719 (2023)"}],
        by=None,
    )
    return made[0]


def _filter_and_open(page, *, prefix, labels):
    page.goto(f"{prefix}/recommendations/")
    page.get_by_label(labels["addressee"]).select_option(label=labels["canada"])
    page.get_by_label(labels["theme"], exact=True).select_option(label=labels["protection"])
    page.get_by_role("button", name=labels["show"]).click()
    page.wait_for_url("**addressee=government-of-canada**theme=protection**")
    cards = page.locator(".rec-card")
    assert cards.count() == 1
    text = cards.first.inner_text()
    assert "Deploy Canadian civilian police" in text
    assert "Pay dues on time" not in page.content()  # another theme
    assert "Write protection of civilians" not in page.content()  # another addressee
    page.get_by_role("link", name=labels["recommendation"]).click()
    page.wait_for_url("**/recommendations/*/")
    timeline = page.locator(".rec-timeline li")
    assert timeline.count() == 2
    assert labels["first_date"] in timeline.nth(0).inner_text()
    assert "Government statement" in timeline.nth(0).inner_text()
    assert labels["second_date"] in timeline.nth(1).inner_text()
    assert page.get_by_role("link", name="S/RES/2719 (2023)").get_attribute("href") == (
        "https://undocs.org/S/RES/2719(2023)"
    )
    assert page.get_by_role("heading", name=labels["timeline"]).count() == 1


def test_visitor_filters_and_reads_a_timeline_in_english(page, tracker):
    _filter_and_open(
        page,
        prefix="",
        labels={
            "addressee": "Addressee",
            "theme": "Thematic area",
            "canada": "Government of Canada",
            "protection": "Protection of civilians",
            "show": "Show recommendations",
            "recommendation": "Recommendation 1",
            "first_date": "1 March 2008",
            "second_date": "26 August 2016",
            "timeline": "Timeline",
        },
    )
    assert "Partially implemented" in page.locator(".rec-current").inner_text()
    page.get_by_role("link", name="Recommendations", exact=True).first.click()
    page.get_by_role("link", name="Summary of progress").click()
    page.wait_for_url("**/recommendations/summary/")
    assert page.get_by_role("row", name="Government of Canada").count() >= 1


def test_visitor_filters_and_reads_a_timeline_in_french(page, tracker):
    _filter_and_open(
        page,
        prefix="/fr",
        labels={
            "addressee": "Destinataire",
            "theme": "Domaine thématique",
            "canada": "Gouvernement du Canada",
            "protection": "Protection des civils",
            "show": "Afficher les recommandations",
            "recommendation": "Recommandation 1",
            "first_date": "1 mars 2008",
            "second_date": "26 août 2016",
            "timeline": "Chronologie",
        },
    )
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Partiellement mise en œuvre" in page.locator(".rec-current").inner_text()
