"""Writes that touch several models: profiles and terms with their role groups, joining,
reviewing applications.

Each is a keyword-only function run in one transaction, so a failure leaves nothing
half-made.

The two role groups follow the records, never the other way round:

- "Members" follows the profile's status: an active profile is in it, any other status
  (lapsed) is out of it at once, so a lapsed member loses the directory, the roster and
  members-only papers the moment the status changes;
- "Steering Committee" follows the terms: whoever holds a current term is in it.

A lapsed member who still holds a current term keeps the committee's rights (and so,
through them, what members read) until the term ends or is closed: a seat is decided by
the terms alone, and the daily sync warns about such people so the committee can act.
Superusers are left alone by both: their rights never depend on a group. A user with no
profile has no status to follow and is left in whatever group an admin put them in.

Models keep no side effects in ``save()`` or ``delete()``: whatever changes a status or a
term (the admin's forms, inlines and actions, approval, the demo) calls ``save_member``,
``set_membership_status``, ``save_term``, ``end_term`` or ``delete_term``. Bulk updates
announce nothing; the daily sync (``sync_role_groups``, a periodic background job, also
``manage.py sync_steering_committee``) catches them.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from documents.services import organization_renamed
from members.models import (
    Member,
    MembershipApplication,
    Organization,
    SteeringCommitteeTerm,
    User,
)
from powg import jobs
from powg.audit import AuditAction, record
from powg.roles import MEMBERS_GROUP, STEERING_GROUP, forget_roles


class ApplicationError(Exception):
    """An application that cannot be approved as it stands (the message says why)."""


def _set_group(user, group, belongs):
    """Add or remove one group; returns "added", "removed" or None."""
    in_group = user.groups.filter(pk=group.pk).exists()
    change = None
    if belongs and not in_group:
        user.groups.add(group)
        change = "added"
    elif in_group and not belongs:
        user.groups.remove(group)
        change = "removed"
    if change:
        forget_roles(user)
    return change


def sync_member_group(member):
    """Put the profile's user in Members if the profile is active, take them out if not.

    Called by every service that saves a profile, so the admin form, the admin actions
    and approval keep the group in step. Returns "added", "removed" or None.
    """
    user = member.user
    if user.is_superuser:
        return None
    group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
    return _set_group(user, group, member.status == Member.Status.ACTIVE)


def sync_roles(user):
    """Both groups for one user, after an admin edited the user's groups by hand."""
    changes = {}
    member = Member.objects.filter(user=user).first()
    if member is not None:
        member.user = user
        changes[MEMBERS_GROUP] = sync_member_group(member)
    changes[STEERING_GROUP] = sync_steering_group(user)
    return {group: change for group, change in changes.items() if change}


def save_member(*, member):
    """Save a profile (new or edited) and bring its Members group in line with its status."""
    with transaction.atomic():
        member.save()
        sync_member_group(member)
    return member


def set_membership_status(*, members, status):
    """Give these profiles a status (and so their Members group); returns those changed."""
    changed = []
    with transaction.atomic():
        for member in members.select_related("user").select_for_update(of=("self",)):
            if member.status != status:
                member.status = status
                member.save(update_fields=["status"])
                sync_member_group(member)
                changed.append(member)
    return changed


def sync_all_member_groups():
    """Bring the Members group in line with every profile's status.

    Catches what no save announces (bulk updates, a group edited by hand). Returns two
    lists of users: those added and those removed.
    """
    with transaction.atomic():
        group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
        group = Group.objects.select_for_update().get(pk=group.pk)
        profiles = dict(Member.objects.values_list("user_id", "status"))
        active = {pk for pk, status in profiles.items() if status == Member.Status.ACTIVE}
        not_active = set(profiles) - active
        in_group = set(group.user_set.values_list("pk", flat=True))
        superusers = set(User.objects.filter(is_superuser=True).values_list("pk", flat=True))
        to_add = active - in_group - superusers
        to_remove = (in_group & not_active) - superusers
        if to_add:
            group.user_set.add(*to_add)
        if to_remove:
            group.user_set.remove(*to_remove)
        added = list(User.objects.filter(pk__in=to_add).order_by("email"))
        removed = list(User.objects.filter(pk__in=to_remove).order_by("email"))
    return added, removed


