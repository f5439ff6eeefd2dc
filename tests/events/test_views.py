import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import CalendarFeedToken, EventSlug, Registration
from tests import factories

pytestmark = pytest.mark.django_db

SEES_MEMBERS_ONLY = {"public": False, "member": True, "steering": True, "admin": True}


def detail_url(event):
    return reverse("events:event-detail", kwargs={"slug": event.slug})


def register_url(event):
    return reverse("events:event-register", kwargs={"slug": event.slug})


def cancel_url(event):
    return reverse("events:event-cancel", kwargs={"slug": event.slug})


# --- list and archive ---------------------------------------------------------------------


def test_list_shows_upcoming_events_by_role(role_user, client_as, event, past_event):
    role, user = role_user
    members_only = factories.EventFactory(title="Members briefing", visibility="members")
    draft = factories.EventFactory(title="Draft workshop", status="draft")
    response = client_as(user).get(reverse("events:event-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert event.title in html
    assert past_event.title not in html
    assert (members_only.title in html) == SEES_MEMBERS_ONLY[role]
    assert draft.title not in html  # drafts stay off listings, even for the steering committee
    assert reverse("events:event-archive", kwargs={"year": past_event.starts_at.year}) in html


def test_list_is_soonest_first_and_shows_time_zone_and_state(client):
    later = factories.EventFactory(
        title="Later one", starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    sooner = factories.EventFactory(
        title="Sooner one",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        time_zone="America/Vancouver",
        capacity=1,
    )
    factories.RegistrationFactory(event=sooner)
    html = client.get(reverse("events:event-list")).content.decode()
    assert html.index(sooner.title) < html.index(later.title)
    assert "America/Vancouver" in html
    assert "Full: waiting list open" in html
    assert "Registration open" in html


def test_list_filters_by_type_theme_and_format(client):
    theme = factories.ThematicAreaFactory(name="Women, peace and security")
    webinar = factories.EventFactory(title="A webinar", event_type="webinar", format="online")
    workshop = factories.EventFactory(title="A workshop", event_type="workshop")
    workshop.themes.add(theme)
    url = reverse("events:event-list")
    html = client.get(url, {"type": "webinar"}).content.decode()
    assert webinar.title in html and workshop.title not in html
    html = client.get(url, {"theme": theme.slug}).content.decode()
    assert workshop.title in html and webinar.title not in html
    html = client.get(url, {"format": "online"}).content.decode()
    assert webinar.title in html and workshop.title not in html


def test_list_with_bad_filters_explains_instead_of_failing(client, event):
    response = client.get(reverse("events:event-list"), {"type": "party", "theme": "nope"})
    assert response.status_code == 200
    assert "not understood" in response.content.decode()
    assert event.title in response.content.decode()


@pytest.mark.parametrize(
    ("query", "explained"),
    [
        ("page=%C2%B2", False),  # ², which str.isdigit() accepts and int() refuses
        ("page=%D9%A2", False),  # an Arabic-Indic 2, which int() reads as 2
        ("page=%00", False),
        ("page=-1", False),
        ("page=99999999999999999999", False),
        ("type=%00", True),
        ("type=%C2%B2", True),
        ("format=%00", True),
        ("theme=%00", True),
        ("theme=%C2%B9%E2%81%B9%E2%81%B9%E2%81%B9", True),  # ¹⁹⁹⁹
        ("theme=a&theme=b&type=%E2%80%8B&page=%EF%BC%92", True),  # fullwidth 2
    ],
)
@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_bad_parameters_show_the_first_page_never_an_error(client, prefix, query, explained):
    """Numbers are ASCII digits only; anything else is the first page, not a 500."""
    start = timezone.now() - datetime.timedelta(days=400)
    year = start.year
    for index in range(21):  # one more than a page, upcoming and in the archive
        factories.EventFactory(title=f"Upcoming number {index:02d}")
        factories.EventFactory(
            title=f"Archived number {index:02d}",
            starts_at=start + datetime.timedelta(hours=index),
            ends_at=start + datetime.timedelta(hours=index + 1),
        )
    for url, first in [
        (f"{prefix}/events/?{query}", "Upcoming number 00"),
        (f"{prefix}/events/archive/{year}/?{query}", "Archived number 20"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert first in html, url  # the first page, whatever the page asked for
        assert ('class="form-errors"' in html) == explained, url


def test_list_in_french(client, event):
    response = client.get("/fr/events/")
    assert response.status_code == 200
    assert event.title in response.content.decode()


def test_archive_lists_past_events_of_the_year(role_user, client_as, past_event):
    role, user = role_user
    hidden = factories.EventFactory(
        title="Old members meeting",
        visibility="members",
        starts_at=past_event.starts_at,
        ends_at=past_event.ends_at,
    )
    url = reverse("events:event-archive", kwargs={"year": past_event.starts_at.year})
    response = client_as(user).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert past_event.title in html
    assert (hidden.title in html) == SEES_MEMBERS_ONLY[role]


def test_archive_of_a_year_without_events_is_404(client, past_event):
    assert client.get(reverse("events:event-archive", kwargs={"year": 1990})).status_code == 404


# --- detail ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "status", "seen_by"),
    [
        ("public", "published", {"public", "member", "steering", "admin"}),
        ("public", "cancelled", {"public", "member", "steering", "admin"}),
        ("members", "published", {"member", "steering", "admin"}),
        ("steering", "published", {"steering", "admin"}),
        ("public", "draft", {"steering", "admin"}),
    ],
)
def test_detail_visibility_by_role(role_user, client_as, visibility, status, seen_by):
    role, user = role_user
    event = factories.EventFactory(visibility=visibility, status=status)
    response = client_as(user).get(detail_url(event))
    assert response.status_code == (200 if role in seen_by else 404)


def test_old_slug_redirects_permanently(client, event):
    event.slug = "rapid-deployment-roundtable"
    event.save()
    response = client.get("/events/roundtable-on-rapid-deployment/")
    assert response.status_code == 301
    assert response["Location"] == "/events/rapid-deployment-roundtable/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/events/roundtable-on-rapid-deployment/event.ics", "/events/rapid-deployment/event.ics"),
        (
            "/events/roundtable-on-rapid-deployment/registrations/",
            "/events/rapid-deployment/registrations/",
        ),
        (
            "/events/roundtable-on-rapid-deployment/registrations.csv",
            "/events/rapid-deployment/registrations.csv",
        ),
        (
            "/events/roundtable-on-rapid-deployment/?from=mail",
            "/events/rapid-deployment/?from=mail",
        ),
    ],
)
def test_old_slug_redirects_to_the_same_sub_page(client_as, steering, event, old, new):
    event.slug = "rapid-deployment"
    event.save()
    assert EventSlug.objects.get(slug="roundtable-on-rapid-deployment").created_at is not None
    response = client_as(steering).get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client_as(steering).get(new).status_code == 200


def test_old_slug_of_a_hidden_event_is_404(client):
    event = factories.EventFactory(slug="first", visibility="members")
    event.slug = "second"
    event.save()
    assert client.get("/events/first/").status_code == 404


def test_detail_shows_what_the_event_is(client, event):
    theme = factories.ThematicAreaFactory(name="Police, rule of law and justice")
    event.themes.add(theme)
    event.description = "We will discuss **police** deployments."
    event.save()
    factories.EventQuestionFactory(event=event, text="What slows police deployment?")
    factories.AgendaItemFactory(event=event, title="Opening session")
    html = client.get(detail_url(event)).content.decode()
    for text in [
        "<strong>police</strong>",
        "What slows police deployment?",
        "Opening session",
        theme.name,
        "America/Toronto",
        reverse("events:event-ics", kwargs={"slug": event.slug}),
        "Main hall, Ottawa",
    ]:
        assert text in html


@pytest.mark.parametrize(
    ("who", "sees_link"),
    [
        ("public", False),
        ("member", False),
        ("registered", True),
        ("waitlisted", False),
        ("cancelled", False),
        ("steering", True),
    ],
)
def test_online_link_only_for_registered_attendees_and_steering(client_as, event, who, sees_link):
    event.format = "hybrid"
    event.save()
    user = None
    if who == "steering":
        user = factories.steering_user()
    elif who != "public":
        user = factories.member_user()
        if who != "member":
            Registration.objects.create(event=event, user=user, status=who)
    html = client_as(user).get(detail_url(event)).content.decode()
    assert ("secret-room" in html) == sees_link


def test_chatham_house_rule_names_only_moderator_and_rapporteur(client, event):
    event.chatham_house_rule = True
    event.save()
    factories.ParticipantFactory(
        event=event, name="Mona Moderator", role="moderator", affiliation="Moderator's School"
    )
    factories.ParticipantFactory(
        event=event, name="Ravi Rapporteur", role="rapporteur", affiliation="Rapporteur Centre"
    )
    factories.ParticipantFactory(
        event=event, name="Paul Panelist", role="panelist", affiliation="Some Institute"
    )
    factories.ParticipantFactory(
        event=event, name="Ann Only", affiliation="Other Institute", attribution="affiliation"
    )
    factories.ParticipantFactory(event=event, name="Quiet Person", attribution="unlisted")
    html = client.get(detail_url(event)).content.decode()
    assert "Chatham House Rule" in html
    assert "Mona Moderator" in html and "Ravi Rapporteur" in html
    assert "Paul Panelist" not in html and "Ann Only" not in html
    # Nobody's affiliation, whatever they agreed to: not even the moderator's.
    for affiliation in [
        "Moderator's School",
        "Rapporteur Centre",
        "Some Institute",
        "Other Institute",
    ]:
        assert affiliation.replace("'", "&#x27;") not in html
    assert "a participant from" not in html
    assert "Quiet Person" not in html


def test_attribution_is_followed_without_chatham_house_rule(client, event):
    factories.ParticipantFactory(event=event, name="Named Person", affiliation="Org A")
    factories.ParticipantFactory(
        event=event, name="Hidden Name", affiliation="Org B", attribution="affiliation"
    )
    factories.ParticipantFactory(
        event=event, name="Not Listed", affiliation="Org C", attribution="unlisted"
    )
    html = client.get(detail_url(event)).content.decode()
    assert "Named Person" in html and "Org A" in html
    assert "Hidden Name" not in html and "Org B" in html
    assert "Not Listed" not in html and "Org C" not in html


def test_steering_sees_the_full_participant_list(client_as, steering, member, event):
    factories.ParticipantFactory(event=event, name="Not Listed", attribution="unlisted")
    assert "Not Listed" in client_as(steering).get(detail_url(event)).content.decode()
    assert "Not Listed" not in client_as(member).get(detail_url(event)).content.decode()


def test_detail_shows_other_events_of_the_series(client):
    series = factories.EventSeriesFactory(title="Autumn webinars")
    first = factories.EventFactory(title="Webinar one", series=series)
    factories.EventFactory(title="Webinar two", series=series)
    factories.EventFactory(title="Webinar secret", series=series, visibility="members")
    html = client.get(detail_url(first)).content.decode()
    assert "Webinar two" in html
    assert "Webinar secret" not in html


def test_cancelled_event_shows_its_notice(client, event):
    event.status = "cancelled"
    event.cancellation_notice = "The venue flooded."
    event.save()
    html = client.get(detail_url(event)).content.decode()
    assert "This event is cancelled." in html and "The venue flooded." in html
    assert register_url(event) not in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("public", "Log in to register"),
        ("member", "Register"),
        ("outsider", "Only members of the working group can register"),
    ],
)
def test_registration_box_by_role(client_as, event, role, expected):
    user = {
        "public": lambda: None,
        "member": factories.member_user,
        "outsider": factories.UserFactory,
    }[role]()
    html = client_as(user).get(detail_url(event)).content.decode()
    assert expected in html
    assert (register_url(event) in html) == (role == "member")


