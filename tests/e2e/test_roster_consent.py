"""Roster consent by purpose in a real browser: the expert chooses, the steering committee
finds them by purpose and records a referral, the expert sees it; English and French."""

import re

from members.models import RosterConsent, RosterReferral
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in


def log_out(page):
    page.get_by_role("button", name=re.compile("Log out|Déconnexion")).click()
    page.wait_for_url("**/")


def test_consent_filter_refer_and_see_the_referral(page):
    expert = factories.listed_member(
        user=factories.UserFactory(
            email="expert@example.org", name="Esther Expert", groups=["Members"]
        ),
        display_name="Esther Expert",
        roster_opt_in=True,
        deployable_areas=["policing"],
        availability="now",
        consents=[],
    )
    factories.listed_member(display_name="Media Only", roster_opt_in=True, consents=["media"])
    chair = factories.steering_user(user__email="chair@example.org", user__name="Chair Person")

    # The expert agrees to government consultations and deployments, not to the media.
    log_in(page, expert.user.email, factories.PASSWORD)
    page.wait_for_url("**/")
    page.goto("/members/me/")
    assert_accessible(page)
    page.get_by_label("Government consultations").check()
    page.get_by_label("UN or NGO deployment referrals").check()
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    assert set(RosterConsent.objects.filter(member=expert).values_list("purpose", flat=True)) == {
        "government",
        "deployment",
    }
    assert page.get_by_label("Government consultations").is_checked()
    assert not page.get_by_label("Media requests").is_checked()
    page.goto("/fr/members/me/")
    assert page.get_by_label("Consultations gouvernementales").is_checked()
    assert_accessible(page)
    log_out(page)

    # The chair looks for someone for a deployment and records the referral.
    log_in(page, chair.email, factories.PASSWORD)
    page.goto("/members/roster/")
    assert page.get_by_role("link", name="Esther Expert", exact=True).is_visible()
    assert page.get_by_role("link", name="Media Only", exact=True).is_visible()
    page.get_by_label("May be contacted for:").select_option("deployment")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r".*purpose=deployment"))
    assert page.get_by_role("link", name="Esther Expert", exact=True).is_visible()
    assert page.get_by_role("link", name="Media Only", exact=True).count() == 0
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Record a referral.*Esther Expert")).click()
    page.wait_for_url(f"**/members/roster/{expert.pk}/refer/?purpose=deployment")
    assert page.get_by_label("Purpose:").input_value() == "deployment"
    assert page.locator("select[name=purpose] option[value=media]").count() == 0
    assert_accessible(page)
    page.get_by_label("Referred to:").fill("UN Department of Peace Operations")
    page.get_by_label("Note:").fill("Police adviser post, six months.")
    page.get_by_role("button", name="Record the referral").click()
    page.get_by_text("The referral of Esther Expert is recorded").wait_for()
    assert_accessible(page)
    referral = RosterReferral.objects.get()
    assert (referral.member, referral.purpose, referral.recorded_by) == (
        expert,
        "deployment",
        chair,
    )
    page.goto("/members/roster/referrals/")
    assert page.get_by_role("cell", name="UN Department of Peace Operations").is_visible()
    assert_accessible(page)
    for url in [
        "/fr/members/roster/?purpose=deployment",
        f"/fr/members/roster/{expert.pk}/refer/",
        "/fr/members/roster/referrals/",
    ]:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "fr"
        assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    for url in [
        "/members/roster/",
        f"/members/roster/{expert.pk}/refer/",
        "/members/roster/referrals/",
    ]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} scrolls sideways at 320 px ({width} px wide)"
    page.set_viewport_size({"width": 1280, "height": 800})
    log_out(page)

    # The expert sees who referred them, to whom, when and why.
    log_in(page, expert.user.email, factories.PASSWORD)
    page.goto("/members/me/")
    referrals = page.locator(
        "section", has=page.get_by_role("heading", name="Referrals made of me")
    )
    text = referrals.inner_text()
    assert "UN Department of Peace Operations" in text
    assert "UN or NGO deployment referrals" in text and "Chair Person" in text
    page.goto("/fr/members/me/")
    assert "Recommandations me concernant" in page.locator("main").inner_text()
    assert_accessible(page)
    assert page.console_errors == []
