"""Editing documents in Chromium: a steering-committee member drafts a roundtable report
with a PDF, previews it and schedules it; a visitor finds it by search once its time has
come. Two editors conflict. Axe checks every editing page, in English and in French."""

import datetime
import time

import pytest
from django.utils import timezone

from documents.demo import make_pdf
from documents.models import Document
from tests import factories
from tests.e2e.conftest import CheckedPage, enter_totp_code, log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Roundtable on rapid deployment 2026"
SCHEDULE_AHEAD = 20  # seconds


@pytest.fixture
def newsroom(settings, tmp_path, french_catalogue):
    settings.MEDIA_ROOT = tmp_path / "media"
    theme = factories.ThematicAreaFactory(
        name="Rapid deployment", name_fr="Déploiement rapide", slug="rapid-deployment"
    )
    factories.DocumentFactory(title="Standing capacity paper", themes=[theme])
    pdf = tmp_path / "roundtable-report.pdf"
    pdf.write_bytes(make_pdf(TITLE, ["Participants asked for a standing police capacity."]))
    return {"theme": theme, "pdf": pdf}


def _other_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    raw = context.new_page()
    raw.set_default_timeout(15_000)
    return context, CheckedPage(raw)


def test_draft_preview_schedule_then_a_visitor_finds_it(page, newsroom, browser, live_server):
    chair = factories.steering_user(user__email="chair@example.org", user__name="Chair Person")
    log_in(page, chair.email, factories.PASSWORD)
    page.goto("/library/")
    page.get_by_role("link", name="New document").click()
    page.wait_for_url("**/library/new/")

    # A first try without a title: the summary at the top links to the field, and what
    # was typed stays (the file must be chosen again, and the page says so).
    page.locator("#id_summary").fill("What the participants said about deploying faster.")
    page.locator("#id_file").set_input_files(str(newsroom["pdf"]))
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    summary.get_by_role("link", name="Title").click()
    assert page.evaluate("document.activeElement.id") == "id_title"
    assert page.locator("#id_summary").input_value().startswith("What the participants")
    assert page.locator("#file-again").is_visible()

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_document_type").select_option("roundtable_report")
    page.locator("#id_body").fill("## Findings\n\nMissions need a standing police capacity.")
    page.locator("#id_authors").fill("Daniel Osei")
    page.locator("#id_publication_date").fill("2026-11-20")
    page.get_by_label("Rapid deployment").check()
    page.locator("#id_file").set_input_files(str(newsroom["pdf"]))
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_url("**/library/roundtable-on-rapid-deployment-2026/preview/")
    assert page.locator(".preview-banner").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert page.locator(".preview-banner").get_by_text("Draft").is_visible()
    assert page.get_by_role("link", name="Download (PDF").first.is_visible()

    page.get_by_role("link", name="Back to editing").click()
    page.wait_for_url("**/edit/")
    due = timezone.now() + datetime.timedelta(seconds=SCHEDULE_AHEAD)
    page.locator("#id_scheduled_for").fill(timezone.localtime(due).strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_url("**/edit/")
    assert page.get_by_text("Scheduled: it becomes visible").is_visible()
    assert page.locator(".badge--scheduled").is_visible()
    document = Document.objects.get(title=TITLE)
    assert document.is_scheduled
    assert abs((document.published_at - due).total_seconds()) < 2

    # A visitor, meanwhile: nothing yet.
    context, visitor = _other_page(browser, live_server)
    try:
        visitor.goto("/library/?q=standing+police+capacity")
        assert TITLE not in visitor.locator(".card-title").all_inner_texts()
        wait = (document.published_at - timezone.now()).total_seconds() + 1
        time.sleep(max(wait, 0))
        visitor.reload()
        assert TITLE in visitor.locator(".card-title").all_inner_texts()
        visitor.get_by_role("link", name=TITLE).click()
        visitor.wait_for_url(f"**{document.get_absolute_url()}")
        assert visitor.get_by_role("heading", level=1).inner_text() == TITLE
        assert visitor.get_by_role("link", name="Edit").count() == 0
        visitor.check_new_document()
    finally:
        context.close()

    # The history of what the chair did, and the pages in French (axe on each).
    page.goto(f"/library/{document.slug}/history/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("History of")
    page.goto(f"/fr/library/{document.slug}/edit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Modifier le document"
    page.goto("/fr/library/new/")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    assert page.locator("#error-summary").is_visible()
    page.goto(f"/fr/library/{document.slug}/preview/")
    assert page.locator(".preview-banner").is_visible()


def test_two_editors_conflict(page, newsroom, browser, live_server):
    document = factories.DocumentFactory(
        title="Shared paper", summary="The original summary.", themes=[newsroom["theme"]]
    )
    first = factories.steering_user(user__email="first@example.org", user__name="First Editor")
    second = factories.steering_user(user__email="second@example.org", user__name="Second")
    log_in(page, first.email, factories.PASSWORD)
    page.goto(f"/library/{document.slug}/edit/")

    context, other = _other_page(browser, live_server)
    try:
        other.goto("/accounts/login/")
        other.get_by_label("Email").fill(second.email)
        other.get_by_label("Password").fill(factories.PASSWORD)
        with other.expect_navigation():
            other.get_by_role("button", name="Log in").click()
        if "/2fa/authenticate/" in other.url:
            enter_totp_code(other, second.email)
        other.goto(f"/library/{document.slug}/edit/")

        page.locator("#id_summary").fill("The first editor's summary.")
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url("**/edit/")
        assert page.get_by_text("Saved.").is_visible()

        other.locator("#id_body").fill("The second editor's body, typed with care.")
        other.get_by_role("button", name="Save", exact=True).click()
        notice = other.locator("#conflict")
        assert notice.is_visible()
        assert "first@example.org" in notice.inner_text() or "First Editor" in notice.inner_text()
        assert "first editor's" in notice.locator("ins").all_inner_texts()[0]  # word diff
        assert (
            other.locator("#id_body").input_value() == "The second editor's body, typed with care."
        )
        other.check_new_document()
    finally:
        context.close()
    document.refresh_from_db()
    assert document.summary == "The first editor's summary."
    assert "second editor" not in document.body
