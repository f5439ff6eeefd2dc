"""Editing one recommendation on the site: its fields and addressees, conflicts, history
and restoring, for each role."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Addressee, Assignment, Recommendation, StatusUpdate
from documents.recommendations_services import refresh_search_vectors
from powg.models import AuditAction, AuditEntry
from powg.revisions import revision_token
from powg.visibility import Visibility
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation():
    document = factories.DocumentFactory(title="Roundtable report")
    rec = Recommendation.objects.create(
        document=document, number="1", heading="To the Security Council", text="Pay on time."
    )
    Assignment.objects.create(
        recommendation=rec, addressee=Addressee.objects.get(slug="government-of-canada")
    )
    refresh_search_vectors(recommendations=[rec])
    return rec


def form_data(rec, **changes):
    assignments = list(rec.assignments.order_by("pk"))
    data = {
        "number": rec.number,
        "heading": rec.heading,
        "text": rec.text,
        "anchor": rec.anchor,
        "parent": rec.parent_id or "",
        "display_order": rec.display_order,
        "themes": [t.pk for t in rec.themes.all()],
        "revision": revision_token(rec),
        "assignments-TOTAL_FORMS": str(len(assignments) + 1),
        "assignments-INITIAL_FORMS": str(len(assignments)),
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "50",
    }
    for n, assignment in enumerate(assignments):
        data[f"assignments-{n}-id"] = assignment.pk
        data[f"assignments-{n}-recommendation"] = rec.pk
        data[f"assignments-{n}-addressee"] = assignment.addressee_id
    data[f"assignments-{len(assignments)}-addressee"] = ""
    data[f"assignments-{len(assignments)}-recommendation"] = rec.pk
    data.update(changes)
    return data


@pytest.mark.parametrize("page", ["edit", "history"])
def test_pages_for_each_role(client_as, role_user, recommendation, page):
    role, user = role_user
    response = client_as(user).get(f"/recommendations/{recommendation.pk}/{page}/")
    if role == "public":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "member":
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def test_a_member_cannot_save(client_as, member, recommendation):
    url = f"/recommendations/{recommendation.pk}/edit/"
    response = client_as(member).post(url, form_data(recommendation, text="Changed"))
    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.text == "Pay on time."


def test_hidden_document_hides_its_recommendation_from_the_edit_page(client_as, steering):
    """The committee sees everything; a missing one is 404, not 500."""
    assert client_as(steering).get("/recommendations/999999/edit/").status_code == 404


def test_edit_links_on_the_page_only_for_the_committee(client_as, role_user, recommendation):
    role, user = role_user
    html = client_as(user).get(recommendation.get_absolute_url()).content.decode()
    assert (f'href="/recommendations/{recommendation.pk}/edit/"' in html) is (
        role in ("steering", "admin")
    )


def test_steering_edits_fields_themes_and_adds_an_addressee(client_as, steering, recommendation):
    theme = factories.ThematicAreaFactory()
    council = Addressee.objects.get(slug="un-security-council")
    data = form_data(
        recommendation,
        text="Pay assessed contributions in full and on time.",
        number="2",
        themes=[theme.pk],
        display_order=5,
    )
    data["assignments-1-addressee"] = council.pk
    url = f"/recommendations/{recommendation.pk}/edit/"
    response = client_as(steering).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    recommendation.refresh_from_db()
    assert recommendation.text.startswith("Pay assessed") and recommendation.number == "2"
    assert recommendation.updated_by == steering and recommendation.display_order == 5
    assert list(recommendation.themes.all()) == [theme]
    assert set(recommendation.assignments.values_list("addressee__slug", flat=True)) == {
        "government-of-canada",
        "un-security-council",
    }
    # The search copy follows the new text.
    found = Recommendation.objects.filter(pk=recommendation.pk, search_vector="assessed")
    assert found.exists()


def test_removing_an_addressee_without_updates(client_as, steering, recommendation):
    data = form_data(recommendation, **{"assignments-0-DELETE": "on"})
    response = client_as(steering).post(f"/recommendations/{recommendation.pk}/edit/", data)
    assert response.status_code == 302
    assert not recommendation.assignments.exists()


def test_an_addressee_with_updates_is_kept_with_a_message(client_as, steering, recommendation):
    assignment = recommendation.assignments.get()
    StatusUpdate.objects.create(
        assignment=assignment, date=datetime.date(2025, 1, 1), status="no_action", note="None."
    )
    data = form_data(recommendation, text="Typed text kept", **{"assignments-0-DELETE": "on"})
    response = client_as(steering).post(f"/recommendations/{recommendation.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be removed" in html and "Typed text kept" in html
    assert 'class="error-summary"' in html
    assert recommendation.assignments.exists()


def test_the_same_addressee_twice_is_refused(client_as, steering, recommendation):
    data = form_data(recommendation)
    data["assignments-1-addressee"] = recommendation.assignments.get().addressee_id
    response = client_as(steering).post(f"/recommendations/{recommendation.pk}/edit/", data)
    assert response.status_code == 200
    assert "This addressee is already in the list." in response.content.decode()


def test_a_number_taken_under_the_heading_is_refused(client_as, steering, recommendation):
    Recommendation.objects.create(
        document=recommendation.document, number="2", heading=recommendation.heading, text="x"
    )
    data = form_data(recommendation, number="2")
    response = client_as(steering).post(f"/recommendations/{recommendation.pk}/edit/", data)
    assert response.status_code == 200
    assert "already used under this heading" in response.content.decode()


def test_a_parent_from_the_same_heading(client_as, steering, recommendation):
    child = Recommendation.objects.create(
        document=recommendation.document,
        number="1.a",
        heading=recommendation.heading,
        text="A sub-point.",
    )
    data = form_data(child, parent=recommendation.pk)
    response = client_as(steering).post(f"/recommendations/{child.pk}/edit/", data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.parent == recommendation
    # The parent cannot then become its own child's sub-point.
    data = form_data(recommendation, parent=child.pk)
    response = client_as(steering).post(f"/recommendations/{recommendation.pk}/edit/", data)
    assert response.status_code == 200
    assert "cannot be the parent of its own parent" in response.content.decode()


def test_a_second_editor_gets_a_conflict(client_as, steering, admin, recommendation):
    opened = form_data(recommendation)
    url = f"/recommendations/{recommendation.pk}/edit/"
    assert client_as(admin).post(url, {**opened, "text": "Their text."}).status_code == 302
    response = client_as(steering).post(url, {**opened, "text": "My text."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this item" in html and "My text." in html
    recommendation.refresh_from_db()
    assert recommendation.text == "Their text."


def test_restore_a_revision(client_as, steering, recommendation):
    client = client_as(steering)
    url = f"/recommendations/{recommendation.pk}/edit/"
    client.post(url, form_data(recommendation, text="Pay later."))
    first = recommendation.history.order_by("history_id").first()
    page = client.get(f"/recommendations/{recommendation.pk}/history/{first.history_id}/")
    assert "Restore this revision" in page.content.decode()
    response = client.post(
        f"/recommendations/{recommendation.pk}/history/{first.history_id}/restore/"
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Pay on time."
    assert AuditEntry.objects.filter(action=AuditAction.RESTORE, actor=steering).count() == 1
    assert Recommendation.objects.filter(pk=recommendation.pk, search_vector="time").exists()


def test_a_member_cannot_restore(client_as, member, steering, recommendation):
    client_as(steering).post(
        f"/recommendations/{recommendation.pk}/edit/", form_data(recommendation, text="Later.")
    )
    first = recommendation.history.order_by("history_id").first()
    url = f"/recommendations/{recommendation.pk}/history/{first.history_id}/restore/"
    assert client_as(member).post(url).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.text == "Later."


def test_a_hidden_document_keeps_its_recommendation_from_members(client_as, member):
    document = factories.DocumentFactory(visibility=Visibility.STEERING)
    rec = Recommendation.objects.create(document=document, number="1", text="Secret.")
    assert client_as(member).get(f"/recommendations/{rec.pk}/edit/").status_code == 403


@pytest.mark.parametrize("count", [5, 50])
def test_edit_page_query_count_does_not_grow(client_as, steering, count):
    document = factories.DocumentFactory()
    rec = Recommendation.objects.create(document=document, number="1", text="Text.")
    for addressee in Addressee.objects.all()[:count]:
        Assignment.objects.create(recommendation=rec, addressee=addressee)
    for n in range(count):
        Recommendation.objects.create(document=document, number=f"x{n}", text="Other.")
    client = client_as(steering)
    client.get(f"/recommendations/{rec.pk}/edit/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/recommendations/{rec.pk}/edit/")
    assert response.status_code == 200
    assert len(queries) == EDIT_PAGE_QUERIES, [q["sql"][:60] for q in queries]


# session, user, groups, the recommendation, addressees, the themes offered and chosen,
# the parents offered, the revision token, assignments and their updates
EDIT_PAGE_QUERIES = 11
