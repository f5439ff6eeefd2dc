"""The audit log: each kind of act recorded once, by its own function, and the page
that reads it (filters, CSV, permissions, query counts)."""

import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from members import services as member_services
from members.models import MembershipApplication
from powg import publishing
from powg.audit import record
from powg.models import AuditAction, AuditEntry
from powg.revisions import restore
from powg.roles import STEERING_GROUP
from powg.visibility import Status, Visibility
from tests import factories

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


# --- an admin form, submitted as it stands with some fields changed ---------------------


class _FormValues(HTMLParser):
    """The values a browser would send for the page's main form."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            ticked = attrs.get("type") in ("checkbox", "radio")
            if ticked and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if ticked else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data.append(tuple(self.textarea))
            self.textarea = None


def submit_admin_form(client, url, **changes):
    parser = _FormValues()
    parser.feed(client.get(url).content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value.lstrip("\n") if name in changes else value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    data.pop("_addanother", None)
    data.pop("_continue", None)
    response = client.post(url, data)
    if response.status_code == 200:  # say why the admin refused it
        form = response.context["adminform"].form
        formsets = [f.formset.errors for f in response.context["inline_admin_formsets"]]
        response.problems = (form.errors, formsets)
    return response


# --- membership ---------------------------------------------------------------------------


def test_an_approval_is_recorded_once(steering):
    application = factories.MembershipApplicationFactory()
    member_services.approve_application(application=application, by=steering)
    member_services.approve_application(application=application, by=steering)  # double click
    [entry] = entries(AuditAction.APPROVE)
    assert entry.actor == steering
    assert entry.content_type == ContentType.objects.get_for_model(MembershipApplication)
    assert entry.object_id == str(application.pk)


def test_a_decline_is_recorded_once(steering):
    application = factories.MembershipApplicationFactory()
    member_services.decline_application(application=application, by=steering, note="No")
    member_services.decline_application(application=application, by=steering)
    [entry] = entries(AuditAction.DECLINE)
    assert entry.actor == steering and entry.detail == application.email


# --- roles --------------------------------------------------------------------------------


def test_a_new_term_is_a_role_change(admin):
    Group.objects.get_or_create(name=STEERING_GROUP)
    profile = factories.MemberFactory()
    term = factories.SteeringCommitteeTermFactory.build(
        member=profile, organization=factories.OrganizationFactory()
    )
    member_services.save_term(term=term, by=admin)
    [entry] = entries(AuditAction.ROLE)
    assert entry.actor == admin and entry.object_id == str(profile.user.pk)
    assert entry.detail.startswith("Steering committee term added:")


def test_ending_and_removing_a_term_are_recorded_once_each(admin):
    Group.objects.get_or_create(name=STEERING_GROUP)
    term = factories.SteeringCommitteeTermFactory.build(
        member=factories.MemberFactory(), organization=factories.OrganizationFactory()
    )
    member_services.save_term(term=term, by=admin)
    AuditEntry.objects.all().delete()
    member_services.end_term(term=term, by=admin)
    [ended] = entries(AuditAction.ROLE)
    assert ended.detail.startswith("Steering committee term ended:")
    member_services.delete_term(term=term, by=admin)
    assert [e.detail.split(":")[0] for e in entries(AuditAction.ROLE)] == [
        "Steering committee term removed",
        "Steering committee term ended",
    ]


def test_the_admin_giving_staff_access_is_one_role_change(client_as, admin, member):
    url = f"/admin/members/user/{member.pk}/change/"
    response = submit_admin_form(client_as(admin), url, is_staff="on")
    assert response.status_code == 302, response.problems
    member.refresh_from_db()
    assert member.is_staff
    [entry] = entries(AuditAction.ROLE)
    assert entry.actor == admin and entry.object_id == str(member.pk)
    assert entry.detail == "admin site access given"


def test_an_admin_save_without_role_change_records_nothing(client_as, admin, member):
    url = f"/admin/members/user/{member.pk}/change/"
    response = submit_admin_form(client_as(admin), url, name="New Name")
    assert response.status_code == 302, response.problems
    assert entries(AuditAction.ROLE) == []


# --- logins -------------------------------------------------------------------------------


def _log_in(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    return client.post(reverse("mfa_authenticate"), {"code": factories.totp_code()})


def test_an_admin_login_is_recorded_once(client, admin):
    response = _log_in(client, admin)
    assert response.status_code == 302
    [entry] = entries(AuditAction.ADMIN_LOGIN)
    assert entry.actor == admin


def test_a_members_login_is_not_recorded(client, member):
    client.post(reverse("account_login"), {"login": member.email, "password": factories.PASSWORD})
    assert client.get("/").wsgi_request.user == member
    assert entries(AuditAction.ADMIN_LOGIN) == []


# --- content: publishing and restoring ------------------------------------------------------


def test_publishing_acts_are_recorded_once_each(steering):
    document = factories.DocumentFactory(status=Status.DRAFT)
    publishing.publish(document, by=steering, at=timezone.now() + datetime.timedelta(days=1))
    publishing.publish(document, by=steering)
    publishing.unpublish(document, by=steering)
    publishing.archive(document, by=steering)
    old = document.visibility
    document.visibility = Visibility.MEMBERS
    document.save()
    publishing.audit_visibility_change(document, old_visibility=old, by=steering)
    acts = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert acts == [
        AuditAction.SCHEDULE,
        AuditAction.PUBLISH,
        AuditAction.UNPUBLISH,
        AuditAction.ARCHIVE,
        AuditAction.VISIBILITY,
    ]


def test_a_restore_is_recorded_once(steering):
    event = factories.EventFactory(title="First title")
    event.title = "Second title"
    event.save()
    restore(event.history.order_by("history_id").first(), by=steering)
    [entry] = entries(AuditAction.RESTORE)
    assert entry.actor == steering and entry.object_id == str(event.pk)


def test_the_admin_publishing_a_document_is_recorded_once(client_as, admin):
    document = factories.DocumentFactory(status=Status.DRAFT)
    url = f"/admin/documents/document/{document.pk}/change/"
    response = submit_admin_form(client_as(admin), url, status="published", visibility="members")
    assert response.status_code == 302, response.problems
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        AuditAction.PUBLISH,
        AuditAction.VISIBILITY,
    ]


def test_the_admin_unpublishing_an_event_is_recorded_once(client_as, admin):
    event = factories.EventFactory()
    url = f"/admin/events/event/{event.pk}/change/"
    response = submit_admin_form(client_as(admin), url, status="draft")
    assert response.status_code == 302, response.problems
    [entry] = AuditEntry.objects.all()
    assert entry.action == AuditAction.UNPUBLISH and entry.actor == admin


def test_an_admin_save_that_changes_no_state_records_nothing(client_as, admin):
    event = factories.EventFactory()
    url = f"/admin/events/event/{event.pk}/change/"
    response = submit_admin_form(client_as(admin), url, title="Renamed")
    assert response.status_code == 302, response.problems
    assert not AuditEntry.objects.exists()


# --- the page -------------------------------------------------------------------------------


def test_the_audit_log_by_role(client_as, role_user):
    role, user = role_user
    response = client_as(user).get("/audit/")
    csv_response = client_as(user).get("/audit/export.csv")
    if role == "public":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert csv_response.status_code == 302
    elif role == "member":
        assert response.status_code == 403 and csv_response.status_code == 403
    else:
        assert response.status_code == 200 and csv_response.status_code == 200


def _sample(steering, admin):
    document = factories.DocumentFactory(title="Mandates report")
    event = factories.EventFactory(title="Roundtable on mandates")
    record(actor=steering, action=AuditAction.PUBLISH, target=document)
    record(actor=admin, action=AuditAction.ARCHIVE, target=event)
    old = record(actor=steering, action=AuditAction.SCHEDULE, target=event, detail="=cmd()")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    return document, event


def test_filters_by_person_kind_act_and_dates(client_as, steering, admin):
    document, event = _sample(steering, admin)
    client = client_as(steering)

    def rows(query):
        html = client.get("/audit/" + query).content.decode()
        return html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""

    assert "Mandates report" in rows(f"?actor={steering.pk}")
    assert "Roundtable" not in rows(f"?actor={steering.pk}&action=archive")
    kind = ContentType.objects.get_for_model(event).pk
    assert "Mandates report" not in rows(f"?kind={kind}") and "Roundtable" in rows(f"?kind={kind}")
    recent = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert "Scheduled" not in rows(f"?since={recent}") and "Published" in rows(f"?since={recent}")
    assert "Scheduled" in rows(f"?until={recent}") and "Published" not in rows(f"?until={recent}")


@pytest.mark.parametrize(
    "query", ["?since=not-a-date", "?actor=abc", "?kind=999999", "?action=%00", "?page=x"]
)
def test_bad_filters_get_a_message_not_a_500(client_as, steering, query):
    response = client_as(steering).get("/audit/" + query)
    assert response.status_code == 200


def test_an_end_before_the_start_is_said(client_as, steering):
    html = client_as(steering).get("/audit/?since=2026-05-02&until=2026-05-01").content.decode()
    assert "The end date comes before the start date." in html


def test_csv_keeps_the_filters_and_is_formula_safe(client_as, steering, admin):
    _sample(steering, admin)
    response = client_as(steering).get("/audit/export.csv?action=schedule")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["When", "Who", "Act"]
    assert len(rows) == 2
    assert rows[1][2] == "Scheduled for publication" and rows[1][6] == "'=cmd()"
    assert "Sam Steering" in rows[1][1]


def test_the_page_links_its_csv_with_the_same_filters(client_as, steering):
    html = client_as(steering).get("/audit/?action=publish").content.decode()
    assert 'href="/audit/export.csv?action=publish"' in html


def test_french_page(client_as, steering, french_catalogue):
    record(actor=steering, action=AuditAction.PUBLISH, target=factories.DocumentFactory())
    html = client_as(steering).get("/fr/audit/").content.decode()
    assert "Journal d’audit" in html and "Publié" in html


@pytest.mark.parametrize("count", [5, 50])
def test_query_count_is_constant(client_as, steering, django_assert_num_queries, count):
    documents = [factories.DocumentFactory() for _ in range(3)]
    for n in range(count):
        record(actor=steering, action=AuditAction.PUBLISH, target=documents[n % 3])
    client = client_as(steering)
    client.get("/audit/")
    # session, user, groups; the people, the kinds; count, page
    with django_assert_num_queries(7):
        response = client.get("/audit/")
    assert response.content.decode().count("<tr>") == min(count, 50) + 1
    with django_assert_num_queries(6):  # the same but the count
        client.get("/audit/export.csv")
