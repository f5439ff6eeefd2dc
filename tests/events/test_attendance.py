"""Attendance: marked by the steering committee on the registration list, printed on a
sign-in sheet, in the CSV, and listed on the member's pages as the viewer may see them."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events import attendance
from events.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db

ALLOWED = {"public": False, "member": False, "steering": True, "admin": True}


@pytest.fixture
def today(db):
    """A public event that started an hour ago."""
    start = timezone.now() - datetime.timedelta(hours=1)
    return factories.EventFactory(
        title="Roundtable on rapid deployment",
        slug="roundtable-on-rapid-deployment",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        venue="Main hall",
        city="Ottawa",
    )


def registration(event, name, status="registered"):
    return factories.RegistrationFactory(
        event=event, status=status, user__name=name, user__email=f"{name.split()[0]}@example.org"
    )


def url(name, event):
    return reverse(f"events:{name}", kwargs={"slug": event.slug})


def post_attendance(client, event, shown, attended):
    return client.post(
        url("event-attendance", event),
        {"shown": [r.pk for r in shown], "attended": [r.pk for r in attended]},
    )


def status_of(registration):
    return Registration.objects.get(pk=registration.pk).status


# --- marking -----------------------------------------------------------------------------


def test_marking_attendance_is_for_the_steering_committee(role_user, client_as, today):
    role, user = role_user
    ana = registration(today, "Ana Able")
    response = post_attendance(client_as(user), today, [ana], [ana])
    if ALLOWED[role]:
        assert response.status_code == 302
        assert response["Location"] == url("event-registrations", today)
        assert status_of(ana) == "attended"
        assert Registration.objects.get(pk=ana.pk).attendance_marked_at is not None
    else:
        assert response.status_code == (302 if role == "public" else 403)
        if role == "public":
            assert response["Location"].startswith(reverse("account_login"))
        assert status_of(ana) == "registered"


def test_the_registration_list_has_a_box_per_row_and_saves_ticks(client_as, steering, today):
    ana = registration(today, "Ana Able")
    bo = registration(today, "Bo Brown")
    wendy = registration(today, "Wendy Waiting", status="waitlisted")
    carl = registration(today, "Carl Cancelled", status="cancelled")
    client = client_as(steering)
    html = client.get(url("event-registrations", today)).content.decode()
    assert f'action="{url("event-attendance", today)}"' in html
    for row in [ana, bo, wendy]:
        assert f'name="attended" value="{row.pk}"' in html
        assert f'name="shown" value="{row.pk}"' in html
    assert f'value="{carl.pk}"' not in html  # a cancelled registration cannot be marked
    assert "Ana Able attended" in html  # each box labelled with the person's name
    response = post_attendance(client, today, [ana, bo, wendy, carl], [ana, wendy, carl])
    assert (status_of(ana), status_of(bo), status_of(wendy), status_of(carl)) == (
        "attended",
        "registered",
        "attended",
        "cancelled",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Attendance saved: 2 people attended." in page
    assert f'value="{ana.pk}" id="attended-{ana.pk}" checked' in page


def test_unticking_puts_a_person_back_and_rows_not_shown_keep_their_mark(
    client_as, steering, today
):
    ana = registration(today, "Ana Able", status="attended")
    bo = registration(today, "Bo Brown", status="attended")
    client = client_as(steering)
    post_attendance(client, today, [ana], [])
    assert status_of(ana) == "registered"
    assert Registration.objects.get(pk=ana.pk).attendance_marked_at is None
    assert status_of(bo) == "attended"


def test_registrations_of_another_event_are_not_touched(client_as, steering, today):
    other_event = factories.EventFactory(
        starts_at=today.starts_at, ends_at=today.ends_at, title="Another"
    )
    stranger = registration(other_event, "Sid Stranger")
    post_attendance(client_as(steering), today, [stranger], [stranger])
    assert status_of(stranger) == "registered"


def test_bad_ids_are_ignored(client_as, steering, today):
    ana = registration(today, "Ana Able")
    response = client_as(steering).post(
        url("event-attendance", today),
        {"shown": ["x", "-1", "9" * 30, str(ana.pk)], "attended": ["1e3", str(ana.pk)]},
    )
    assert response.status_code == 302
    assert status_of(ana) == "attended"


def test_attendance_cannot_be_marked_before_the_day_or_for_a_cancelled_event(
    client_as, steering, event
):
    ana = registration(event, "Ana Able")
    client = client_as(steering)
    html = client.get(url("event-registrations", event)).content.decode()
    assert 'name="attended"' not in html
    assert "Attendance can be recorded here from the day of the event." in html
    response = post_attendance(client, event, [ana], [ana])
    page = client.get(response["Location"]).content.decode()
    assert "Attendance can be recorded from the day of the event" in page
    assert status_of(ana) == "registered"
    with pytest.raises(attendance.AttendanceError):
        attendance.mark_attendance(event=event, shown=[ana.pk], present=[ana.pk], by=steering)


def test_the_service_refuses_anyone_but_the_committee(member, today):
    ana = registration(today, "Ana Able")
    with pytest.raises(attendance.AttendanceError):
        attendance.mark_attendance(event=today, shown=[ana.pk], present=[ana.pk], by=member)
    assert status_of(ana) == "registered"


def test_attendance_of_a_missing_event_is_404_for_the_committee(client_as, steering):
    response = client_as(steering).post(
        reverse("events:event-attendance", kwargs={"slug": "no-such-event"}), {}
    )
    assert response.status_code == 404
    get = client_as(steering).get(reverse("events:event-attendance", kwargs={"slug": "x"}))
    assert get.status_code == 405


def test_unmarking_someone_who_holds_a_place_again_keeps_the_mark(steering, today):
    ana = registration(today, "Ana Able", status="attended")
    again = Registration.objects.create(event=today, user=ana.user)
    attendance.mark_attendance(event=today, shown=[ana.pk], present=[], by=steering)
    assert status_of(ana) == "attended" and status_of(again) == "registered"


def test_the_member_sees_on_the_event_page_that_they_attended(client_as, today):
    ana = registration(today, "Ana Able", status="attended")
    html = client_as(ana.user).get(today.get_absolute_url()).content.decode()
    assert "You attended this event." in html


# --- the sign-in sheet -------------------------------------------------------------------


def test_the_sign_in_sheet_is_for_the_steering_committee(role_user, client_as, today):
    role, user = role_user
    registration(today, "Ana Able")
    response = client_as(user).get(url("sign-in-sheet", today))
    if ALLOWED[role]:
        assert response.status_code == 200
        assert "Ana Able" in response.content.decode()
        assert "private" in response["Cache-Control"]
    else:
        assert response.status_code == (302 if role == "public" else 403)


def test_the_sign_in_sheet_lists_names_in_order_then_blank_lines(client_as, steering, today):
    registration(today, "Zoe Zimmer")
    registration(today, "ana Able")
    registration(today, "Marc Martin", status="attended")
    registration(today, "Wendy Waiting", status="waitlisted")
    registration(today, "Carl Cancelled", status="cancelled")
    html = client_as(steering).get(url("sign-in-sheet", today)).content.decode()
    assert html.index("ana Able") < html.index("Marc Martin") < html.index("Zoe Zimmer")
    assert "Wendy Waiting" not in html and "Carl Cancelled" not in html
    assert html.count('class="sign-in-blank"') == attendance.WALK_IN_LINES
    assert f"<td>{3 + attendance.WALK_IN_LINES}</td>" in html  # numbered on after the names
    assert "Signature" in html and "Organization" in html
    # No one's address on a sheet passed around the room.
    assert "Zoe@example.org" not in html and "Marc@example.org" not in html


def test_the_sign_in_sheet_is_linked_and_printable(client_as, steering, today):
    html = client_as(steering).get(url("event-registrations", today)).content.decode()
    assert url("sign-in-sheet", today) in html
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    print_rules = css[css.index("Attendance and the sign-in sheet") :]
    assert "@media print" in print_rules and ".sign-in-sheet" in print_rules


def test_the_sign_in_sheet_under_the_chatham_house_rule_shows_no_organization(
    client_as, steering, today
):
    today.chatham_house_rule = True
    today.save()
    registration(today, "Ana Able")
    html = client_as(steering).get(url("sign-in-sheet", today)).content.decode()
    assert "Ana Able" in html and ">Organization<" not in html


def test_the_sign_in_sheet_in_french(client_as, steering, today, french_catalogue):
    registration(today, "Ana Able")
    html = client_as(steering).get("/fr" + url("sign-in-sheet", today)).content.decode()
    assert "Feuille de présence" in html and "Ana Able" in html


# --- the CSV -----------------------------------------------------------------------------


def test_the_csv_has_an_attendance_column(client_as, steering, today):
    registration(today, "Ana Able", status="attended")
    registration(today, "Bo Brown")
    response = client_as(steering).get(url("event-registrations-csv", today))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Attended"
    by_name = {row[0]: row[-1] for row in rows[1:]}
    assert by_name == {"Ana Able": "Yes", "Bo Brown": "No"}


# --- the member's attended events --------------------------------------------------------


def past(title, **extra):
    start = timezone.now() - datetime.timedelta(days=30)
    return factories.EventFactory(
        title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **extra
    )


@pytest.fixture
def attendee(db):
    """A listed member who attended a public, a members-only, a steering-only and a draft
    event, registered for another without coming, and cancelled a third."""
    person = factories.listed_member(user__name="Ana Able")
    for title, extra in [
        ("Public forum attended", {}),
        ("Members briefing attended", {"visibility": "members"}),
        ("Committee retreat attended", {"visibility": "steering"}),
        ("Draft meeting attended", {"status": "draft"}),
    ]:
        factories.RegistrationFactory(
            event=past(title, **extra), user=person.user, status="attended"
        )
    factories.RegistrationFactory(event=past("Forum not attended"), user=person.user)
    factories.RegistrationFactory(
        event=past("Forum cancelled"), user=person.user, status="cancelled"
    )
    return person


SEES = {
    "member": {"Public forum attended", "Members briefing attended"},
    "steering": {
        "Public forum attended",
        "Members briefing attended",
        "Committee retreat attended",
        "Draft meeting attended",
    },
}


@pytest.mark.parametrize("role", ["member", "steering"])
def test_the_profile_lists_the_events_attended_the_viewer_may_see(client_as, attendee, role):
    viewer = factories.member_user() if role == "member" else factories.steering_user()
    html = client_as(viewer).get(attendee.get_absolute_url()).content.decode()
    assert "Events attended" in html
    for title in SEES["steering"] | {"Forum not attended", "Forum cancelled"}:
        assert (title in html) == (title in SEES[role]), title


def test_the_profile_without_attendance_shows_no_section(client_as, member):
    person = factories.listed_member(user__name="Nobody Yet")
    html = client_as(member).get(person.get_absolute_url()).content.decode()
    assert "Nobody Yet" in html and "Events attended" not in html


def test_my_events_lists_what_i_attended(client_as, attendee):
    html = client_as(attendee.user).get(reverse("events:my-events")).content.decode()
    assert "Events attended" in html
    assert "Public forum attended" in html and "Members briefing attended" in html
    # The member is not on the committee: what they may not see stays hidden to them too.
    assert "Committee retreat attended" not in html and "Draft meeting attended" not in html
    assert "Forum not attended" not in html


def test_the_attended_list_in_french(client_as, attendee, french_catalogue):
    html = client_as(attendee.user).get("/fr/events/mine/").content.decode()
    assert "Participation à des événements" in html


# --- query counts ------------------------------------------------------------------------


def fill(event, rows):
    for n in range(rows):
        status = ["registered", "waitlisted", "attended", "cancelled"][n % 4]
        factories.RegistrationFactory(event=event, status=status, user__name=f"Registrant {n:02d}")


@pytest.mark.parametrize("rows", [5, 50])
def test_query_counts_of_the_committees_pages(
    client_as, steering, today, rows, django_assert_num_queries
):
    fill(today, rows)
    client = client_as(steering)
    pages = [url("event-registrations", today), url("sign-in-sheet", today)]
    for page in pages:
        client.get(page)  # per-process caches (the Site, content types)
    # session, user, groups, event, registrations
    for page in pages:
        with django_assert_num_queries(5):
            response = client.get(page)
        assert "Registrant 00" in response.content.decode()
    shown = list(today.registrations.all())
    # session, user, groups, event, then in a savepoint (and its release): lock, mark,
    # unmark (those holding a place again in a subquery), count
    with django_assert_num_queries(10):
        post_attendance(client, today, shown, shown[: rows // 2])


@pytest.mark.parametrize("rows", [5, 50])
def test_query_counts_of_the_attended_lists(client_as, rows, django_assert_num_queries):
    person = factories.listed_member(user__name="Ana Able")
    for n in range(rows):
        event = past(f"Forum {n:02d}", visibility="members" if n % 3 else "public")
        factories.RegistrationFactory(event=event, user=person.user, status="attended")
    viewer = factories.member_user()
    client = client_as(viewer)
    client.get(person.get_absolute_url())
    with django_assert_num_queries(7):
        html = client.get(person.get_absolute_url()).content.decode()
    assert html.count("Forum ") == rows
    client = client_as(person.user)
    client.get(reverse("events:my-events"))
    with django_assert_num_queries(6):
        html = client.get(reverse("events:my-events")).content.decode()
    assert "Forum 00" in html