def lapsed_on_the_committee(*, today=None):
    """Lapsed members who hold a current term (and so keep the committee's rights)."""
    holders = SteeringCommitteeTerm.objects.current(today).values("member_id")
    return list(
        User.objects.filter(is_superuser=False, member__pk__in=holders)
        .exclude(member__status=Member.Status.ACTIVE)
        .order_by("email")
    )


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
    return _set_group(user, group, holds_term)


@dataclass(frozen=True)
class RoleSync:
    """What the daily sync changed: users added to and removed from each role group, and
    the lapsed members a current term keeps on the committee."""

    steering_added: list
    steering_removed: list
    members_added: list
    members_removed: list
    lapsed: list

    def as_counts(self) -> dict:
        return {name: len(users) for name, users in self.__dict__.items()}


def sync_role_groups(*, dry_run=False) -> RoleSync:
    """Bring both role groups in line with the terms and the profiles (the daily sync).

    Run every day by a background job (``members.tasks.sync_steering_committee``) and by
    hand with ``manage.py sync_steering_committee``. ``dry_run`` computes the changes,
    then rolls them back.
    """
    with transaction.atomic():
        steering_added, steering_removed = sync_all_steering_groups()
        members_added, members_removed = sync_all_member_groups()
        lapsed = lapsed_on_the_committee()
        if dry_run:
            transaction.set_rollback(True)
    return RoleSync(steering_added, steering_removed, members_added, members_removed, lapsed)


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


def _term_words(term) -> str:
    ends = term.ends_on.isoformat() if term.ends_on else translation.gettext("no end date")
    return translation.gettext("%(role)s, %(starts)s to %(ends)s") % {
        "role": term.get_role_display(),
        "starts": term.starts_on.isoformat(),
        "ends": ends,
    }


def save_term(*, term, by=None, detail=None):
    """Save a term (new, edited or moved to another member) and sync whoever it concerns.

    Recorded in the audit log as a role change of the term's holder, by ``by``.
    """
    with transaction.atomic():
        if detail is None:
            detail = (
                translation.gettext("Steering committee term changed: %(term)s")
                if term.pk
                else translation.gettext("Steering committee term added: %(term)s")
            )
            detail = detail % {"term": _term_words(term)}
        previous_member_id = None
        if term.pk:
            previous_member_id = (
                SteeringCommitteeTerm.objects.filter(pk=term.pk)
                .values_list("member_id", flat=True)
                .first()
            )
        term.save()
        sync_steering_group(term.member.user)
        if previous_member_id and previous_member_id != term.member_id:
            previous = Member.objects.select_related("user").filter(pk=previous_member_id).first()
            if previous:
                sync_steering_group(previous.user)
        record(actor=by, action=AuditAction.ROLE, target=term.member.user, detail=detail)
    return term


def end_term(*, term, on=None, by=None):
    """Close a term on a day (today unless given): from the next day it gives no rights."""
    term.ends_on = on or timezone.localdate()
    detail = translation.gettext("Steering committee term ended: %(term)s")
    return save_term(term=term, by=by, detail=detail % {"term": _term_words(term)})


def delete_term(*, term, by=None):
    """Delete a term recorded by mistake; its holder keeps only what other terms give."""
    delete_terms(terms=SteeringCommitteeTerm.objects.filter(pk=term.pk), by=by)


