"""Two steering members approve the same application at the same moment.

Real threads, each with its own PostgreSQL connection, through the page the committee
uses: exactly one account, one profile and one invitation, whoever clicks first.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from members.models import Member, MembershipApplication, User
from tests import factories
from tests.concurrency import at_once

ROUNDS = 3


def approve_at_once(clients, application):
    url = f"/members/applications/{application.pk}/approve/"
    return at_once([lambda client=client: client.post(url).status_code for client in clients])


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_make_one_member(run_jobs):
    reviewers = [factories.steering_user(), factories.steering_user()]
    clients = []
    for reviewer in reviewers:
        client = Client()
        client.force_login(reviewer)
        clients.append(client)
    for n in range(ROUNDS):
        email = f"applicant-race-{n}@example.org"
        application = factories.MembershipApplicationFactory(email=email)
        outbox_before = len(mail.outbox)
        statuses, errors = approve_at_once(clients, application)
        assert errors == []
        assert statuses == [302, 302]
        assert User.objects.filter(email=email).count() == 1
        assert EmailAddress.objects.filter(email=email).count() == 1
        assert Member.objects.filter(user__email=email).count() == 1
        application.refresh_from_db()
        assert application.status == MembershipApplication.Status.APPROVED
        assert application.member.user.email == email
        assert application.reviewed_by in reviewers
        run_jobs()
        invitations = [m for m in mail.outbox[outbox_before:] if m.to == [email]]
        assert len(invitations) == 1
