"""Two-factor authentication in a real browser: a steering member sets it up, then uses it.

Every page these tests open is checked with axe (tests/e2e/conftest.py), in English and
in French.
"""

import re

from tests import factories
from tests.e2e.conftest import assert_accessible, enter_totp_code


def test_steering_member_is_sent_to_set_up_totp_then_reaches_the_steering_page(page):
    user = factories.steering_user(
        user__email="chair@example.org", user__name="Chair Person", user__totp=False
    )
    factories.MembershipApplicationFactory(name="Nadia Haddad", email="nadia@example.org")

    page.goto("/members/applications/")  # anonymous: the login form, coming back here
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # allauth asks for the password again before a factor is added.
    page.wait_for_url(re.compile(r".*/accounts/reauthenticate/.*"))
    assert "requires two-factor authentication" in page.locator("main").inner_text()
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")

    page.wait_for_url(re.compile(r".*/accounts/2fa/totp/activate/.*"))
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(factories.totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    page.get_by_role("link", name="Continue to the page you asked for").click()
    page.wait_for_url("**/members/applications/")
    assert "Nadia Haddad" in page.locator("main").inner_text()

    # Next time the password is not enough: the authenticator app's code follows it.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    enter_totp_code(page, user.email, secret=secret)
    page.goto("/members/applications/")
    assert "Nadia Haddad" in page.locator("main").inner_text()


def test_mfa_pages_pass_axe_in_both_languages(page):
    user = factories.steering_user(user__email="chair@example.org")
    for prefix in ["", "/fr"]:
        page.goto(f"{prefix}/accounts/login/")
        page.locator("input[name=login]").fill(user.email)
        page.locator("input[name=password]").fill(factories.PASSWORD)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(f"**{prefix}/accounts/2fa/authenticate/")
        enter_totp_code(page, user.email)
        page.goto(f"{prefix}/accounts/2fa/")
        assert page.locator("html").get_attribute("lang") == (prefix[1:] or "en")
        page.goto(f"{prefix}/accounts/2fa/totp/deactivate/")  # refused: the only factor
        page.wait_for_url(re.compile(r".*/accounts/reauthenticate/.*"))
        page.locator("input[name=password]").fill(factories.PASSWORD)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(f"**{prefix}/accounts/2fa/totp/deactivate/")
        assert page.locator(".form-errors").count() == 1
        assert_accessible(page)
        page.goto(f"{prefix}/accounts/2fa/recovery-codes/generate/")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**{prefix}/accounts/2fa/recovery-codes/")
        assert len(page.locator("#recovery_codes").input_value().split()) == 10
        page.goto(f"{prefix}/members/me/")
        page.locator("form.inline-form button[type=submit]").click()  # log out
        page.wait_for_url(re.compile(r".*/(fr/)?$"))

    # The setup page in French, for a member who chooses it.
    member = factories.member_user(user__email="reader@example.org")
    page.goto("/fr/accounts/login/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(r".*/fr/$"))
    page.goto("/fr/accounts/2fa/totp/activate/")
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/fr/accounts/2fa/totp/activate/")
    assert page.locator("#authenticator_secret").input_value()
