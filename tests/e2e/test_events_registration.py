"""A member registers, sees the event in "My events", cancels, and the next in line moves up."""

import pytest
from django.core import mail

from events.models import Registration
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_registers_cancels_and_the_waitlisted_member_is_promoted(page, run_jobs):
    event = factories.EventFactory(
        title="Workshop on civilian deployment",
        slug="workshop-on-civilian-deployment",
        capacity=1,
        format="hybrid",
        venue="Main hall",
        city="Ottawa",
        online_url="https://meet.example.org/room",
    )
    amara = factories.member_user(user__name="Amara Okafor", user__email="amara@example.org")
    waiting = factories.member_user(user__name="Bruno Waits", user__email="bruno@example.org")

    log_in(page, amara.email, factories.PASSWORD)
    page.wait_for_url("**/")
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name=event.title).click()
    page.wait_for_url(f"**/events/{event.slug}/")
    assert_accessible(page)
    page.get_by_role("button", name="Register").click()
    page.get_by_text("You are registered for this event.").first.wait_for()
    assert page.get_by_role("link", name="Join online").is_visible()
    assert_accessible(page)

    # The event is now full: the second member joins the waiting list (in the database).
    Registration.objects.create(event=event, user=waiting, status="waitlisted")

    page.goto("/events/mine/")
    assert page.get_by_role("heading", level=1).inner_text() == "My events"
    assert page.get_by_role("link", name=event.title).is_visible()
    assert page.get_by_text("Registered", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Cancel my registration").click()
    page.get_by_text("Your registration is cancelled.").wait_for()
    assert page.get_by_text("You are not registered for any upcoming event.").is_visible()
    assert_accessible(page)

    assert Registration.objects.get(user=amara).status == "cancelled"
    assert Registration.objects.get(user=waiting).status == "registered"
    run_jobs()  # the promotion's email, queued by the request, sent by a worker
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [waiting.email]
    assert page.console_errors == []


def test_events_pages_are_accessible_in_french_and_at_phone_width(page):
    series = factories.EventSeriesFactory(title="Autumn webinars")
    event = factories.EventFactory(
        title="Webinar on mandates",
        slug="webinar-on-mandates",
        series=series,
        chatham_house_rule=True,
    )
    factories.EventFactory(title="Second webinar", series=series)
    factories.ParticipantFactory(event=event, role="moderator", name="Mona Moderator")
    factories.AgendaItemFactory(event=event)
    factories.EventQuestionFactory(event=event)
    page.set_viewport_size({"width": 320, "height": 800})
    for url in ["/fr/events/", f"/fr/events/{event.slug}/", f"/events/{event.slug}/"]:
        page.goto(url)
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} scrolls sideways at 320 px ({width} px wide)"
    assert page.console_errors == []


def test_steering_sees_the_registration_list(page):
    event = factories.EventFactory(title="Annual meeting", slug="annual-meeting")
    factories.RegistrationFactory(event=event, user=factories.member_user(user__name="Zoe Z"))
    chair = factories.steering_user(user__email="chair@example.org")
    log_in(page, chair.email, factories.PASSWORD)
    page.wait_for_url("**/")
    page.goto(f"/events/{event.slug}/")
    page.get_by_role("link", name="Registrations").click()
    page.wait_for_url(f"**/events/{event.slug}/registrations/")
    assert page.get_by_role("cell", name="Zoe Z").is_visible()
    assert_accessible(page)


def test_visitor_filters_logs_in_from_the_event_and_registers(page):
    factories.EventFactory(title="In-person workshop", format="in_person")
    webinar = factories.EventFactory(
        title="Online webinar", slug="online-webinar", format="online", capacity=5
    )
    member = factories.member_user(user__email="nadia@example.org")
    page.goto("/events/")
    page.get_by_label("Format").select_option("online")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/events/?*format=online*")
    assert page.get_by_role("link", name="Online webinar").is_visible()
    assert page.get_by_role("link", name="In-person workshop").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="Online webinar").click()
    page.get_by_role("link", name="Log in to register").click()
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/events/{webinar.slug}/")
    page.get_by_role("button", name="Register").click()
    page.get_by_text("You are registered for this event.").first.wait_for()
    assert page.get_by_text("4 places left").is_visible()
    assert_accessible(page)
    assert page.console_errors == []