def test_registration_box_when_full_offers_the_waiting_list(client_as, member, event):
    event.capacity = 1
    event.save()
    factories.RegistrationFactory(event=event)
    html = client_as(member).get(detail_url(event)).content.decode()
    assert "Join the waiting list" in html


def test_personal_and_members_only_pages_are_private(client_as, member):
    event = factories.EventFactory(visibility="members")
    response = client_as(member).get(detail_url(event))
    assert "private" in response["Cache-Control"]


# --- register and cancel -----------------------------------------------------------------


def test_anonymous_register_goes_to_login(client, event):
    response = client.post(register_url(event))
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('account_login')}?next=/events/roundtable-on-rapid-deployment/"
    )
    assert not Registration.objects.exists()


def test_register_needs_post(client_as, member, event):
    assert client_as(member).get(register_url(event)).status_code == 405
    assert client_as(member).get(cancel_url(event)).status_code == 405


def test_register_needs_csrf(member, event):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(member)
    assert csrf_client.post(register_url(event)).status_code == 403
    assert not Registration.objects.exists()


def test_member_registers_and_double_submission_is_harmless(client_as, member, event):
    client = client_as(member)
    response = client.post(register_url(event), follow=True)
    assert "You are registered for this event." in response.content.decode()
    client.post(register_url(event))
    assert Registration.objects.filter(event=event, user=member).count() == 1


