"""Background jobs of the members app: the new member's invitation and the daily sync."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from members.models import User
from members.services import sync_role_groups
from powg.emails import send_to_person
from powg.jobs import job, periodic
from powg.links import absolute_url


def password_set_url(user) -> str:
    """The allauth link where a new member chooses a password (valid until it is used).

    Built in the job, so the one-time key is never stored in the queue; in the
    language active when called (the ``/fr/`` page for a French reader).
    """
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


@job()
def email_invitation(*, user_id: int) -> bool:
    """Welcome an approved member, in their language, with the link to set a password.

    Nothing is sent to an account that is gone, inactive, or already has a password (a
    retry that comes after the member found their way in). Returns whether an email left.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return False
    send_to_person(
        user=user,
        subject_template="members/email/invitation_subject.txt",
        body_template="members/email/invitation_message.txt",
        context=lambda: {"url": password_set_url(user)},
    )
    return True


# 05:15 UTC is a quarter past midnight in Toronto in winter (1:15 a.m. in summer).
@periodic(cron="15 5 * * *")
def sync_steering_committee(*, timestamp: int) -> dict:
    """The daily sync of the role groups with the terms and the profiles' status.

    The same service as ``manage.py sync_steering_committee``; what it changed goes to
    the worker's log and the job's result.
    """
    return sync_role_groups().as_counts()
