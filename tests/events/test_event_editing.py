"""Editing events on the site: the steering committee's form with its rows, publishing,
preview, conflicts, revisions, and who may do any of it."""

import datetime
import re
from unittest import mock

import pytest
from django.utils import timezone

from events.models import AgendaItem, Event, EventQuestion, Participant
from powg.models import AuditAction, AuditEntry
from powg.revisions import revision_token
from tests import factories

pytestmark = pytest.mark.django_db

ZONE = "America/Toronto"


def _local(value):
    return timezone.localtime(value, timezone.get_fixed_timezone(0)).strftime("%Y-%m-%dT%H:%M")


def _rows(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def _form_data(event=None, *, agenda=(), participants=(), questions=(), **fields):
    """What the edit page sends: the event's fields (``event``'s when given) and rows."""
    data = {
        "title": "Roundtable on protection of civilians",
        "title_fr": "Table ronde sur la protection des civils",
        "slug": "",
        "event_type": "roundtable",
        "format": "in_person",
        "series": "",
        "summary": "Experts compare mission practice.",
        "summary_fr": "",
        "description": "## Why\n\nMissions need better protection plans.",
        "description_fr": "",
        "starts_at": "2027-03-01T14:00",
        "ends_at": "2027-03-01T17:00",
        "time_zone": ZONE,
        "venue": "Main hall",
        "city": "Ottawa",
        "online_url": "",
        "visibility": "public",
        "cancellation_notice": "",
        "cancellation_notice_fr": "",
        "capacity": "",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "publish_at": "",
        "action": "save",
    }
    if event is not None:
        zone = event.zone
        data.update(
            title=event.title,
            title_fr=event.title_fr,
            slug=event.slug,
            event_type=event.event_type,
            format=event.format,
            summary=event.summary,
            description=event.description,
            starts_at=event.starts_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            ends_at=event.ends_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            time_zone=event.time_zone,
            venue=event.venue,
            city=event.city,
            visibility=event.visibility,
            revision=revision_token(event),
        )
    data.update(fields)
    data.update(_rows("agenda", list(agenda), _initial(agenda)))
    data.update(_rows("participants", list(participants), _initial(participants)))
    data.update(_rows("questions", list(questions), _initial(questions)))
    return data


def _initial(rows):
    return sum(1 for row in rows if row.get("id"))


def _agenda_rows(event):
    return [
        {
            "id": str(item.pk),
            "event": str(event.pk),
            "order": str(item.order),
            "starts_at": item.starts_at.strftime("%H:%M") if item.starts_at else "",
            "ends_at": "",
            "title": item.title,
            "title_fr": item.title_fr,
            "speakers": item.speakers,
        }
        for item in event.agenda_items.order_by("order", "pk")
    ]


@pytest.fixture
def event(db):
    event = factories.EventFactory(
        title="Forum on mandates",
        slug="forum-on-mandates",
        time_zone=ZONE,
        city="Ottawa",
        description="The forum looks at mandates.",
    )
    for order, title in enumerate(["Opening", "Panel", "Closing"], start=1):
        AgendaItem.objects.create(event=event, order=order, title=title)
    return event


def _editing_urls(event):
    record = event.history.order_by("history_id").first()
    return [
        ("get", "/events/new/"),
        ("post", "/events/new/"),
        ("get", f"/events/{event.slug}/edit/"),
        ("post", f"/events/{event.slug}/edit/"),
        ("get", f"/events/{event.slug}/preview/"),
        ("get", f"/events/{event.slug}/history/"),
        ("get", f"/events/{event.slug}/history/{record.history_id}/"),
        ("post", f"/events/{event.slug}/history/{record.history_id}/restore/"),
        ("get", f"/fr/events/{event.slug}/edit/"),
    ]


def test_every_editing_address_is_for_the_steering_committee_only(role_user, client_as, event):
    role, user = role_user
    client = client_as(user)
    for method, url in _editing_urls(event):
        response = getattr(client, method)(url)
        if role == "public":
            assert response.status_code == 302, (method, url)
            assert "/accounts/login/" in response["Location"], (method, url)
        elif role == "member":
            assert response.status_code == 403, (method, url)
        else:
            assert response.status_code in (200, 302), (method, url, response.status_code)
            if method == "get":
                assert response.status_code == 200, (method, url)
    if role in ("public", "member"):
        assert Event.objects.count() == 1
        assert AuditEntry.objects.count() == 0


def test_a_hidden_or_unknown_event_is_404_for_the_committee_too(client_as, steering):
    client = client_as(steering)
    assert client.get("/events/no-such-event/edit/").status_code == 404
    assert client.get("/events/no-such-event/history/").status_code == 404
    assert client.get("/events/no-such-event/history/1/").status_code == 404


def test_the_committee_creates_an_event_with_rows_as_a_draft(client_as, steering):
    theme = factories.ThematicAreaFactory()
    organization = factories.OrganizationFactory()
    data = _form_data(
        agenda=[
            {"order": "1", "starts_at": "14:00", "title": "Opening remarks", "speakers": "Chair"},
            {"order": "2", "starts_at": "14:30", "title": "First panel"},
            {"order": "3", "title": ""},  # a blank row adds nothing
        ],
        participants=[{"order": "1", "name": "Mona Moderator", "role": "moderator"}],
        questions=[{"order": "1", "text": "What works?", "text_fr": "Qu'est-ce qui marche ?"}],
        themes=[str(theme.pk)],
        organizers=[str(organization.pk)],
    )
    data["participants-0-attribution"] = "named"
    response = client_as(steering).post("/events/new/", data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.slug}/edit/"
    assert event.slug == "roundtable-on-protection-of-civilians"
    assert event.status == "draft"
    assert event.starts_at == datetime.datetime(2027, 3, 1, 19, 0, tzinfo=datetime.UTC)
    assert [i.title for i in event.agenda_items.all()] == ["Opening remarks", "First panel"]
    assert event.participants.get().name == "Mona Moderator"
    assert event.questions.get().text_fr == "Qu'est-ce qui marche ?"
    assert list(event.themes.all()) == [theme]
    assert list(event.organizers.all()) == [organization]
    assert event.history.count() == 1
    assert AuditEntry.objects.count() == 0  # saving a draft publishes nothing


def test_the_edit_page_shows_times_in_the_events_zone(client_as, steering, event):
    event.starts_at = datetime.datetime(2027, 6, 1, 18, 0, tzinfo=datetime.UTC)
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()
    body = client_as(steering).get(f"/events/{event.slug}/edit/").content.decode()
    assert 'value="2027-06-01T14:00"' in body  # 14:00 in Toronto (EDT)
    assert 'name="revision" value="' in body


def test_edit_adds_reorders_and_deletes_agenda_items(client_as, steering, event):
    rows = _agenda_rows(event)
    opening, panel, closing = rows
    panel["order"], opening["order"] = "1", "2"  # the panel first
    closing["DELETE"] = "on"
    added = {"order": "3", "title": "Reception", "speakers": "Hosts"}
    data = _form_data(event, agenda=[opening, panel, closing, added])
    response = client_as(steering).post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 302
    titles = [item.title for item in event.agenda_items.all()]
    assert titles == ["Panel", "Opening", "Reception"]
    public = client_as(None).get(event.get_absolute_url()).content.decode()
    assert public.index("Panel") < public.index("Opening") < public.index("Reception")
    assert "Closing" not in public


def test_errors_are_summarized_and_everything_typed_is_kept(client_as, steering, event):
    rows = _agenda_rows(event)
    rows[1]["title"] = ""  # a saved row loses its title
    rows.append({"order": "4", "speakers": "Someone without a session"})
    data = _form_data(
        event,
        agenda=rows,
        title="",
        city="Montréal typed",
        description="Kept **description**",
        ends_at="2027-02-01T10:00",
        starts_at="2027-03-01T10:00",
    )
    response = client_as(steering).post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 200
    body = response.content.decode()
    summary = body[
        body.index('class="error-summary"') : body.index("</div>", body.index("error-summary"))
    ]
    assert 'href="#id_title"' in summary
    assert 'href="#id_ends_at"' in summary
    assert 'href="#id_agenda-1-title"' in summary
    assert 'href="#id_agenda-3-title"' in summary
    assert "Agenda item 2, Title" in summary
    assert 'value="Montréal typed"' in body
    assert "Kept **description**" in body
    assert 'value="Someone without a session"' in body
    assert 'aria-describedby="id_title_error' in body or 'id="id_title_error' in body
    event.refresh_from_db()
    assert event.city == "Ottawa"
    assert AgendaItem.objects.filter(event=event).count() == 3


def test_add_another_row_without_javascript_keeps_what_was_typed(client_as, steering, event):
    rows = _agenda_rows(event)
    rows[0]["title"] = "Opening, retitled"
    data = _form_data(event, agenda=rows, action="add-agenda", title="")
    response = client_as(steering).post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="agenda-TOTAL_FORMS" value="4"' in body
    assert 'name="agenda-3-title"' in body
    assert 'name="agenda-3-order" value="4"' in body  # numbered after the last
    assert 'value="Opening, retitled"' in body
    assert 'class="error-summary"' not in body  # adding a row judges nothing yet
    assert AgendaItem.objects.filter(event=event).count() == 3
    assert event.agenda_items.first().title == "Opening"
    # The new row is then saved like any other.
    data["action"] = "save"
    data["title"] = event.title
    data.update(_rows("agenda", [*rows, {"order": "4", "title": "Added"}], initial=3))
    response = client_as(steering).post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 302
    assert [i.title for i in event.agenda_items.all()][-1] == "Added"


def test_a_second_saver_gets_the_conflict_and_keeps_their_text(client_as, steering, event):
    other = factories.steering_user(user__name="Olga Other")
    opened = _form_data(event, agenda=_agenda_rows(event))  # both open the page
    theirs = dict(opened, city="Gatineau")
    assert client_as(other).post(f"/events/{event.slug}/edit/", theirs).status_code == 302
    mine = dict(opened, description="My own careful description.")
    response = client_as(steering).post(f"/events/{event.slug}/edit/", mine)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this item while you were editing it" in body
    assert "My own careful description." in body
    assert "Gatineau" in body  # what they changed
    event.refresh_from_db()
    assert event.city == "Gatineau"
    assert event.description == "The forum looks at mandates."
    new_token = re.search(r'name="revision" value="(\d+)"', body).group(1)
    assert new_token == revision_token(event)
    # Saving again, knowingly, replaces theirs.
    again = dict(mine, revision=new_token)
    assert client_as(steering).post(f"/events/{event.slug}/edit/", again).status_code == 302
    event.refresh_from_db()
    assert event.description == "My own careful description."


def test_restore_brings_back_a_revision_as_a_new_one(client_as, steering, event):
    first = event.history.order_by("history_id").first()
    client = client_as(steering)
    data = _form_data(event, agenda=_agenda_rows(event), title="Renamed forum")
    assert client.post(f"/events/{event.slug}/edit/", data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed forum"
    page = client.get(f"/events/{event.slug}/history/{first.history_id}/").content.decode()
    assert "Renamed forum" in page and "Restore this revision" in page
    response = client.post(f"/events/{event.slug}/history/{first.history_id}/restore/")
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.slug}/history/"
    event.refresh_from_db()
    assert event.title == "Forum on mandates"
    assert event.history.count() == 3
    assert AuditEntry.objects.filter(action=AuditAction.RESTORE).count() == 1


def test_a_changed_slug_keeps_redirecting(client_as, steering, event):
    client = client_as(steering)
    data = _form_data(event, agenda=_agenda_rows(event), slug="forum-on-un-mandates")
    response = client.post("/events/forum-on-mandates/edit/", data)
    assert response["Location"] == "/events/forum-on-un-mandates/edit/"
    public = client_as(None).get("/events/forum-on-mandates/")
    assert public.status_code == 301
    assert public["Location"] == "/events/forum-on-un-mandates/"
    client = client_as(steering)
    assert client.get("/events/forum-on-mandates/edit/")["Location"] == (
        "/events/forum-on-un-mandates/edit/"
    )


def test_reserved_and_taken_slugs_are_refused(client_as, steering, event):
    client = client_as(steering)
    response = client.post("/events/new/", _form_data(slug="new"))
    assert response.status_code == 200
    assert "is taken by a page of the site" in response.content.decode()
    response = client.post("/events/new/", _form_data(slug=event.slug))
    assert response.status_code == 200
    assert Event.objects.count() == 1
    # An empty address is made from the title, and made free.
    client.post("/events/new/", _form_data(title="Forum on mandates"))
    assert Event.objects.filter(slug="forum-on-mandates-2").exists()


@pytest.mark.parametrize(
    ("action", "audited"),
    [
        ("publish", AuditAction.PUBLISH),
        ("schedule", AuditAction.SCHEDULE),
        ("unpublish", AuditAction.UNPUBLISH),
        ("archive", AuditAction.ARCHIVE),
    ],
)
def test_each_publishing_button_is_audited_once(client_as, steering, event, action, audited):
    if action in ("publish", "schedule"):
        Event.objects.filter(pk=event.pk).update(status="draft", published_at=None)
        event.refresh_from_db()
    later = timezone.now() + datetime.timedelta(days=2)
    data = _form_data(
        event,
        agenda=_agenda_rows(event),
        action=action,
        publish_at=later.astimezone(event.zone).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client_as(steering).post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 302
    entries = AuditEntry.objects.all()
    assert [entry.action for entry in entries] == [audited]
    assert entries[0].actor == steering
    event.refresh_from_db()
    expected = {"publish": "published", "schedule": "published", "unpublish": "draft"}
    assert event.status == expected.get(action, "archived")
    if action == "schedule":
        assert event.is_scheduled
        assert abs(event.published_at - later) < datetime.timedelta(minutes=1)


def test_scheduling_needs_a_time_to_come(client_as, steering, event):
    Event.objects.filter(pk=event.pk).update(status="draft", published_at=None)
    event.refresh_from_db()
    client = client_as(steering)
    for when in ["", "2001-01-01T10:00"]:
        data = _form_data(event, agenda=_agenda_rows(event), action="schedule", publish_at=when)
        response = client.post(f"/events/{event.slug}/edit/", data)
        assert response.status_code == 200
        assert 'href="#id_publish_at"' in response.content.decode()
    event.refresh_from_db()
    assert event.status == "draft"
    assert AuditEntry.objects.count() == 0


def test_a_visibility_change_is_audited_once(client_as, steering, event):
    data = _form_data(event, agenda=_agenda_rows(event), visibility="members")
    client_as(steering).post(f"/events/{event.slug}/edit/", data)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.VISIBILITY
    assert entry.object_id == str(event.pk)


def test_cancelling_needs_a_notice_and_is_kept_from_the_admin(client_as, steering, event):
    client = client_as(steering)
    data = _form_data(event, agenda=_agenda_rows(event), cancelled="on")
    response = client.post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 200
    assert 'href="#id_cancellation_notice"' in response.content.decode()
    data["cancellation_notice"] = "The speakers cannot travel; a webinar follows."
    assert client.post(f"/events/{event.slug}/edit/", data).status_code == 302
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert (
        "This event is cancelled." in client_as(None).get(event.get_absolute_url()).content.decode()
    )


def test_a_scheduled_event_appears_everywhere_at_its_time(client_as, steering, event):
    Event.objects.filter(pk=event.pk).update(status="draft", published_at=None)
    event.refresh_from_db()
    later = timezone.now() + datetime.timedelta(hours=3)
    data = _form_data(
        event,
        agenda=_agenda_rows(event),
        action="schedule",
        publish_at=later.astimezone(event.zone).strftime("%Y-%m-%dT%H:%M"),
    )
    assert client_as(steering).post(f"/events/{event.slug}/edit/", data).status_code == 302
    # The committee sees it, marked.
    listing = client_as(steering).get("/events/").content.decode()
    assert event.title in listing and "Scheduled" in listing
    client = client_as(None)

    def seen():
        return {
            "list": event.title in client.get("/events/").content.decode(),
            "page": client.get(event.get_absolute_url()).status_code == 200,
            "calendar": event.title in client.get("/events/feed.ics").content.decode(),
            "sitemap": event.get_absolute_url() in client.get("/sitemap.xml").content.decode(),
        }

    assert seen() == {"list": False, "page": False, "calendar": False, "sitemap": False}
    real_now = timezone.now
    with mock.patch.object(timezone, "now", lambda: real_now() + datetime.timedelta(hours=4)):
        assert seen() == {"list": True, "page": True, "calendar": True, "sitemap": True}


def test_preview_shows_the_public_page_with_a_banner(client_as, steering, event):
    Event.objects.filter(pk=event.pk).update(status="draft", published_at=None)
    client = client_as(steering)
    data = _form_data(event, agenda=_agenda_rows(event), action="preview")
    response = client.post(f"/events/{event.slug}/edit/", data)
    assert response["Location"] == f"/events/{event.slug}/preview/"
    response = client.get(f"/events/{event.slug}/preview/")
    body = response.content.decode()
    assert [t.name for t in response.templates][0] == "events/event_detail.html"
    assert "This event is a draft: only the steering committee sees this page." in body
    assert "Opening" in body and "Forum on mandates" in body
    assert client_as(None).get(event.get_absolute_url()).status_code == 404


def test_edit_links_only_for_those_who_may_edit(role_user, client_as, event):
    role, user = role_user
    client = client_as(user)
    page = client.get(event.get_absolute_url()).content.decode()
    listing = client.get("/events/").content.decode()
    may_edit = role in ("steering", "admin")
    assert (f'href="/events/{event.slug}/edit/"' in page) is may_edit
    assert (f'href="/events/{event.slug}/history/"' in page) is may_edit
    assert ('href="/events/new/"' in listing) is may_edit


def test_history_lists_the_events_and_its_rows_changes(client_as, steering, event):
    client = client_as(steering)
    rows = _agenda_rows(event)
    rows[2]["DELETE"] = "on"
    data = _form_data(
        event,
        agenda=rows,
        participants=[{"order": "1", "name": "Pat Panelist", "role": "panelist"}],
        city="Kingston",
    )
    data["participants-0-attribution"] = "named"
    client.post(f"/events/{event.slug}/edit/", data)
    body = client.get(f"/events/{event.slug}/history/").content.decode()
    assert "City" in body  # the event's revision, with what it changed
    section = body[body.index("Changes to the agenda, participants and questions") :]
    assert "Participant: Pat Panelist" in section
    assert "Agenda item: Closing" in section and "Deleted" in section
    assert "Sam Steering" in section


def test_the_edit_page_in_french(client_as, steering, event, french_catalogue):
    body = client_as(steering).get(f"/fr/events/{event.slug}/edit/").content.decode()
    assert "Enregistrer" in body
    assert "Ajouter une ligne" in body
    assert "Date et lieu" in body
    assert 'lang="fr"' in body


def _event_with_rows(rows):
    event = factories.EventFactory(title="Big forum", slug="big-forum")
    organizations = [factories.OrganizationFactory() for _ in range(rows)]
    factories.ThematicAreaFactory.create_batch(rows)
    for n in range(rows):
        AgendaItem.objects.create(event=event, order=n, title=f"Session {n}")
        Participant.objects.create(event=event, order=n, name=f"Person {n}")
        EventQuestion.objects.create(event=event, order=n, text=f"Question {n}")
        factories.member_user()
    event.organizers.set(organizations)
    for n in range(rows):
        event.title = f"Big forum {n}"
        event.save()
    event.title = "Big forum"
    event.save()
    return event


@pytest.mark.parametrize("rows", [5, 50])
def test_edit_and_history_pages_run_a_fixed_number_of_queries(
    rows, client_as, steering, django_assert_num_queries
):
    event = _event_with_rows(rows)
    client = client_as(steering)
    client.get(f"/events/{event.slug}/edit/")  # per-process caches
    # session, user, groups, event, token; the event's themes, organizers, partners;
    # members; the choices of series, themes, organizers, partners; the three rows
    with django_assert_num_queries(16):
        response = client.get(f"/events/{event.slug}/edit/")
    assert response.status_code == 200
    assert f"Session {rows - 1}" in response.content.decode()
    # session, user, groups, event, the rows' three histories, count, page, older
    with django_assert_num_queries(10):
        response = client.get(f"/events/{event.slug}/history/")
    assert response.status_code == 200
    assert f"Question: Question {rows - 1}" in response.content.decode()


def test_editing_pages_are_valid_html(client_as, steering, event, tmp_path):
    import shutil

    from tests.powg.test_html_valid import skipped_heading_levels, vnu_problems

    if shutil.which("java") is None:
        pytest.skip("the Nu Html Checker needs Java")
    client = client_as(steering)
    data = _form_data(event, agenda=_agenda_rows(event), title="", city="Kingston")
    client.post(f"/events/{event.slug}/edit/", dict(data, title=event.title))
    first = event.history.order_by("history_id").first()
    files = {}
    for prefix in ("", "/fr"):
        pages = {
            "new": client.get(f"{prefix}/events/new/"),
            "edit": client.get(f"{prefix}/events/{event.slug}/edit/"),
            "errors": client.post(f"{prefix}/events/{event.slug}/edit/", data),
            "add-row": client.post(
                f"{prefix}/events/{event.slug}/edit/", dict(data, action="add-questions")
            ),
            "preview": client.get(f"{prefix}/events/{event.slug}/preview/"),
            "history": client.get(f"{prefix}/events/{event.slug}/history/"),
            "revision": client.get(f"{prefix}/events/{event.slug}/history/{first.pk}/"),
        }
        for name, response in pages.items():
            assert response.status_code == 200, name
            assert not skipped_heading_levels(response.content), name
            path = tmp_path / f"{name}{prefix.replace('/', '-')}.html"
            path.write_bytes(response.content)
            files[str(path)] = f"{prefix} {name}"
    problems = vnu_problems(files)
    assert not problems, "\n".join(problems)
