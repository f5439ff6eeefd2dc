"""The site's own pages edited in Chromium: a steering-committee member changes the About
page's French text, previews it and sees it on /fr/about/; then opens My drafts and the
audit log, in English and French (axe on every page)."""

import pytest

from powg.audit import record
from powg.models import AuditAction
from powg.visibility import Status
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def steering(french_catalogue):
    return factories.steering_user(user__email="editor@example.org", user__name="Edith Editor")


def test_steering_edits_the_about_page_in_french(page, steering):
    log_in(page, steering.email, factories.PASSWORD)
    page.goto("/fr/about/")
    with page.expect_navigation():
        page.get_by_role("link", name="Modifier cette page").click()
    assert "/fr/pages/about/edit/" in page.url
    french = page.get_by_label("Texte (français)")
    text = french.input_value()
    assert "# Mission" in text
    french.fill(text.replace("# Mission\n", "# Mission\n\nUne phrase ajoutée sur le site.\n", 1))
    with page.expect_navigation():
        page.get_by_role("button", name="Aperçu en français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_text("Une phrase ajoutée sur le site.").is_visible()
    assert page.get_by_role("heading", name="Aperçu : pas encore enregistré").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    assert page.url.endswith("/fr/about/")
    assert page.get_by_text("Une phrase ajoutée sur le site.").is_visible()
    page.goto("/about/")
    assert page.get_by_text("Une phrase ajoutée sur le site.").count() == 0
    page.goto("/fr/pages/about/history/")
    assert page.get_by_role("link", name="Révision", exact=False).count() == 2


def test_steering_visits_drafts_and_the_audit_log(page, steering):
    draft = factories.DocumentFactory(title="A report in the works", status=Status.DRAFT)
    draft.updated_by = steering
    draft.save()
    record(actor=steering, action=AuditAction.PUBLISH, target=factories.DocumentFactory())
    log_in(page, steering.email, factories.PASSWORD)
    with page.expect_navigation():
        page.get_by_role("link", name="My drafts").click()
    assert page.get_by_role("link", name="A report in the works", exact=True).count() == 2
    assert page.locator(f'a[href="/library/{draft.slug}/edit/"]').count() == 2
    with page.expect_navigation():
        page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Act").select_option("publish")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply the filters").click()
    assert "action=publish" in page.url
    assert page.get_by_role("cell", name="Published").is_visible()
    page.goto("/fr/drafts/")
    assert page.get_by_role("heading", name="Mes brouillons").is_visible()
    page.goto("/fr/audit/")
    assert page.get_by_role("heading", name="Journal d’audit", level=1).is_visible()
    page.goto("/fr/pages/privacy/edit/")
    assert page.get_by_label("Texte (anglais)").input_value().startswith("We use")
