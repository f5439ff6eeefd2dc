"""Writes that touch several models: steering-group sync, reviewing applications.

Each is a keyword-only function run in one transaction, so a failure leaves nothing
half-made.
"""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from members.models import (
    Member,
    MembershipApplication,
    Organization,
    SteeringCommitteeTerm,
    User,
)
from powg.roles import MEMBERS_GROUP, STEERING_GROUP, forget_roles


class ApplicationError(Exception):
    """An application that cannot be approved as it stands (the message says why)."""


def sync_steering_group(user, *, today=None):
    """Put the user in the steering group if they hold a current term, take them out if not.

    Superusers are left alone: their rights never depend on a term. Returns "added",
    "removed" or None.
    """
    if user.is_superuser:
        return None
    group, _created = Group.objects.get_or_create(name=STEERING_GROUP)
    holds_term = (
        SteeringCommitteeTerm.objects.current(today).filter(member__user_id=user.pk).exists()
    )
    in_group = user.groups.filter(pk=group.pk).exists()
    change = None
    if holds_term and not in_group:
        user.groups.add(group)
        change = "added"
    elif in_group and not holds_term:
        user.groups.remove(group)
        change = "removed"
    if change:
        forget_roles(user)
    return change


def sync_all_steering_groups(*, today=None):
    """Bring the whole steering group in line with today's terms.

    Returns two lists of users: those added and those removed.
    """
    with transaction.atomic():
        group = Group.objects.select_for_update().get(name=STEERING_GROUP)
        holders = set(
            SteeringCommitteeTerm.objects.current(today).values_list("member__user_id", flat=True)
        )
        in_group = set(group.user_set.values_list("pk", flat=True))
        superusers = set(User.objects.filter(is_superuser=True).values_list("pk", flat=True))
        to_add = holders - in_group - superusers
        to_remove = in_group - holders - superusers
        if to_add:
            group.user_set.add(*to_add)
        if to_remove:
            group.user_set.remove(*to_remove)
        added = list(User.objects.filter(pk__in=to_add).order_by("email"))
        removed = list(User.objects.filter(pk__in=to_remove).order_by("email"))
    return added, removed


def password_set_url(user, *, request=None):
    """The allauth link where a new member chooses a password (valid until it is used)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    if request is not None:
        return request.build_absolute_uri(path)
    return f"https://{Site.objects.get_current().domain}{path}"


def send_invitation(*, user, language="en", request=None):
    """Welcome the new member with the link to set their password."""
    with translation.override(language):
        context = {"user": user, "url": password_set_url(user, request=request)}
        subject = render_to_string("members/email/invitation_subject.txt", context)
        body = render_to_string("members/email/invitation_message.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=[user.email]).send()


def _organization_for(application):
    if application.organization_id:
        return application.organization
    name = application.organization_name.strip()
    if not name:
        return None
    existing = Organization.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    base = slugify(name)[:190] or "organization"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Organization.objects.create(name=name, slug=slug)


def approve_application(*, application, by, request=None):
    """Create the account and profile, add them to Members, then email the password link.

    Approving an application that is no longer pending changes nothing (a double click,
    two reviewers at once) and returns the member it made, if any.
    """
    with transaction.atomic():
        application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != MembershipApplication.Status.PENDING:
            return application.member
        email = application.email.strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ApplicationError(
                translation.gettext("An account with the address %(email)s already exists.")
                % {"email": email}
            )
        user = User.objects.create_user(email=email, password=None, name=application.name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        user.groups.add(Group.objects.get_or_create(name=MEMBERS_GROUP)[0])
        member = Member.objects.create(
            user=user,
            display_name=application.name,
            organization=_organization_for(application),
        )
        member.expertise.set(application.expertise.all())
        application.status = MembershipApplication.Status.APPROVED
        application.reviewed_by = by
        application.reviewed_at = timezone.now()
        application.member = member
        application.save()
        # Only once the account really exists does the invitation leave.
        transaction.on_commit(
            lambda: send_invitation(user=user, language=application.language, request=request)
        )
    return member


def decline_application(*, application, by, note=""):
    """Decline with a note for the record; an application already reviewed is left as it is."""
    with transaction.atomic():
        application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != MembershipApplication.Status.PENDING:
            return application
        application.status = MembershipApplication.Status.DECLINED
        application.reviewed_by = by
        application.reviewed_at = timezone.now()
        application.note = note
        application.save()
    return application
