"""Library journeys in Chromium: search, filter, read, download, log in for members-only."""

import datetime

import pytest
from django.core.files.base import ContentFile

from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def library(settings, tmp_path):
    from documents.demo import make_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    rapid = factories.ThematicAreaFactory(name="Rapid deployment", name_fr="Déploiement rapide")
    police = factories.ThematicAreaFactory(name="Police and justice", name_fr="Police et justice")
    report = factories.DocumentFactory(
        title="The future of UN peacekeeping",
        slug="future-of-un-peacekeeping",
        summary="A roundtable on peacekeeping operations fifty years on.",
        body="# Challenges\n\nPeacekeepers arrive late.[^1]\n\n# Recommendations\n\n"
        "1. Deploy faster.\n\n[^1]: Months, not weeks.",
        themes=[rapid, police],
        authors=["Daniel Osei"],
        publication_date=datetime.date(2007, 11, 1),
        date_precision="month",
    )
    report.file.save("report.pdf", ContentFile(make_pdf(report.title, ["Standing capacity."])))
    factories.DocumentFactory(
        title="Police in peacekeeping missions", themes=[police], summary="Police officers."
    )
    factories.DocumentFactory(
        title="Les opérations de paix", language="fr", themes=[rapid], summary="Paix."
    )
    factories.DocumentFactory(
        title="Women in uniform: members brief",
        summary="Peacekeeping and gender.",
        visibility="members",
        themes=[rapid],
    )
    return {"rapid": rapid, "police": police, "report": report}


def test_visitor_searches_filters_reads_and_downloads(page, library):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("searchbox", name="Search the library").first.fill("peacekeepers")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/library/?q=peacekeepers")
    results = page.locator(".card-title")
    assert "The future of UN peacekeeping" in results.all_inner_texts()
    assert "Women in uniform: members brief" not in page.content()
    assert page.locator("mark").count() > 0
    assert_accessible(page)

    page.get_by_role("link", name="Rapid deployment (").first.click()
    page.wait_for_url("**theme=rapid-deployment**")
    assert "q=peacekeepers" in page.url
    titles = page.locator(".card-title").all_inner_texts()
    assert titles == ["The future of UN peacekeeping"]
    assert_accessible(page)

    page.get_by_role("link", name="The future of UN peacekeeping").click()
    page.wait_for_url("**/library/future-of-un-peacekeeping/")
    assert page.get_by_role("heading", level=1).inner_text() == "The future of UN peacekeeping"
    assert page.get_by_role("navigation", name="Contents").is_visible()
    assert page.locator('meta[name="citation_title"]').count() == 1
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert_accessible(page)
    # The JSON-LD data block is not refused by the CSP, and nothing else fails.
    assert page.console_errors == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download (PDF").click()
    download = download_info.value
    assert download.suggested_filename == "future-of-un-peacekeeping.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_member_sees_members_only_documents_after_logging_in(page, library):
    page.goto("/library/")
    assert "Women in uniform: members brief" not in page.content()
    user = factories.member_user(user__email="reader@example.org")
    log_in(page, user.email, factories.PASSWORD)
    page.locator(".account-name").wait_for()
    page.goto("/library/")
    page.get_by_role("link", name="Women in uniform: members brief").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Women in uniform: members brief"
    assert page.get_by_text("Members only").first.is_visible()
    assert_accessible(page)
    assert page.console_errors == []


def test_library_on_a_phone_and_in_french(page, library):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/fr/library/")
    assert page.locator("html").get_attribute("lang") == "fr"
    panel = page.locator("#facets-panel")
    assert panel.get_attribute("open") is None  # filters folded away on a phone
    page.locator("#facets-panel summary").click()
    assert page.get_by_role("link", name="Déploiement rapide (").first.is_visible()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"page scrolls sideways at 320 px ({width} px wide)"
    page.goto("/fr/library/future-of-un-peacekeeping/")
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"reading page scrolls sideways ({width} px)"
    page.goto("/fr/themes/")
    assert_accessible(page)


def test_no_results_and_sorting(page, library):
    page.goto("/library/?q=zebra")
    assert page.get_by_text("No documents match").is_visible()
    assert_accessible(page)
    page.goto("/library/")
    page.select_option("#sort", "title")
    page.wait_for_url("**sort=title**")
    titles = page.locator(".card-title").all_inner_texts()
    assert titles == sorted(titles, key=str.lower)
    assert page.console_errors == []