def delete_terms(*, terms, by=None):
    """Delete these terms (the admin's bulk delete) and sync each holder once."""
    with transaction.atomic():
        terms = list(terms.select_related("member__user"))
        removed = [(t.member.user, _term_words(t)) for t in terms]
        users = {t.member.user_id: t.member.user for t in terms}
        SteeringCommitteeTerm.objects.filter(pk__in=[t.pk for t in terms]).delete()
        for user in users.values():
            sync_steering_group(user)
        detail = translation.gettext("Steering committee term removed: %(term)s")
        for user, words in removed:
            record(actor=by, action=AuditAction.ROLE, target=user, detail=detail % {"term": words})


def submit_application(
    *, name, email, motivation, organization=None, organization_name="", expertise=(), language="en"
):
    """Record an application to join (the person consented on the form).

    Returns None when one from the same address is already pending: two sent at once
    meet the database's one-pending-per-address constraint, and the first one stands.
    """
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                name=name,
                email=email,
                motivation=motivation,
                organization=organization,
                organization_name=organization_name,
                consent=True,
                language=language,
            )
            application.expertise.set(expertise)
    except IntegrityError:
        return None
    return application


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

    The account takes the application's language, so the invitation and every later
    email are written in it. ``request`` is accepted for callers' sake; the link is
    built by the job on the site's address.

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
        user = User.objects.create_user(
            email=email, password=None, name=application.name, language=application.language
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        member = Member.objects.create(
            user=user,
            display_name=application.name,
            organization=_organization_for(application),
        )
        sync_member_group(member)  # an active profile: they join the Members group
        member.expertise.set(application.expertise.all())
        application.status = MembershipApplication.Status.APPROVED
        application.reviewed_by = by
        application.reviewed_at = timezone.now()
        application.member = member
        application.save()
        # The invitation is a job deferred in this transaction: it exists only once the
        # account really does, and a worker sends it in the language asked for.
        jobs.defer("members.tasks.email_invitation", user_id=user.pk)
        record(actor=by, action=AuditAction.APPROVE, target=application, detail=email)
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
        record(actor=by, action=AuditAction.DECLINE, target=application, detail=application.email)
    return application


def account_roles(user) -> dict:
    """What gives ``user`` rights: staff, superuser, and their groups (for ``audit_roles``)."""
    if user.pk is None:
        return {"is_staff": False, "is_superuser": False, "groups": set()}
    stored = User.objects.filter(pk=user.pk).values("is_staff", "is_superuser").first() or {}
    return {
        "is_staff": stored.get("is_staff", False),
        "is_superuser": stored.get("is_superuser", False),
        "groups": set(user.groups.values_list("name", flat=True)),
    }


def audit_roles(*, user, before, by):
    """Record one role change of ``user`` (an admin's edit of the account), in words, if
    their staff or superuser status or their groups differ from ``before``."""
    after = account_roles(user)
    gettext = translation.gettext
    words = []
    for flag, given, taken in (
        ("is_superuser", gettext("superuser rights given"), gettext("superuser rights removed")),
        ("is_staff", gettext("admin site access given"), gettext("admin site access removed")),
    ):
        if after[flag] != before[flag]:
            words.append(given if after[flag] else taken)
    words += [
        gettext("added to the group %(group)s") % {"group": g}
        for g in sorted(after["groups"] - before["groups"])
    ]
    words += [
        gettext("removed from the group %(group)s") % {"group": g}
        for g in sorted(before["groups"] - after["groups"])
    ]
    if not words:
        return None
    return record(actor=by, action=AuditAction.ROLE, target=user, detail="; ".join(words))


def save_organization(*, organization, by=None):
    """Save an organization; a new name or acronym reaches the search of what it published."""
    with transaction.atomic():
        before = (
            Organization.objects.filter(pk=organization.pk).values("name", "acronym").first()
            if organization.pk
            else None
        )
        organization.save()
        renamed = before is not None and (
            before["name"] != organization.name or before["acronym"] != organization.acronym
        )
        if renamed:
            organization_renamed(organization=organization)
    return organization
