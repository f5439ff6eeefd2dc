"""Background jobs of the events app: the email of a place freed on the waiting list,
and the periodic reminders and change notices to those registered."""

from events import reminders
from events.models import Registration
from powg.emails import send_to_person
from powg.jobs import job, periodic
from powg.links import absolute_url


@job()
def email_promotion(*, registration_id: int) -> bool:
    """Tell a member, in their language, that a place has opened up for them.

    Sent only while the promotion still stands: a member who cancelled again before the
    job ran hears nothing. Returns whether an email left.
    """
    registration = (
        Registration.objects.select_related("user", "event")
        .filter(pk=registration_id, status=Registration.Status.REGISTERED)
        .first()
    )
    if registration is None:
        return False
    event = registration.event
    send_to_person(
        user=registration.user,
        subject_template="events/email/promoted_subject.txt",
        body_template="events/email/promoted.txt",
        context=lambda: {"event": event, "event_url": absolute_url(event.get_absolute_url())},
    )
    return True


@periodic(cron="*/15 * * * *")
def send_event_emails(*, timestamp: int) -> dict:
    """Every quarter hour: change notices, then reminders, each sent once.

    Notices first, so a reminder never comes before the news that the event moved.
    """
    return {
        "change_notices": reminders.send_due_change_notices(),
        "reminders": reminders.send_due_reminders(),
    }
