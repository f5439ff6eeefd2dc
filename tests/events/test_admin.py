import pytest
from django.urls import reverse

from events.forms import EventAdminForm
from events.models import Event, EventSeries
from tests import factories

pytestmark = pytest.mark.django_db


def test_event_admin_pages_open(client_as, admin, event):
    factories.ParticipantFactory(event=event)
    factories.RegistrationFactory(event=event)
    client = client_as(admin)
    assert client.get(reverse("admin:events_event_changelist")).status_code == 200
    response = client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for inline in ["questions", "agenda_items", "participants", "registrations"]:
        assert f'id="{inline}-group"' in html
    assert reverse("events:event-registrations", kwargs={"slug": event.slug}) in html
    assert client.get(reverse("admin:events_registration_changelist")).status_code == 200
    assert client.get(reverse("admin:events_event_add")).status_code == 200


def test_members_cannot_open_the_admin(client_as, member):
    response = client_as(member).get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302


# The cancel case gained a notice: the action now goes through services.cancel_event,
# which refuses to cancel without one (issue 14; the test below covers the refusal).
@pytest.mark.parametrize(("action", "status"), [("publish", "published"), ("cancel", "cancelled")])
def test_publish_and_cancel_actions(client_as, admin, action, status):
    draft = factories.EventFactory(status="draft", cancellation_notice="The venue closed.")
    response = client_as(admin).post(
        reverse("admin:events_event_changelist"),
        {"action": action, "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Event.objects.get(pk=draft.pk).status == status


def test_cancel_action_refuses_events_without_a_notice(client_as, admin):
    with_notice = factories.EventFactory(title="Spring forum", cancellation_notice="Postponed.")
    without = factories.EventFactory(title="Autumn forum", status="published")
    response = client_as(admin).post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel", "_selected_action": [with_notice.pk, without.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 event cancelled." in html
    assert "Not cancelled: Autumn forum. A cancelled event needs a notice saying why" in html
    assert Event.objects.get(pk=with_notice.pk).status == "cancelled"
    assert Event.objects.get(pk=without.pk).status == "published"


def test_theme_and_organization_autocomplete(client_as, admin):
    factories.ThematicAreaFactory(name="Financing and the liquidity crisis")
    url = reverse("admin:autocomplete")
    response = client_as(admin).get(
        url,
        {
            "term": "Financ",
            "app_label": "events",
            "model_name": "event",
            "field_name": "themes",
        },
    )
    assert response.status_code == 200
    assert "Financing" in response.content.decode()


def admin_form_data(**changes):
    data = {
        "title": "Forum in Victoria",
        "slug": "forum-in-victoria",
        "event_type": "forum",
        "format": "in_person",
        "starts_at": "2027-03-01 19:00",
        "ends_at": "2027-03-01 21:00",
        "time_zone": "America/Vancouver",
        "visibility": "public",
        "status": "published",
    }
    data.update(changes)
    return data


def test_admin_times_are_in_the_events_own_zone():
    form = EventAdminForm(data=admin_form_data())
    assert form.is_valid(), form.errors
    event = form.save()
    assert event.starts_local.hour == 19
    assert str(event.starts_local.tzinfo) == "America/Vancouver"
    # Shown again in the event's zone when edited.
    assert EventAdminForm(instance=event).initial["starts_at"].hour == 19


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2027-03-01 18:00"}, "ends_at"),
        (
            {
                "registration_opens_at": "2027-02-10 09:00",
                "registration_closes_at": "2027-02-01 09:00",
            },
            "registration_closes_at",
        ),
        ({"status": "cancelled"}, "cancellation_notice"),
    ],
)
def test_admin_form_explains_bad_input_instead_of_failing(changes, field):
    form = EventAdminForm(data=admin_form_data(**changes))
    assert not form.is_valid()
    assert field in form.errors


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(
    client_as, admin, django_capture_on_commit_callbacks
):
    event = factories.EventFactory(capacity=1, slug="small-room")
    factories.RegistrationFactory(event=event)
    waiting = factories.RegistrationFactory(event=event, status="waitlisted")
    client = client_as(admin)
    url = reverse("admin:events_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "all") or isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = value
    for name in ["starts_at", "ends_at"]:
        local = form.initial[name]
        data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.strftime("%H:%M")
    data["capacity"] = 2
    for prefix in ["questions", "agenda_items", "participants", "registrations", "old_slugs"]:
        total = event.registrations.count() if prefix == "registrations" else 0
        data.update({f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": total})
    for index, registration in enumerate(event.registrations.order_by("pk")):
        data[f"registrations-{index}-id"] = registration.pk
        data[f"registrations-{index}-event"] = event.pk
        data[f"registrations-{index}-status"] = registration.status
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert response.status_code == 200, response.content
    waiting.refresh_from_db()
    assert waiting.status == "registered", response.context.get("errors")
    assert "moved up from the waiting list" in response.content.decode()


def test_admin_form_keeps_titles_and_places_on_one_line():
    form = EventAdminForm(
        data=admin_form_data(
            title="Forum\r\nin   Victoria\n",
            venue="Hall\nA",
            city=" Victoria,\tBC ",
            description="First paragraph.\n\nSecond paragraph.",
        )
    )
    assert form.is_valid(), form.errors
    event = form.save()
    assert (event.title, event.venue, event.city) == ("Forum in Victoria", "Hall A", "Victoria, BC")
    assert event.description == "First paragraph.\n\nSecond paragraph."


def test_the_admin_strips_newlines_from_every_single_line_field(client_as, admin):
    """Through the real admin pages, inlines and the series too."""
    client = client_as(admin)
    data = {
        "title": "A title\nwith a forged newline",
        "slug": "forged",
        "event_type": "roundtable",
        "format": "in_person",
        "description": "Line one\nline two",
        "starts_at_0": "2027-03-01",
        "starts_at_1": "19:00",
        "ends_at_0": "2027-03-01",
        "ends_at_1": "21:00",
        "time_zone": "America/Toronto",
        "venue": "Room\r\n4",
        "visibility": "public",
        "status": "published",
        "participants-0-order": "1",
        "participants-0-name": "Ada\nLovelace",
        "participants-0-affiliation": "Analytical\r\nEngine Society",
        "participants-0-role": "panelist",
        "participants-0-attribution": "named",
        "agenda_items-0-order": "1",
        "agenda_items-0-title": "Opening\nsession",
        "agenda_items-0-speakers": "A. Speaker,\nB. Speaker",
    }
    for prefix, total in [
        ("questions", 0),
        ("agenda_items", 1),
        ("participants", 1),
        ("registrations", 0),
        ("old_slugs", 0),
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    event = Event.objects.get(slug="forged")
    assert (event.title, event.venue) == ("A title with a forged newline", "Room 4")
    assert event.description == "Line one\nline two"
    person = event.participants.get()
    assert (person.name, person.affiliation) == ("Ada Lovelace", "Analytical Engine Society")
    item = event.agenda_items.get()
    assert (item.title, item.speakers) == ("Opening session", "A. Speaker, B. Speaker")

    response = client.post(
        reverse("admin:events_eventseries_add"),
        {"title": "Autumn\nwebinars", "slug": "autumn", "description": "One\ntwo"},
    )
    assert response.status_code == 302
    series = EventSeries.objects.get(slug="autumn")
    assert (series.title, series.description) == ("Autumn webinars", "One\ntwo")


def test_the_publish_action_keeps_a_revision_and_an_audit_entry_per_event(client_as, admin):
    from powg.models import AuditAction, AuditEntry

    drafts = [factories.EventFactory(status="draft") for _ in range(2)]
    client_as(admin).post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [d.pk for d in drafts]},
        follow=True,
    )
    for draft in drafts:
        event = Event.objects.get(pk=draft.pk)
        assert event.status == "published" and event.published_at is not None
        assert event.history.count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.PUBLISH, actor=admin).count() == 2
