"""About, a theme, the events archive, the 404 page and the members-only notice in Chromium.

Each page these journeys open is checked with axe by the ``page`` fixture; the harness
tests at the end prove that the check runs without being asked, and fails.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tests import factories
from tests.e2e.conftest import expect_console_error, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_reads_about_the_group_and_meets_the_steering_committee(page):
    chair = factories.MemberFactory(display_name="Eleanor Whitcombe")
    home = factories.OrganizationFactory(name="Group of 78", acronym="G78")
    factories.SteeringCommitteeTermFactory(member=chair, organization=home, role="chair")
    page.goto("/")
    page.get_by_role("link", name="About the group").click()
    page.wait_for_url("**/about/")
    assert page.get_by_role("heading", level=1).inner_text() == "About the working group"
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[:4] == ["Mission", "Objectives", "What the group does", "Structure"]
    assert page.get_by_text("Civilian capacity: more and better-prepared").is_visible()
    contact = page.get_by_role("main").get_by_role("link", name="info@example.org")
    assert contact.get_attribute("href") == "mailto:info@example.org"

    page.get_by_role("link", name="Meet the steering committee").click()
    page.wait_for_url("**/about/steering-committee/")
    assert page.get_by_text("Eleanor Whitcombe").first.is_visible()
    assert page.get_by_text("Group of 78").first.is_visible()
    assert "/about/" in page.checked_urls[1] and "steering-committee" in page.checked_urls[2]


def test_visitor_browses_a_theme_with_its_papers_events_and_experts(page):
    theme = factories.ThematicAreaFactory(
        name="Women, peace and security",
        name_fr="Femmes, paix et sécurité",
        slug="women-peace-and-security",
        description="Gender in peace operations.",
    )
    other = factories.ThematicAreaFactory(name="Financing", slug="financing")
    factories.DocumentFactory(title="Gender training for police", themes=[theme])
    factories.DocumentFactory(title="The liquidity crisis", themes=[other])
    factories.DocumentFactory(title="Members brief on gender", themes=[theme], visibility="members")
    event = factories.EventFactory(title="Webinar on women in uniform", slug="women-in-uniform")
    event.themes.set([theme])
    expert = factories.listed_member(display_name="Amara Expert")
    expert.expertise.add(theme)

    page.goto("/themes/")
    page.get_by_role("link", name=re.compile("^Women, peace and security")).click()
    page.wait_for_url("**/themes/women-peace-and-security/")
    assert page.get_by_role("heading", level=1).inner_text() == "Women, peace and security"
    assert page.get_by_text("Gender in peace operations.").is_visible()
    titles = page.locator(".card-title").all_inner_texts()
    assert "Gender training for police" in titles
    assert "Webinar on women in uniform" in titles
    assert "The liquidity crisis" not in titles
    assert "Members brief on gender" not in page.content()  # the public does not see it
    assert page.locator("p.meta").first.inner_text().startswith("1 document ·")
    assert page.get_by_text("Amara Expert").count() == 0  # profiles are for members

    page.get_by_role("link", name="Gender training for police").click()
    page.wait_for_url("**/library/gender-training-for-police/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gender training for police"

    page.goto("/fr/themes/women-peace-and-security/")
    assert page.get_by_role("heading", level=1).inner_text() == "Femmes, paix et sécurité"


def test_visitor_finds_past_events_in_the_archive(page):
    year = timezone.now().year - 2
    start = timezone.make_aware(datetime.datetime(year, 11, 12, 14))
    factories.EventFactory(
        title="Roundtable on fifty years of peacekeeping",
        slug="fifty-years-roundtable",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    earlier = start - datetime.timedelta(days=200)
    factories.EventFactory(
        title="Spring forum on mandates",
        starts_at=earlier,
        ends_at=earlier + datetime.timedelta(hours=2),
    )
    before = start.replace(year=year - 1)
    factories.EventFactory(
        title="An older workshop", starts_at=before, ends_at=before + datetime.timedelta(hours=2)
    )
    factories.EventFactory(title="Upcoming webinar", slug="upcoming-webinar")

    page.goto("/events/")
    assert page.get_by_role("link", name="Upcoming webinar").is_visible()
    archive = page.get_by_role("navigation", name="Past events by year")
    archive.get_by_role("link", name=str(year), exact=True).click()
    page.wait_for_url(f"**/events/archive/{year}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Events of {year}"
    titles = page.locator(".card-title").all_inner_texts()
    assert titles == ["Roundtable on fifty years of peacekeeping", "Spring forum on mandates"]
    assert page.get_by_text("2 events", exact=True).is_visible()
    current = archive.get_by_role("link", name=str(year), exact=True)
    assert current.get_attribute("aria-current") == "page"

    page.get_by_role("link", name="Roundtable on fifty years of peacekeeping").click()
    page.wait_for_url("**/events/fifty-years-roundtable/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Roundtable on fifty years of peacekeeping"
    )
    assert page.get_by_role("button", name="Register").count() == 0  # it is over


def test_a_missing_page_is_a_human_404_with_a_search_box(page):
    factories.DocumentFactory(title="Rapid deployment and standing capacity")
    expect_console_error(page, r"status of 404")
    response = page.goto("/library/no-such-report/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_text("visible only to members who are logged in").is_visible()
    search = page.get_by_role("main").get_by_role("searchbox", name="Search the library")
    search.fill("standing capacity")
    search.press("Enter")
    page.wait_for_url("**/library/?q=standing+capacity")
    assert page.locator(".card-title").all_inner_texts() == [
        "Rapid deployment and standing capacity"
    ]

    expect_console_error(page, r"status of 404")
    page.goto("/fr/nulle-part/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    page.get_by_role("link", name="Aller à la page d'accueil").click()
    page.wait_for_url(re.compile(r".*/fr/$"))


def test_public_sees_the_members_only_notice_then_reads_after_logging_in(page):
    factories.DocumentFactory(
        title="Members brief on the liquidity crisis",
        slug="members-brief-liquidity",
        summary="Arrears owed by the largest contributors.",
        body="## Findings\n\nThe secret finding is here.",
        visibility="members",
        listed_publicly=True,
    )
    member = factories.member_user(user__email="reader@example.org")
    page.goto("/library/members-brief-liquidity/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Members brief on the liquidity crisis"
    )
    notice = page.locator(".notice--members")
    assert "This document is for members of the working group." in notice.inner_text()
    assert "Arrears owed" not in page.content() and "secret finding" not in page.content()
    assert page.get_by_role("link", name=re.compile("Download")).count() == 0

    page.get_by_role("link", name="Log in to read it").click()
    page.wait_for_url(re.compile(r".*/accounts/login/\?next=/library/members-brief-liquidity/$"))
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/library/members-brief-liquidity/")
    page.get_by_text("The secret finding is here.").wait_for()
    assert page.locator(".notice--members").count() == 0
    assert page.get_by_text("Members only").first.is_visible()


# --- the harness itself ---------------------------------------------------------------


def test_every_document_opened_is_checked_without_being_asked(page):
    user = factories.member_user(user__email="amara@example.org")
    log_in(page, user.email, factories.PASSWORD)  # the login page, then the home page
    page.wait_for_url("**/")
    page.get_by_role("link", name="Events").first.click()  # a link followed
    page.wait_for_url("**/events/")
    page.locator("h1").inner_text()
    checked = [urlsplit(url).path for url in page.checked_urls]
    assert checked == ["/accounts/login/", "/", "/events/"]


def test_a_violation_on_an_opened_page_fails_the_test(page):
    page.route(
        "**/broken/",
        lambda route: route.fulfill(
            content_type="text/html",
            body='<!DOCTYPE html><html lang="en"><title>x</title><main>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            "<script>console.error('boom')</script></main></html>",
        ),
    )
    page.goto("/broken/")
    with pytest.raises(AssertionError, match="image-alt"):
        page.locator("main").inner_text()  # the next step checks the page it opened
    assert page.console_errors == ["boom"]
    page.console_errors.clear()
