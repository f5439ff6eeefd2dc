import datetime

import pytest
from django.utils import timezone

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
