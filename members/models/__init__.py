"""People and organizations: the login account, member profiles, member organizations,
the steering committee's terms and applications to join.

Every name is re-exported here, so ``from members.models import Member`` and
AUTH_USER_MODEL "members.User" keep working.
"""

from members.models.accounts import User, UserManager
from members.models.applications import MembershipApplication
from members.models.choices import (
    MEMBERSHIP_GROUPS,
    ROLE_RANK,
    ApplicationStatus,
    Availability,
    DeployableArea,
    Language,
    MemberStatus,
    OrganizationKind,
    OrganizationMembership,
    Province,
    SteeringRole,
)
from members.models.consent import (
    RosterConsent,
    RosterPurpose,
    RosterReferral,
    RosterReferralQuerySet,
)
from members.models.organizations import Organization
from members.models.profiles import Member
from members.models.querysets import (
    MemberQuerySet,
    MembershipApplicationQuerySet,
    OrganizationQuerySet,
    SteeringCommitteeTermQuerySet,
)
from members.models.steering import SteeringCommitteeTerm

__all__ = [
    "MEMBERSHIP_GROUPS",
    "ROLE_RANK",
    "ApplicationStatus",
    "Availability",
    "DeployableArea",
    "Language",
    "Member",
    "MemberQuerySet",
    "MemberStatus",
    "MembershipApplication",
    "MembershipApplicationQuerySet",
    "Organization",
    "OrganizationKind",
    "OrganizationMembership",
    "OrganizationQuerySet",
    "Province",
    "RosterConsent",
    "RosterPurpose",
    "RosterReferral",
    "RosterReferralQuerySet",
    "SteeringCommitteeTerm",
    "SteeringCommitteeTermQuerySet",
    "SteeringRole",
    "User",
    "UserManager",
]
