"""The waiting-list email: queued with the promotion, sent by a worker, in the member's
language."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation
from procrastinate.contrib.django.models import ProcrastinateJob

from events import services
from events.models import Registration
from powg.links import absolute_url
from tests import factories

TASK = "events.tasks.email_promotion"


@pytest.fixture
def full_event(transactional_db):
    """One place, taken by the first member; the second waits."""
    event = factories.EventFactory(
        title="Roundtable on rapid deployment", slug="roundtable-on-rapid-deployment", capacity=1
    )
    holder = services.register(event=event, user=factories.member_user())
    return event, holder


def wait_for_a_place(event, **user):
    return services.register(event=event, user=factories.member_user(**user))


def test_the_promotion_queues_its_email_on_commit_and_the_worker_sends_it(full_event, run_jobs):
    event, holder = full_event
    waiting = wait_for_a_place(event, user__email="next@example.org")
    services.cancel_registration(registration=holder, by=holder.user)
    (job,) = ProcrastinateJob.objects.filter(task_name=TASK)
    assert (job.status, job.args) == ("todo", {"registration_id": waiting.pk})
    assert mail.outbox == []
    run_jobs()
    assert [m.to for m in mail.outbox] == [["next@example.org"]]
    assert ProcrastinateJob.objects.get(pk=job.pk).status == "succeeded"


def test_a_rolled_back_promotion_queues_nothing(full_event, run_jobs):
    event, holder = full_event
    waiting = wait_for_a_place(event)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert services.cancel_registration(registration=holder, by=holder.user) is not None
        raise RuntimeError("the request failed after the promotion")
    assert not ProcrastinateJob.objects.filter(task_name=TASK).exists()
    assert Registration.objects.get(pk=waiting.pk).status == "waitlisted"
    run_jobs()
    assert mail.outbox == []


def test_english_email_for_an_english_member(full_event, run_jobs):
    event, holder = full_event
    wait_for_a_place(event, user__name="Maya Member", user__language="en")
    services.cancel_registration(registration=holder, by=holder.user)
    run_jobs()
    (email,) = mail.outbox
    assert (
        email.subject == "[PO Working Group] A place has opened up: Roundtable on rapid deployment"
    )
    assert email.body.startswith("Dear Maya Member,")
    assert "you have moved from the waiting list" in email.body
    url = absolute_url("/events/roundtable-on-rapid-deployment/")
    assert f"Event page: {url}\n" in email.body
    assert email.extra_headers["Content-Language"] == "en"


def test_french_email_for_a_french_member(full_event, run_jobs, french_catalogue):
    event, holder = full_event
    wait_for_a_place(event, user__name="Camille Membre", user__language="fr")
    services.cancel_registration(registration=holder, by=holder.user)
    run_jobs()
    (email,) = mail.outbox
    assert email.subject.startswith("[Groupe de travail OP] Une place s’est libérée : ")
    assert "Roundtable on rapid deployment" in email.subject  # no French title: the English one
    assert email.body.startswith("Bonjour Camille Membre,")
    assert "vous passez de la liste d’attente" in email.body
    with translation.override("fr"):
        path = event.get_absolute_url()
    assert path.startswith("/fr/")
    assert f"Page de l’événement : {absolute_url(path)}\n" in email.body
    assert "Dear" not in email.body and "Event page" not in email.body
    assert email.extra_headers["Content-Language"] == "fr"


def test_no_email_when_the_promoted_member_cancelled_before_it_left(full_event, run_jobs):
    event, holder = full_event
    waiting = wait_for_a_place(event)
    services.cancel_registration(registration=holder, by=holder.user)
    services.cancel_registration(registration=waiting, by=waiting.user)
    run_jobs()
    assert mail.outbox == []
    statuses = set(ProcrastinateJob.objects.filter(task_name=TASK).values_list("status", flat=True))
    assert statuses == {"succeeded"}


def test_a_french_title_reaches_the_french_email(run_jobs, french_catalogue):
    event = factories.EventFactory(
        title="Webinar on mandates", title_fr="Webinaire sur les mandats", capacity=1
    )
    holder = services.register(event=event, user=factories.member_user())
    wait_for_a_place(event, user__language="fr")
    services.cancel_registration(registration=holder, by=holder.user)
    run_jobs()
    (email,) = mail.outbox
    assert email.subject == (
        "[Groupe de travail OP] Une place s’est libérée : Webinaire sur les mandats"
    )
    assert "« Webinaire sur les mandats »" in email.body
