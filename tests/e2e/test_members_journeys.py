"""Joining, approval and first login; the directory, roster and profile in a real browser."""

import re

import pytest
from django.core import mail

from members.models import MembershipApplication, User
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_applies_steering_approves_new_member_sets_password_and_logs_in(page, run_jobs):
    theme = factories.ThematicAreaFactory(name="Women, peace and security")
    factories.OrganizationFactory(name="CANADEM")
    steering = factories.steering_user(user__email="chair@example.org", user__name="Chair Person")

    # A visitor applies.
    page.goto("/join/")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Nadia Haddad")
    page.get_by_label("Email address").fill("nadia@example.org")
    page.get_by_label("Organization:", exact=True).select_option(label="CANADEM")
    page.get_by_label("Why you wish to join").fill("I train police officers for UN missions.")
    page.get_by_label(theme.name).check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_url("**/join/thanks/")
    assert "application is received" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    assert MembershipApplication.objects.filter(email="nadia@example.org").count() == 1

    # A steering-committee member approves it.
    log_in(page, steering.email, factories.PASSWORD)
    page.wait_for_url("**/")
    page.goto("/members/applications/")
    assert_accessible(page)
    page.get_by_role("button", name="Approve Nadia Haddad").click()
    page.get_by_text("Nadia Haddad is now a member").wait_for()
    assert_accessible(page)
    assert User.objects.filter(email="nadia@example.org").count() == 1
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")

    # The new member sets a password from the emailed link (sent by a worker), then logs in.
    assert mail.outbox == []
    run_jobs()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    page.goto(path)
    assert_accessible(page)
    page.get_by_label("New Password:", exact=True).fill("a-long-new-password-9")
    page.get_by_label("New Password (again):", exact=True).fill("a-long-new-password-9")
    page.get_by_role("button", name=re.compile("change password|set password", re.I)).click()
    page.wait_for_url(re.compile(r".*/password/reset/key/done/"))
    assert_accessible(page)
    log_in(page, "nadia@example.org", "a-long-new-password-9")
    page.wait_for_url("**/")
    assert page.locator(".account-name").inner_text() == "Nadia Haddad"
    page.goto("/members/me/")
    assert page.get_by_label("Display name:", exact=True).input_value() == "Nadia Haddad"
    assert_accessible(page)
    assert page.console_errors == []


def test_member_finds_experts_and_edits_profile(page):
    theme = factories.ThematicAreaFactory(name="Police, rule of law and justice")
    org = factories.OrganizationFactory(name="Pearson Peacekeeping Centre", acronym="PPC")
    expert = factories.listed_member(
        display_name="Omar Expert",
        organization=org,
        roster_opt_in=True,
        deployable_areas=["policing"],
        availability="now",
        bio="Twenty years of *policing*.",
    )
    expert.expertise.add(theme)
    factories.listed_member(display_name="Other Person")
    user = factories.member_user(user__email="reader@example.org", user__name="Reader Member")

    log_in(page, user.email, factories.PASSWORD)
    page.wait_for_url("**/")
    page.goto("/members/")
    assert_accessible(page)
    page.get_by_label("Expertise:", exact=True).select_option(label=theme.name)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r".*theme="))
    assert page.get_by_role("link", name="Omar Expert").is_visible()
    assert page.get_by_role("link", name="Other Person").count() == 0
    assert_accessible(page)

    page.goto("/members/roster/?area=policing")
    assert_accessible(page)
    page.get_by_role("link", name="Omar Expert").click()
    page.wait_for_url(f"**{expert.get_absolute_url()}")
    assert page.locator("em", has_text="policing").is_visible()
    assert_accessible(page)

    page.goto("/members/me/")
    assert_accessible(page)
    page.get_by_label("Title:", exact=True).fill("Analyst")
    page.get_by_label(re.compile("listed in the members. directory", re.I)).check()
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    assert_accessible(page)
    user.member.refresh_from_db()
    assert user.member.title == "Analyst" and user.member.directory_opt_in

    page.set_viewport_size({"width": 320, "height": 800})
    for url in ["/members/", "/members/roster/", "/members/me/"]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} scrolls sideways at 320 px ({width} px wide)"
    assert page.console_errors == []


def test_public_members_pages_are_accessible(page):
    org = factories.OrganizationFactory(name="Group of 78", acronym="G78", description="Policy.")
    factories.SteeringCommitteeTermFactory(role="chair", organization=org)
    for url in [
        "/about/steering-committee/",
        "/organizations/",
        org.get_absolute_url(),
        "/fr/join/",
    ]:
        page.goto(url)
        assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    for url in ["/about/steering-committee/", "/organizations/", "/join/"]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} scrolls sideways at 320 px ({width} px wide)"
    assert page.console_errors == []
