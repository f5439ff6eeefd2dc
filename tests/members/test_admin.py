"""The admin: every members model's pages, the CSV export, review actions, bulk deletes."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from members import services
from members.models import MembershipApplication, SteeringCommitteeTerm, User
from powg.roles import STEERING_GROUP
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = ["user", "organization", "member", "steeringcommitteeterm", "membershipapplication"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_load_with_search_and_filters(model, client_as, admin):
    factories.SteeringCommitteeTermFactory()
    factories.MembershipApplicationFactory()
    client = client_as(admin)
    changelist = reverse(f"admin:members_{model}_changelist")
    assert client.get(changelist + "?q=a").status_code == 200
    assert client.get(reverse(f"admin:members_{model}_add")).status_code == 200


def test_member_and_organization_pages_show_term_inlines(client_as, admin):
    term = factories.SteeringCommitteeTermFactory()
    client = client_as(admin)
    html = client.get(reverse("admin:members_member_change", args=[term.member.pk])).content
    assert b"steering committee terms" in html.lower()
    html = client.get(reverse("admin:members_organization_change", args=[term.organization.pk]))
    assert b"steering committee terms" in html.content.lower()


def test_admin_is_closed_to_steering_members(client_as, steering):
    response = client_as(steering).get(reverse("admin:members_member_changelist"))
    assert response.status_code == 302


def test_csv_export_is_safe_from_formula_injection(client_as, admin):
    theme = factories.ThematicAreaFactory(name="Mediation")
    evil = factories.MemberFactory(display_name='=HYPERLINK("http://x")', title="+1 boss")
    evil.expertise.add(theme)
    plain = factories.MemberFactory(display_name="Plain Person")
    response = client_as(admin).post(
        reverse("admin:members_member_changelist"),
        {"action": "export_members_csv", "_selected_action": [evil.pk, plain.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert "'+1 boss" in body
    assert "Plain Person" in body
    assert "Mediation" in body


def test_csv_export_query_count_is_fixed(client_as, admin, django_assert_max_num_queries):
    members = [factories.MemberFactory() for _ in range(20)]
    client = client_as(admin)
    with django_assert_max_num_queries(12):
        client.post(
            reverse("admin:members_member_changelist"),
            {"action": "export_members_csv", "_selected_action": [m.pk for m in members]},
        )


def test_admin_approve_and_decline_actions(client_as, admin, run_jobs):
    approve_me = factories.MembershipApplicationFactory()
    decline_me = factories.MembershipApplicationFactory()
    client = client_as(admin)
    url = reverse("admin:members_membershipapplication_changelist")
    client.post(url, {"action": "approve", "_selected_action": [approve_me.pk]})
    client.post(url, {"action": "decline", "_selected_action": [decline_me.pk]})
    run_jobs()
    approve_me.refresh_from_db()
    decline_me.refresh_from_db()
    assert approve_me.status == MembershipApplication.Status.APPROVED
    assert User.objects.filter(email=approve_me.email).count() == 1
    assert len(mail.outbox) == 1
    assert decline_me.status == MembershipApplication.Status.DECLINED
    assert decline_me.reviewed_by == admin


def test_admin_bulk_delete_of_terms_syncs_the_group(client_as, admin):
    user = factories.member_user()
    term = services.save_term(term=factories.SteeringCommitteeTermFactory(member=user.member))
    assert user.groups.filter(name=STEERING_GROUP).exists()
    client_as(admin).post(
        reverse("admin:members_steeringcommitteeterm_changelist"),
        {"action": "delete_selected", "_selected_action": [term.pk], "post": "yes"},
    )
    assert not SteeringCommitteeTerm.objects.exists()
    assert not user.groups.filter(name=STEERING_GROUP).exists()
    assert Group.objects.filter(name=STEERING_GROUP).exists()
