"""A French-speaking visitor's browser in Chromium: French on arrival, then their choice."""

import pytest

from tests import factories
from tests.e2e.conftest import CheckedPage, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def french_browser_page(browser, live_server, transactional_db):
    """A page in a browser set to Canadian French (it sends Accept-Language: fr-CA)."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-CA", viewport={"width": 1280, "height": 900}
    )
    raw = context.new_page()
    raw.set_default_timeout(15_000)
    page = CheckedPage(raw)
    yield page
    page.check_new_document()
    assert page.console_errors == []
    context.close()


def test_a_french_browser_arrives_in_french_and_keeps_english_once_chosen(french_browser_page):
    page = french_browser_page
    assert page.evaluate("navigator.language") == "fr-CA"

    page.goto("/about/")
    assert page.url.endswith("/fr/about/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/about/")
    assert not page.url.endswith("/fr/about/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.goto("/")  # a new visit: the choice sticks, the browser's preference waits
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/fr/" not in page.url

    cookie = next(c for c in page.context.cookies() if c["name"] == "django_language")
    assert cookie["value"] == "en"
    assert cookie["sameSite"] == "Lax" and cookie["httpOnly"]
    assert cookie["expires"] > 0  # kept between visits, not a session cookie


def test_a_member_who_chose_french_logs_in_to_french_and_can_switch_back(page):
    user = factories.member_user(user__language="fr", user__name="Claire Tremblay")
    log_in(page, user.email, factories.PASSWORD)
    page.wait_for_url("**/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.goto("/fr/members/me/")
    choice = page.get_by_role("group", name="Ma langue")
    assert choice.get_by_label("Français").is_checked()
    choice.get_by_label("Anglais").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_url("**/members/me/")
    assert "/fr/" not in page.url
    assert page.get_by_text("Your profile is saved.").is_visible()
    assert page.get_by_role("group", name="My language").get_by_label("English").is_checked()
    user.refresh_from_db()
    assert user.language == "en"
