"""The members' demo content: idempotent, and each demo account in its role."""

import pytest

from members import demo
from members.models import Member, MembershipApplication, Organization, SteeringCommitteeTerm
from powg.roles import is_member, is_steering

pytestmark = pytest.mark.django_db


def counts():
    return (
        Member.objects.count(),
        Organization.objects.count(),
        SteeringCommitteeTerm.objects.count(),
        MembershipApplication.objects.count(),
    )


def test_demo_loads_once_and_keeps_roles():
    demo.load(lambda message: None)
    first = counts()
    demo.load(lambda message: None)
    assert counts() == first
    assert first[0] >= 10 and first[1] >= 7
    accounts = {
        a["email"]: Member.objects.get(user__email=a["email"]).user for a in demo.DEMO_ACCOUNTS
    }
    member = accounts["member@example.org"]
    assert is_member(member) and not is_steering(member)
    assert is_steering(accounts["steering@example.org"])
    assert (
        SteeringCommitteeTerm.objects.current()
        .filter(member__user=accounts["steering@example.org"])
        .exists()
    )
    assert is_steering(accounts["admin@example.org"])
    assert SteeringCommitteeTerm.objects.past().exists()
    assert MembershipApplication.objects.pending().count() == 3
    assert Organization.objects.filter(
        membership=Organization.Membership.ADMINISTRATIVE_HOME
    ).exists()
    assert Member.objects.filter(directory_opt_in=True, expertise__isnull=False).exists()