def test_member_joins_waiting_list_when_full(client_as, member, event):
    event.capacity = 1
    event.save()
    factories.RegistrationFactory(event=event)
    response = client_as(member).post(register_url(event), follow=True)
    assert "waiting list" in response.content.decode()
    assert Registration.objects.get(user=member).status == "waitlisted"


def test_non_member_cannot_register(client_as, event):
    outsider = factories.UserFactory()
    response = client_as(outsider).post(register_url(event), follow=True)
    assert "Only members" in response.content.decode()
    assert not Registration.objects.exists()


def test_closed_registration_gives_a_clear_message(client_as, member, event):
    event.registration_closes_at = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    response = client_as(member).post(register_url(event), follow=True)
    assert "Registration for this event is closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_register_for_a_hidden_event_is_404(client_as, member):
    event = factories.EventFactory(visibility="steering")
    assert client_as(member).post(register_url(event)).status_code == 404


def test_member_cancels(client_as, member, event):
    Registration.objects.create(event=event, user=member)
    response = client_as(member).post(cancel_url(event), follow=True)
    assert "Your registration is cancelled." in response.content.decode()
    assert Registration.objects.get(user=member).status == "cancelled"


def test_cancel_without_registration_says_so(client_as, member, event):
    response = client_as(member).post(cancel_url(event), follow=True)
    assert "no registration to cancel" in response.content.decode()


