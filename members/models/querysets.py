"""Reads of the members app: who sees which profile, term and application, and the lists.

Every page, count and search reaches these models through ``visible_to(user)``.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from members.models.choices import (
    MEMBERSHIP_GROUPS,
    ROLE_RANK,
    ApplicationStatus,
    MemberStatus,
    OrganizationMembership,
)
from members.models.consent import RosterConsent
from powg.roles import is_member, is_steering


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organizations are public: everyone sees every one."""
        return self.all()

    def listed(self):
        """Those with a tie to the group (members, home, ex officio, partners)."""
        return self.exclude(membership=OrganizationMembership.NONE)

    def grouped_by_membership(self):
        """(heading, organizations) pairs: the home first, then ex officio, members, partners.

        Groups with no organization are left out; one query for them all.
        """
        organizations = list(self)
        groups = []
        for membership, heading in MEMBERSHIP_GROUPS:
            items = [o for o in organizations if o.membership == membership]
            if items:
                groups.append((heading, items))
        return groups


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The public sees no one; members see active members who opted in, and themselves.

        Admins see every profile. A member who opted into neither the directory nor the
        roster stays hidden from other members (and from the steering committee, whose
        members hold no admin rights).
        """
        if not is_member(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        shared = Q(status=MemberStatus.ACTIVE) & (Q(directory_opt_in=True) | Q(roster_opt_in=True))
        return self.filter(shared | Q(user=user))

    def lapsed(self):
        return self.filter(status=MemberStatus.LAPSED)

    def in_directory(self):
        return self.filter(directory_opt_in=True, status=MemberStatus.ACTIVE)

    def on_roster(self):
        return self.filter(roster_opt_in=True, status=MemberStatus.ACTIVE)

    def consenting(self, purpose=None):
        """Experts who agreed to be contacted for ``purpose`` (or for any purpose)."""
        consents = RosterConsent.objects.filter(member=OuterRef("pk"))
        if purpose:
            consents = consents.filter(purpose=purpose)
        return self.filter(Exists(consents))

    def with_purposes(self):
        """Each carries ``consented_purposes``, the codes of its consents, in the same query."""
        consents = RosterConsent.objects.filter(member=OuterRef("pk")).order_by("purpose")
        return self.annotate(consented_purposes=ArraySubquery(consents.values("purpose")))

    def search(self, text):
        """Match the name, or the organization's name or acronym."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(display_name__icontains=text)
            | Q(organization__name__icontains=text)
            | Q(organization__acronym__iexact=text)
        )

    def with_expertise_in(self, theme):
        return self.filter(expertise=theme)

    def speaking(self, language):
        return self.filter(languages__contains=[language])

    def deployable_in(self, area):
        return self.filter(deployable_areas__contains=[area])

    def for_listing(self):
        """What a list of profiles shows, in a fixed number of queries."""
        return self.select_related("user", "organization").prefetch_related("expertise")


class SteeringCommitteeTermQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who sits on the steering committee is public."""
        return self.all()

    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(ends_on__lt=today)

    def latest_first(self):
        return self.order_by("-starts_on")

    def latest_ended_first(self):
        """Past terms as the committee's history lists them: the latest to end first."""
        return self.order_by("-ends_on", "member__display_name")

    def by_role(self):
        """Chair first, then co-chairs, officers, ex officio and members, by name."""
        rank = Case(
            *[When(role=role, then=Value(value)) for role, value in ROLE_RANK.items()],
            output_field=IntegerField(),
        )
        return self.annotate(role_rank=rank).order_by("role_rank", "member__display_name")

    def for_listing(self):
        return self.select_related("member", "organization")


class MembershipApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications are personal data: only the steering committee reviews them."""
        if is_steering(user):
            return self.all()
        return self.none()

    def pending(self):
        return self.filter(status=ApplicationStatus.PENDING)

    def reviewed(self):
        return self.exclude(status=ApplicationStatus.PENDING)
