"""My drafts: the drafts and scheduled items a steering member changed or created last,
and all the committee's, each with its edit link."""

import datetime

import pytest
from django.utils import timezone

from events.models import EventStatus
from powg.visibility import Status
from tests import factories

pytestmark = pytest.mark.django_db


def _section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_drafts_by_role(client_as, role_user):
    role, user = role_user
    response = client_as(user).get("/drafts/")
    if role == "public":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "member":
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def test_mine_and_the_committees(client_as, steering):
    other = factories.steering_user(user__name="Olga Other")
    mine = factories.DocumentFactory(title="My draft paper", status=Status.DRAFT)
    mine.updated_by = steering
    mine.save()
    theirs = factories.DocumentFactory(title="Their draft paper", status=Status.DRAFT)
    theirs.updated_by = other
    theirs.save()
    factories.DocumentFactory(title="Published paper")
    scheduled = factories.DocumentFactory(
        title="Scheduled paper", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    scheduled.updated_by = steering
    scheduled.save()
    event = factories.EventFactory(title="My draft roundtable", status=EventStatus.DRAFT)
    event.history.update(history_user=steering)
    html = client_as(steering).get("/drafts/").content.decode()
    own = _section(html, "mine-title")
    everyone = _section(html, "all-title")
    assert "My draft paper" in own and "Scheduled paper" in own and "My draft roundtable" in own
    assert "Their draft paper" not in own and "Published paper" not in own
    assert "Their draft paper" in everyone and "My draft paper" in everyone
    assert "Published paper" not in everyone
    assert f'href="/library/{mine.slug}/edit/"' in own
    assert f'href="/events/{event.slug}/edit/"' in own
    assert "Scheduled for" in own


def test_an_event_last_changed_by_someone_else_is_not_mine(client_as, steering):
    other = factories.steering_user()
    event = factories.EventFactory(title="Handed over roundtable", status=EventStatus.DRAFT)
    event.history.update(history_user=steering)
    event.title = "Handed over roundtable, renamed"
    event.save()
    event.history.filter(history_type="~").update(history_user=other)
    html = client_as(other).get("/drafts/").content.decode()
    assert "Handed over roundtable, renamed" in _section(html, "mine-title")
    # Created by the first one: still theirs too.
    html = client_as(steering).get("/drafts/").content.decode()
    assert "Handed over roundtable, renamed" in _section(html, "mine-title")


def test_empty_states(client_as, steering):
    html = client_as(steering).get("/drafts/").content.decode()
    assert "You have no draft or scheduled item." in html
    assert "The committee has no draft or scheduled item." in html


def test_french_page(client_as, steering, french_catalogue):
    html = client_as(steering).get("/fr/drafts/").content.decode()
    assert "<h1>Mes brouillons</h1>" in html


def test_the_user_menu_links_it_for_the_committee_only(client_as, steering, member):
    assert 'href="/drafts/"' in client_as(steering).get("/").content.decode()
    assert 'href="/drafts/"' not in client_as(member).get("/").content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_query_count_is_constant(client_as, steering, django_assert_num_queries, count):
    for n in range(count):
        document = factories.DocumentFactory(title=f"Draft {n}", status=Status.DRAFT)
        document.updated_by = steering
        document.save()
        factories.EventFactory(title=f"Draft event {n}", status=EventStatus.DRAFT)
    client = client_as(steering)
    client.get("/drafts/")
    # session, user, groups; mine (documents, events); all (documents, events, two counts)
    with django_assert_num_queries(9):
        response = client.get("/drafts/")
    assert response.content.decode().count("/edit/") >= 2 * count