def test_cancel_from_my_events_returns_there(client_as, member, event):
    Registration.objects.create(event=event, user=member)
    response = client_as(member).post(cancel_url(event), {"next": "mine"})
    assert response["Location"] == reverse("events:my-events")


# --- my events and feeds -----------------------------------------------------------------


def test_my_events_needs_login(client):
    response = client.get(reverse("events:my-events"))
    assert response.status_code == 302


def test_my_events_lists_own_upcoming_registrations(client_as, member, event, past_event):
    Registration.objects.create(event=event, user=member, status="waitlisted")
    Registration.objects.create(event=past_event, user=member)
    other = factories.EventFactory(title="Someone else's event")
    factories.RegistrationFactory(event=other)
    response = client_as(member).get(reverse("events:my-events"))
    html = response.content.decode()
    assert event.title in html and "On the waiting list" in html
    assert past_event.title not in html
    assert other.title not in html
    assert "private" in response["Cache-Control"]


def test_member_creates_and_regenerates_the_feed_address(client_as, member):
    client = client_as(member)
    client.post(reverse("events:feed-token"))
    first = CalendarFeedToken.objects.get(user=member).token
    assert first in client.get(reverse("events:my-events")).content.decode()
    client.post(reverse("events:feed-token"))
    second = CalendarFeedToken.objects.get(user=member).token
    assert second != first
    url = reverse("events:personal-feed", kwargs={"token": first})
    assert client.get(url).status_code == 404


