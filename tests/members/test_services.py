"""Reviewing applications: approval creates one account, once, or nothing at all."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from members import services
from members.models import Member, MembershipApplication, Organization, User
from powg.roles import is_member, is_steering
from tests import factories

pytestmark = pytest.mark.django_db


def test_approval_creates_exactly_one_user_member_and_sends_the_invitation(steering, run_jobs):
    theme = factories.ThematicAreaFactory()
    org = factories.OrganizationFactory()
    application = factories.MembershipApplicationFactory(
        name="Nadia Haddad", email="Nadia@Example.org", organization=org
    )
    application.expertise.add(theme)
    users_before = User.objects.count()
    member = services.approve_application(application=application, by=steering)
    assert mail.outbox == []  # queued with the account, sent by a worker
    run_jobs()
    assert User.objects.count() == users_before + 1
    user = member.user
    assert user.email == "nadia@example.org"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert is_member(user) and not is_steering(user)
    assert member.display_name == "Nadia Haddad"
    assert member.organization == org
    assert list(member.expertise.all()) == [theme]
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.reviewed_by == steering
    assert application.reviewed_at is not None
    assert application.member == member
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@example.org"]
    assert re.search(r"/accounts/password/reset/key/\w+-[\w-]+/", message.body)


def test_approving_twice_creates_one_user(steering, run_jobs):
    application = factories.MembershipApplicationFactory()
    first = services.approve_application(application=application, by=steering)
    second = services.approve_application(application=application, by=steering)
    run_jobs()
    assert first == second
    assert User.objects.filter(email=application.email).count() == 1
    assert len(mail.outbox) == 1


def test_a_declined_application_cannot_be_approved(steering):
    application = factories.MembershipApplicationFactory()
    services.decline_application(application=application, by=steering, note="Not in Canada")
    assert services.approve_application(application=application, by=steering) is None
    assert not User.objects.filter(email=application.email).exists()


def test_a_failure_midway_leaves_nothing_half_made(steering, monkeypatch):
    application = factories.MembershipApplicationFactory(organization_name="New Network")

    def broken_create(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Member.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        services.approve_application(application=application, by=steering)
    assert not User.objects.filter(email=application.email).exists()
    assert not EmailAddress.objects.filter(email=application.email).exists()
    assert not Organization.objects.filter(name="New Network").exists()
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING
    assert mail.outbox == []


def test_an_existing_account_is_refused_with_a_message(steering):
    factories.UserFactory(email="taken@example.org")
    application = factories.MembershipApplicationFactory(email="taken@example.org")
    with pytest.raises(services.ApplicationError, match="already exists"):
        services.approve_application(application=application, by=steering)
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_a_new_organization_is_created_once(steering):
    first = factories.MembershipApplicationFactory(organization_name="Peace Network")
    second = factories.MembershipApplicationFactory(organization_name="peace network")
    m1 = services.approve_application(application=first, by=steering)
    m2 = services.approve_application(application=second, by=steering)
    assert m1.organization == m2.organization
    assert m1.organization.membership == Organization.Membership.NONE
    assert Organization.objects.filter(name__iexact="peace network").count() == 1


def test_decline_keeps_the_note_and_is_idempotent(steering, admin):
    application = factories.MembershipApplicationFactory()
    services.decline_application(application=application, by=steering, note="Duplicate")
    services.decline_application(application=application, by=admin, note="Other")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.DECLINED
    assert application.note == "Duplicate"
    assert application.reviewed_by == steering
    assert not User.objects.filter(email=application.email).exists()


def test_invitation_link_lets_the_new_member_set_a_password(client, steering, run_jobs):
    application = factories.MembershipApplicationFactory(email="new@example.org")
    services.approve_application(application=application, by=steering)
    run_jobs()
    url = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = url.split("testserver", 1)[-1] if "testserver" in url else "/" + url.split("/", 3)[3]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url, {"password1": "a-long-new-password-9", "password2": "a-long-new-password-9"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").check_password("a-long-new-password-9")


def test_submit_application_records_consent_and_keeps_the_first_of_two():
    theme = factories.ThematicAreaFactory()
    first = services.submit_application(
        name="Ana Lopes",
        email="ana@example.org",
        motivation="Policing.",
        expertise=[theme],
        language="fr",
    )
    assert first.consent is True and first.language == "fr"
    assert list(first.expertise.all()) == [theme]
    again = services.submit_application(
        name="Ana Lopes", email="ANA@example.org", motivation="Twice."
    )
    assert again is None
    assert MembershipApplication.objects.count() == 1
