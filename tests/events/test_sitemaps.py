import pytest

from events.sitemaps import EventSitemap
from tests import factories

pytestmark = pytest.mark.django_db


def test_sitemap_lists_only_public_listed_events(event, past_event):
    factories.EventFactory(visibility="members")
    factories.EventFactory(status="draft")
    factories.EventFactory(status="archived")
    assert set(EventSitemap().items()) == {event, past_event}
    assert EventSitemap().location(event) == f"/events/{event.slug}/"