def test_non_member_has_no_feed_address(client_as):
    outsider = factories.UserFactory()
    client = client_as(outsider)
    assert "personal calendar" not in client.get(reverse("events:my-events")).content.decode()
    # A members' action: 403 to an account without the role (404 before issue 14).
    assert client.post(reverse("events:feed-token")).status_code == 403
    assert not CalendarFeedToken.objects.exists()


def test_event_ics(client, event):
    response = client.get(reverse("events:event-ics", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert f"UID:event-{event.pk}@" in body
    assert "DTSTART;TZID=America/Toronto:" in body
    assert "DTEND;TZID=America/Toronto:" in body
    assert "BEGIN:VTIMEZONE" in body
    assert "LOCATION:Main hall\\, Ottawa" in body
    assert f"URL:http://testserver/events/{event.slug}/" in body
    assert "STATUS:CONFIRMED" in body


def test_cancelled_event_ics_says_cancelled(client, event):
    event.status = "cancelled"
    event.save()
    body = client.get(reverse("events:event-ics", kwargs={"slug": event.slug})).content.decode()
    assert "STATUS:CANCELLED" in body


def test_members_only_ics_by_role(role_user, client_as):
    role, user = role_user
    event = factories.EventFactory(visibility="members")
    response = client_as(user).get(reverse("events:event-ics", kwargs={"slug": event.slug}))
    assert response.status_code == (200 if SEES_MEMBERS_ONLY[role] else 404)


def test_public_feed_has_only_public_listed_events(client_as, steering, event, past_event):
    members_only = factories.EventFactory(title="Members only call", visibility="members")
    draft = factories.EventFactory(title="Draft thing", status="draft")
    cancelled = factories.EventFactory(title="Called off", status="cancelled")
    # Even a steering member's session gets the public feed at the public address.
    body = client_as(steering).get(reverse("events:public-feed")).content.decode()
    assert event.title in body and past_event.title in body and cancelled.title in body
    assert members_only.title not in body and draft.title not in body
    assert "STATUS:CANCELLED" in body


def test_personal_feed_includes_members_only_events(client, member):
    members_only = factories.EventFactory(title="Members only call", visibility="members")
    draft = factories.EventFactory(title="Draft thing", status="draft")
    token = CalendarFeedToken.objects.create(user=member)
    response = client.get(token.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert members_only.title in body and draft.title not in body
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("token", ["not-a-token", "%00", "x" * 40, "a b"])
def test_personal_feed_with_a_wrong_token_is_404(client, token):
    assert client.get(f"/events/feed/{token}.ics").status_code == 404


def test_personal_feed_stops_when_membership_ends(client, member):
    token = CalendarFeedToken.objects.create(user=member)
    member.groups.clear()
    assert client.get(token.get_absolute_url()).status_code == 404


# --- registrations list (steering) -------------------------------------------------------


@pytest.mark.parametrize("view", ["events:event-registrations", "events:event-registrations-csv"])
def test_registrations_are_for_the_steering_committee(role_user, client_as, event, view):
    role, user = role_user
    factories.RegistrationFactory(event=event, user=factories.member_user(user__name="Zed Zee"))
    response = client_as(user).get(reverse(view, kwargs={"slug": event.slug}))
    allowed = role in {"steering", "admin"}
    # The one rule (powg.permissions): a page for a role sends the public to log in and
    # answers 403 to an account without the role (it was 404 before issue 14).
    assert response.status_code == (200 if allowed else 302 if role == "public" else 403)
    if role == "public":
        assert response["Location"].startswith(reverse("account_login"))
    if allowed:
        assert "Zed Zee" in response.content.decode()
        assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("view", ["events:event-registrations", "events:event-registrations-csv"])
def test_registrations_of_a_missing_event_are_404_for_the_committee_only(client_as, steering, view):
    url = reverse(view, kwargs={"slug": "no-such-event"})
    assert client_as(steering).get(url).status_code == 404
    # Nobody else learns whether the event exists: the role is checked first.
    assert client_as(factories.UserFactory()).get(url).status_code == 403


def test_registrations_csv_is_safe_from_formula_injection(client_as, steering, event):
    factories.RegistrationFactory(
        event=event, user=factories.member_user(user__name="=HYPERLINK(1)")
    )
    response = client_as(steering).get(
        reverse("events:event-registrations-csv", kwargs={"slug": event.slug})
    )
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body
    assert body.splitlines()[0].startswith("Name,Email,Organization,Status")


# --- home and theme pages ----------------------------------------------------------------


def test_home_page_shows_upcoming_events_the_visitor_may_see(client_as, member, event):
    hidden = factories.EventFactory(title="Members briefing", visibility="members")
    assert event.title in client_as(None).get("/").content.decode()
    assert hidden.title not in client_as(None).get("/").content.decode()
    assert hidden.title in client_as(member).get("/").content.decode()


def test_theme_page_shows_its_events(client, event, past_event):
    theme = factories.ThematicAreaFactory(name="Financing")
    event.themes.add(theme)
    past_event.themes.add(theme)
    hidden = factories.EventFactory(title="Hidden finance call", visibility="members")
    hidden.themes.add(theme)
    html = client.get(theme.get_absolute_url()).content.decode()
    assert event.title in html and past_event.title in html
    assert hidden.title not in html


# --- outcome documents -------------------------------------------------------------------


def test_outcome_documents_follow_their_own_visibility(role_user, client_as, past_event):
    role, user = role_user
    report = factories.DocumentFactory(title="Roundtable report", related_event=past_event)
    members_paper = factories.DocumentFactory(
        title="Members-only note", related_event=past_event, visibility="members"
    )
    draft = factories.DocumentFactory(
        title="Draft outcome", related_event=past_event, status="draft"
    )
    html = client_as(user).get(detail_url(past_event)).content.decode()
    assert "Outcome documents" in html and report.title in html
    assert report.get_absolute_url() in html
    assert (members_paper.title in html) == SEES_MEMBERS_ONLY[role]
    assert (draft.title in html) == (role in {"steering", "admin"})


def test_registration_list_puts_registered_then_waiting_list_first(client_as, steering, event):
    factories.RegistrationFactory(event=event, status="cancelled", user__name="Carl Cancelled")
    factories.RegistrationFactory(event=event, status="waitlisted", user__name="Wendy Waiting")
    factories.RegistrationFactory(event=event, user__name="Rita Registered")
    url = reverse("events:event-registrations", kwargs={"slug": event.slug})
    html = client_as(steering).get(url).content.decode()
    assert (
        html.index("Rita Registered") < html.index("Wendy Waiting") < html.index("Carl Cancelled")
    )


def test_participants_are_shown_by_role(client, event):
    factories.ParticipantFactory(event=event, name="Pat Panelist", role="panelist", order=1)
    factories.ParticipantFactory(event=event, name="Rae Rapporteur", role="rapporteur", order=2)
    factories.ParticipantFactory(event=event, name="Cy Chair", role="chair", order=3)
    html = client.get(detail_url(event)).content.decode()
    assert html.index("Cy Chair") < html.index("Rae Rapporteur") < html.index("Pat Panelist")
