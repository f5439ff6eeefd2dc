"""visible_to: every role against every visibility and status."""

import pytest

from events.models import Event, EventStatus
from powg.roles import is_member, is_steering
from powg.visibility import Visibility, visibilities_for
from tests import factories

pytestmark = pytest.mark.django_db

# Which (visibility, status) pairs each role may see.
EXPECTED = {
    "public": {(Visibility.PUBLIC, s) for s in ("published", "archived", "cancelled")},
    "member": {
        (v, s)
        for v in (Visibility.PUBLIC, Visibility.MEMBERS)
        for s in ("published", "archived", "cancelled")
    },
    "steering": {(v, s) for v in Visibility.values for s in EventStatus.values},
    "admin": {(v, s) for v in Visibility.values for s in EventStatus.values},
}


@pytest.fixture
def every_combination(db):
    return {
        (v, s): factories.EventFactory(visibility=v, status=s, title=f"{v} {s}")
        for v in Visibility.values
        for s in EventStatus.values
    }


def test_visible_to_each_role(role_user, every_combination):
    role, user = role_user
    from django.contrib.auth.models import AnonymousUser

    visible = set(Event.objects.visible_to(user or AnonymousUser()))
    expected = {every_combination[key] for key in EXPECTED[role]}
    assert visible == expected


@pytest.mark.parametrize("status", ["draft"])
def test_drafts_only_for_the_steering_committee(status, member, steering, every_combination):
    draft = every_combination[(Visibility.PUBLIC, status)]
    assert draft not in Event.objects.visible_to(member)
    assert draft in Event.objects.visible_to(steering)


def test_listed_leaves_out_drafts_and_archived_unless_asked(every_combination, steering):
    listed = set(Event.objects.visible_to(steering).listed())
    assert every_combination[(Visibility.PUBLIC, "archived")] not in listed
    assert every_combination[(Visibility.PUBLIC, "draft")] not in listed
    assert every_combination[(Visibility.PUBLIC, "published")] in listed
    with_archive = set(Event.objects.visible_to(steering).listed(include_archived=True))
    assert every_combination[(Visibility.PUBLIC, "archived")] in with_archive


def test_roles(member, steering, admin):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not is_member(anonymous) and not is_steering(anonymous)
    assert is_member(member) and not is_steering(member)
    assert is_member(steering) and is_steering(steering)
    assert is_member(admin) and is_steering(admin)
    assert visibilities_for(member) == [Visibility.PUBLIC, Visibility.MEMBERS]


def test_inactive_user_has_no_role(member):
    member.is_active = False
    assert not is_member(member)


def test_role_lookups_cost_one_query(member, django_assert_num_queries):
    fresh = type(member).objects.get(pk=member.pk)
    with django_assert_num_queries(1):
        assert is_member(fresh)
        assert not is_steering(fresh)
        assert is_member(fresh)


def test_user_without_group_is_not_a_member(db):
    user = factories.UserFactory()
    assert not is_member(user)
    assert visibilities_for(user) == [Visibility.PUBLIC]


@pytest.mark.django_db(transaction=True)
def test_role_groups_survive_a_table_flush():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) >= {"Members", "Steering Committee"}
