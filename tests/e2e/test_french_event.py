"""A French event page in Chromium: French texts, an untranslated title marked English,
registration in French; axe checks every page (tests/e2e/conftest.py)."""

import pytest

from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE_FR = "Table ronde : protéger les civils quand les missions se retirent"


def test_visitor_reads_a_french_event_then_a_member_registers_in_french(page, french_catalogue):
    series = factories.EventSeriesFactory(
        title="Policy webinars", title_fr="Webinaires sur les politiques"
    )
    event = factories.EventFactory(
        title="Roundtable: protecting civilians when missions leave",
        title_fr=TITLE_FR,
        slug="roundtable-protecting-civilians",
        summary="What happens to civilians when a mission draws down.",
        summary_fr="Ce qu’il advient des civils quand une mission réduit ses effectifs.",
        description="Practitioners compare notes.",
        description_fr="Des praticiens **comparent** leurs notes.",
        series=series,
        capacity=10,
    )
    factories.EventQuestionFactory(
        event=event, text="Who protects civilians?", text_fr="Qui protège les civils ?"
    )
    factories.AgendaItemFactory(event=event, title="Opening", title_fr="Ouverture")
    factories.ParticipantFactory(event=event, role="moderator", name="Mona Moderator")
    untranslated = factories.EventFactory(
        title="Workshop on civilian rosters", slug="workshop-on-civilian-rosters"
    )

    page.goto("/fr/events/")
    assert page.locator("html").get_attribute("lang") == "fr"
    fallback = page.get_by_role("link", name="Workshop on civilian rosters")
    assert fallback.get_attribute("lang") == "en"
    assert page.get_by_role("link", name=TITLE_FR).get_attribute("lang") is None

    page.get_by_role("link", name=TITLE_FR).click()
    page.wait_for_url(f"**/fr/events/{event.slug}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == TITLE_FR and heading.get_attribute("lang") is None
    assert page.get_by_text("Ce qu’il advient des civils").is_visible()
    assert page.get_by_text("Qui protège les civils ?").is_visible()
    assert page.get_by_role("rowheader", name="Ouverture").is_visible()
    assert page.get_by_role("heading", name="Questions à aborder").is_visible()
    assert page.get_by_text("Practitioners compare notes.").count() == 0
    calendar = page.get_by_role("link", name="Ajouter au calendrier (.ics)")
    assert calendar.get_attribute("href") == f"/fr/events/{event.slug}/event.ics"

    page.goto(f"/fr/events/{untranslated.slug}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Workshop on civilian rosters"
    assert heading.get_attribute("lang") == "en"

    member = factories.member_user(user__email="odile@example.org")
    log_in(page, member.email, factories.PASSWORD)
    page.goto(f"/fr/events/{event.slug}/")
    page.get_by_role("button", name="M’inscrire").click()
    page.get_by_text("Vous êtes inscrit à cet événement.").first.wait_for()
    assert_accessible(page)
    page.goto("/fr/events/mine/")
    assert page.get_by_role("link", name=TITLE_FR).is_visible()

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/fr/events/{event.slug}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the French event page scrolls sideways ({width} px wide)"
    assert page.console_errors == []
