import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from powg.roles import MEMBERS_GROUP, STEERING_GROUP
from tests import factories


@pytest.fixture
def event(db):
    """A published public event with registration open and ten places."""
    return factories.EventFactory(
        title="Roundtable on rapid deployment",
        slug="roundtable-on-rapid-deployment",
        capacity=10,
        venue="Main hall",
        city="Ottawa",
        online_url="https://meet.example.org/secret-room",
    )


@pytest.fixture
def past_event(db):
    start = timezone.now() - datetime.timedelta(days=400)
    return factories.EventFactory(
        title="An old forum",
        slug="an-old-forum",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )


@pytest.fixture(autouse=True)
def role_groups(db):
    """Transactional tests (e2e) flush the role groups the migrations created: put them back."""
    for name in (MEMBERS_GROUP, STEERING_GROUP):
        Group.objects.get_or_create(name=name)


@pytest.fixture(autouse=True)
def english_by_default():
    """A /fr/ request leaves French active in the thread; each test starts in English."""
    with translation.override("en"):
        yield
