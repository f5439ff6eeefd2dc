"""The steering group follows the terms: the term services, the daily command, superusers."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from members.services import (
    delete_term,
    end_term,
    save_term,
    sync_all_steering_groups,
    sync_steering_group,
)
from powg.roles import STEERING_GROUP, is_steering
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def hold_term(**kwargs):
    """A term recorded as the admin and the demo record one (through the service)."""
    return save_term(term=factories.SteeringCommitteeTermFactory(**kwargs))


def in_group(user):
    return user.groups.filter(name=STEERING_GROUP).exists()


def test_a_new_current_term_grants_the_rights():
    user = factories.member_user()
    assert not is_steering(user)
    hold_term(member=user.member)
    assert in_group(user)
    assert is_steering(user)  # the cached roles were forgotten


def test_a_future_term_grants_nothing_yet():
    user = factories.member_user()
    hold_term(member=user.member, starts_on=TODAY + DAY)
    assert not in_group(user)


def test_ending_a_term_removes_the_rights():
    user = factories.member_user()
    term = hold_term(member=user.member)
    end_term(term=term, on=TODAY - DAY)
    assert not in_group(user)


def test_deleting_a_term_removes_the_rights():
    user = factories.member_user()
    term = hold_term(member=user.member)
    delete_term(term=term)
    assert not in_group(user)


def test_another_current_term_keeps_the_rights():
    user = factories.member_user()
    hold_term(member=user.member)
    old = hold_term(member=user.member, role="chair")
    delete_term(term=old)
    assert in_group(user)


def test_moving_a_term_to_another_member_syncs_both():
    first, second = factories.member_user(), factories.member_user()
    term = hold_term(member=first.member)
    term.member = second.member
    save_term(term=term)
    assert not in_group(first)
    assert in_group(second)


def test_a_term_that_ended_overnight_is_removed_by_the_daily_sync():
    user = factories.member_user()
    hold_term(member=user.member, starts_on=TODAY - 10 * DAY, ends_on=TODAY)
    assert in_group(user)
    added, removed = sync_all_steering_groups(today=TODAY + DAY)
    assert removed == [user]
    assert added == []
    assert not in_group(user)


def test_the_daily_sync_adds_a_term_that_started_today():
    user = factories.member_user()
    hold_term(member=user.member, starts_on=TODAY + DAY)
    added, removed = sync_all_steering_groups(today=TODAY + DAY)
    assert added == [user]
    assert in_group(user)


def test_the_daily_sync_removes_someone_put_in_the_group_by_hand(steering):
    assert in_group(steering)
    sync_all_steering_groups()
    assert not in_group(steering)


def test_superusers_keep_their_rights_regardless(admin):
    admin.groups.add(Group.objects.get(name=STEERING_GROUP))
    assert sync_steering_group(admin) is None
    sync_all_steering_groups()
    assert in_group(admin)
    assert is_steering(admin)


def test_superuser_without_group_or_term_is_still_steering(admin):
    sync_all_steering_groups()
    assert not in_group(admin)
    assert is_steering(admin)


def test_command_reports_and_changes(steering):
    out = StringIO()
    call_command("sync_steering_committee", stdout=out)
    assert "Added 0 and removed 1" in out.getvalue()
    assert steering.email in out.getvalue()
    assert not in_group(steering)


def test_command_dry_run_changes_nothing(steering):
    out = StringIO()
    call_command("sync_steering_committee", "--dry-run", stdout=out)
    assert "Would add 0 and would remove 1" in out.getvalue()
    assert in_group(steering)


def test_saving_or_deleting_a_term_model_has_no_side_effect():
    """The group changes through the services only; the model's save() stays plain."""
    user = factories.member_user()
    term = factories.SteeringCommitteeTermFactory.build(
        member=user.member, organization=factories.OrganizationFactory()
    )
    term.save()  # the model alone, as a migration or a shell would
    assert not in_group(user)
    save_term(term=term)
    assert in_group(user)
    term.delete()
    assert in_group(user)  # until the service or the daily sync says otherwise
    sync_all_steering_groups()
    assert not in_group(user)
