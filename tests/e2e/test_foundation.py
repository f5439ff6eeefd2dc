"""First journeys: the home page, logging in, a wrong password."""

import pytest

from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_without_errors_or_violations(page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Peace Operations Working Group"
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert_accessible(page)
    assert page.console_errors == []


def test_home_page_in_french_and_at_phone_width(page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"page scrolls sideways at 320 px ({width} px wide)"


def test_member_logs_in_and_sees_their_name(page):
    user = factories.member_user(user__name="Amara Okafor", user__email="amara@example.org")
    page.goto("/accounts/login/")
    assert_accessible(page)
    log_in(page, user.email, factories.PASSWORD)
    page.wait_for_url("**/")
    assert page.locator(".account-name").inner_text() == "Amara Okafor"
    assert_accessible(page)
    assert page.console_errors == []


def test_wrong_password_shows_a_clear_error(page):
    user = factories.member_user(user__email="someone@example.org")
    log_in(page, user.email, "not-the-password")
    error = page.locator(".form-errors")
    error.wait_for()
    assert "not correct" in error.inner_text()
    assert page.get_by_label("Email").input_value() == user.email
    assert_accessible(page)
