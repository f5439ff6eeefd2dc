import datetime

import factory
import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Registration
from tests import factories
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db


def test_member_registers(event, member):
    registration = services.register(event=event, user=member)
    assert registration.status == Registration.Status.REGISTERED


def test_registering_twice_returns_the_same_registration(event, member):
    first = services.register(event=event, user=member)
    second = services.register(event=event, user=member)
    assert first.pk == second.pk
    assert Registration.objects.filter(event=event, user=member).count() == 1


def test_full_event_puts_the_member_on_the_waiting_list(event, member):
    event.capacity = 1
    event.save()
    factories.RegistrationFactory(event=event)
    assert services.register(event=event, user=member).status == Registration.Status.WAITLISTED


def test_non_member_cannot_register(event):
    outsider = factories.UserFactory()
    with pytest.raises(services.RegistrationError, match="Only members"):
        services.register(event=event, user=outsider)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=2)}, "not opened"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(days=2)}, "closed"),
        ({"status": "cancelled"}, "closed"),
        ({"by_invitation": True}, "invitation"),
    ],
)
def test_registration_outside_its_window_is_refused(event, member, changes, message):
    for name, value in changes.items():
        setattr(event, name, value)
    event.save()
    with pytest.raises(services.RegistrationError, match=message):
        services.register(event=event, user=member)
    assert not Registration.objects.exists()


def test_cancelling_promotes_the_first_waitlisted_and_emails_them(event, member, run_jobs):
    event.capacity = 1
    event.save()
    mine = services.register(event=event, user=member)
    first = factories.RegistrationFactory(event=event, status="waitlisted")
    second = factories.RegistrationFactory(event=event, status="waitlisted")
    promoted = services.cancel_registration(registration=mine, by=member)
    assert mail.outbox == []  # queued with the change, sent by a worker
    run_jobs()
    assert promoted.pk == first.pk
    first.refresh_from_db()
    second.refresh_from_db()
    mine.refresh_from_db()
    assert (mine.status, first.status, second.status) == ("cancelled", "registered", "waitlisted")
    assert first.promoted_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [first.user.email]
    assert event.title in mail.outbox[0].subject
    assert event.get_absolute_url() in mail.outbox[0].body


def test_leaving_the_waiting_list_promotes_nobody(event, member):
    event.capacity = 1
    event.save()
    factories.RegistrationFactory(event=event)
    waiting = services.register(event=event, user=member)
    other = factories.RegistrationFactory(event=event, status="waitlisted")
    assert services.cancel_registration(registration=waiting, by=member) is None
    other.refresh_from_db()
    assert other.status == "waitlisted"


def test_cancelling_twice_is_harmless(event, member):
    registration = services.register(event=event, user=member)
    services.cancel_registration(registration=registration, by=member)
    assert services.cancel_registration(registration=registration, by=member) is None
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_member_can_register_again_after_cancelling(event, member):
    registration = services.register(event=event, user=member)
    services.cancel_registration(registration=registration, by=member)
    again = services.register(event=event, user=member)
    assert again.pk != registration.pk and again.status == "registered"


def test_regenerating_the_feed_token_changes_it(member):
    first = services.regenerate_feed_token(user=member).token
    second = services.regenerate_feed_token(user=member).token
    assert first != second and len(second) >= 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity():
    """30 members register at once from their own connections for 10 places."""
    event = factories.EventFactory(capacity=10)
    users = [
        factories.member_user(user__password=factory.Transformer.Force("!")) for _ in range(30)
    ]
    _, errors = at_once(
        [lambda user=user: services.register(event=event, user=user) for user in users]
    )
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("registered") == 10
    assert statuses.count("waitlisted") == 20


def test_more_places_move_the_waiting_list_up_in_order(event, run_jobs):
    event.capacity = 1
    event.save()
    factories.RegistrationFactory(event=event)
    first, second, third = (
        factories.RegistrationFactory(event=event, status="waitlisted") for _ in range(3)
    )
    event.capacity = 3
    event.save()
    promoted = services.fill_places(event=event)
    run_jobs()
    assert [r.pk for r in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.status == "waitlisted"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, second.user.email])


def test_unlimited_capacity_moves_everyone_up(event):
    event.capacity = 1
    event.save()
    factories.RegistrationFactory(event=event)
    factories.RegistrationFactory.create_batch(2, event=event, status="waitlisted")
    event.capacity = None
    event.save()
    assert len(services.fill_places(event=event)) == 2


def test_only_the_member_or_the_steering_committee_cancels(event, member, steering):
    registration = services.register(event=event, user=member)
    with pytest.raises(services.RegistrationError):
        services.cancel_registration(registration=registration, by=factories.member_user())
    services.cancel_registration(registration=registration, by=steering)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.parametrize(("https", "scheme"), [(True, "https"), (False, "http")])
def test_promotion_email_links_the_event_at_the_sites_address(
    settings, event, member, run_jobs, https, scheme
):
    """The shared absolute-URL helper: the Site's domain, https unless HTTPS=0."""
    settings.HTTPS = https
    event.capacity = 1
    event.save()
    mine = services.register(event=event, user=member)
    factories.RegistrationFactory(event=event, status="waitlisted")
    services.cancel_registration(registration=mine, by=member)
    run_jobs()
    domain = Site.objects.get_current().domain
    assert f"Event page: {scheme}://{domain}{event.get_absolute_url()}\n" in mail.outbox[0].body


def test_cancel_event_needs_a_notice(event):
    with pytest.raises(services.CancellationError, match="why the event is cancelled"):
        services.cancel_event(event=event, notice="  \n ")
    event.refresh_from_db()
    assert event.status == "published"


def test_cancel_event_keeps_the_notice_and_the_registrations(event, member):
    registration = services.register(event=event, user=member)
    cancelled = services.cancel_event(event=event, notice=" The venue flooded. ")
    event.refresh_from_db()
    assert (event.status, event.cancellation_notice) == ("cancelled", "The venue flooded.")
    assert cancelled.is_cancelled
    assert Registration.objects.get(pk=registration.pk).status == "registered"


def test_only_the_steering_committee_cancels_an_event(event, member, steering):
    with pytest.raises(services.CancellationError, match="steering committee"):
        services.cancel_event(event=event, notice="Called off.", by=member)
    assert services.cancel_event(event=event, notice="Called off.", by=steering).is_cancelled
