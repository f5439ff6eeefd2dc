"""The invitation of an approved member, and the daily sync, as background jobs."""

import datetime
import re
import time

import pytest
from django.core import mail
from django.db import transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from members import services
from members.models import SteeringCommitteeTerm, User
from powg import jobs
from powg.roles import STEERING_GROUP
from tests import factories

TASK = "members.tasks.email_invitation"


@pytest.fixture
def reviewer(transactional_db):
    return factories.steering_user()


def test_approval_queues_the_invitation_on_commit(reviewer, run_jobs):
    application = factories.MembershipApplicationFactory(email="nadia@example.org")
    member = services.approve_application(application=application, by=reviewer)
    (job,) = ProcrastinateJob.objects.filter(task_name=TASK)
    assert (job.status, job.args) == ("todo", {"user_id": member.user_id})
    assert "key" not in str(job.args)  # the one-time link is made by the job, not stored
    assert mail.outbox == []
    run_jobs()
    assert [m.to for m in mail.outbox] == [["nadia@example.org"]]


def test_a_rolled_back_approval_queues_nothing(reviewer, run_jobs):
    application = factories.MembershipApplicationFactory(email="nadia@example.org")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_application(application=application, by=reviewer)
        raise RuntimeError("the request failed after the approval")
    assert not User.objects.filter(email="nadia@example.org").exists()
    assert not ProcrastinateJob.objects.exists()
    run_jobs()
    assert mail.outbox == []


def test_english_invitation(reviewer, run_jobs):
    application = factories.MembershipApplicationFactory(
        name="Nadia Haddad", email="nadia@example.org", language="en"
    )
    services.approve_application(application=application, by=reviewer)
    run_jobs()
    (email,) = mail.outbox
    assert email.subject == "[PO Working Group] Welcome: choose your password"
    assert email.body.startswith("Dear Nadia Haddad,")
    assert "has approved your application" in email.body
    link = re.search(r"https?://\S+", email.body).group(0)
    assert re.search(r"://[^/]+/accounts/password/reset/key/\w+-[\w-]+/$", link)


def test_french_invitation_and_the_account_keeps_french(reviewer, run_jobs, french_catalogue):
    application = factories.MembershipApplicationFactory(
        name="Camille O'Neil", email="camille@example.org", language="fr"
    )
    member = services.approve_application(application=application, by=reviewer)
    assert member.user.language == "fr"  # so every later email is French too
    run_jobs()
    (email,) = mail.outbox
    assert email.subject == "[Groupe de travail OP] Bienvenue\u00a0: choisissez votre mot de passe"
    assert email.body.startswith("Bonjour Camille O'Neil,")  # a plain-text email: no &#x27;
    assert "a approuvé votre demande" in email.body
    assert "Dear" not in email.body
    link = re.search(r"https?://\S+", email.body).group(0)
    assert re.search(r"://[^/]+/fr/accounts/password/reset/key/\w+-[\w-]+/$", link)


def test_no_invitation_once_the_member_has_a_password(reviewer, run_jobs):
    """A retry that comes after the member set a password (another way) sends nothing."""
    application = factories.MembershipApplicationFactory(email="quick@example.org")
    member = services.approve_application(application=application, by=reviewer)
    member.user.set_password("a-long-new-password-9")
    member.user.save()
    run_jobs()
    assert mail.outbox == []


def test_the_daily_sync_job_runs_the_same_service_as_the_command(run_jobs):
    holder = factories.member_user(user__email="holder@example.org")
    # Recorded behind the services' back (a bulk import, say): nobody synced the group.
    SteeringCommitteeTerm.objects.create(
        member=holder.member, starts_on=datetime.date(2020, 1, 1), ends_on=None
    )
    former = factories.steering_user(user__email="former@example.org")  # holds no term
    jobs.defer("members.tasks.sync_steering_committee", timestamp=int(time.time()))
    run_jobs()
    in_group = set(User.objects.filter(groups__name=STEERING_GROUP).values_list("email", flat=True))
    assert "holder@example.org" in in_group and former.email not in in_group
    (job,) = ProcrastinateJob.objects.filter(task_name="members.tasks.sync_steering_committee")
    assert job.status == "succeeded"
