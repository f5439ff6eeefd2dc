"""The steering committee imports a report's recommendations in a real browser, and its
other recommendation pages pass axe in both languages."""

import datetime

import pytest
from django.utils.text import slugify

from documents.models import Addressee, Assignment, Recommendation, SuggestedLink
from documents.recommendation_import import DEFAULT_ADDRESSEES
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)

SECTION = """Roundtable on the future of peacekeeping, 2007

RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):

1. Match every mandate with the troops, police and funds it needs.
2. Hear the troop- and police-contributing countries before drafting a mandate.

RECOMMENDATIONS TO THE UN DEPARTMENT OF PEACEKEEPING OPERATIONS (DPKO):

1. Build a standing police capacity that deploys within thirty days.
2. Strengthen training on protecting civilians, in particular:
 - a. common standards for pre-deployment training;
 - b. exercises with civilian staff.
"""

CORRECTED = "Match every mandate with the troops, police, civilian experts and funds it needs."


@pytest.fixture
def addressees():
    """The curated addressees (a transactional test starts from empty tables)."""
    for order, (name, aliases) in enumerate(DEFAULT_ADDRESSEES):
        Addressee.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "aliases": aliases, "display_order": order}
        )


@pytest.fixture
def steering():
    return factories.steering_user(user__email="chair@example.org", user__name="Chair Person")


def test_steering_member_pastes_corrects_one_item_and_saves(page, addressees, steering):
    report = factories.DocumentFactory(title="Roundtable report 2007", slug="roundtable-2007")
    log_in(page, steering.email, factories.PASSWORD)
    page.wait_for_url("**/")

    page.goto(report.get_absolute_url())
    page.get_by_role("link", name="Import recommendations from this document").click()
    page.wait_for_url("**/recommendations/import/?document=roundtable-2007")
    assert page.get_by_label("Document").input_value() == "roundtable-2007"
    page.get_by_label("Recommendations section").fill(SECTION)
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="2. Preview: 6 recommendations").wait_for()
    assert_accessible(page)
    assert page.get_by_role(
        "heading", name="RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):"
    ).is_visible()
    assert Recommendation.objects.count() == 0

    first = page.get_by_role("group", name="Item 1").first
    first.get_by_label("Text").fill(CORRECTED)
    page.get_by_role("button", name="Save the recommendations").click()
    page.wait_for_url("**/library/roundtable-2007/")
    page.get_by_text("Saved: 6 new recommendations, 0 corrected, 0 unchanged.").wait_for()

    assert Recommendation.objects.filter(document=report).count() == 6
    corrected = Recommendation.objects.get(document=report, heading__contains="(SC)", number="1")
    assert corrected.text == CORRECTED
    assert [a.addressee.slug for a in corrected.assignments.all()] == ["un-security-council"]
    sub_point = Recommendation.objects.get(document=report, number="2.a")
    assert sub_point.parent.number == "2" and "DPKO" in sub_point.heading

    # Back and send the same form again: nothing is created twice.
    page.go_back()
    page.get_by_role("button", name="Save the recommendations").click()
    page.get_by_text("Nothing new: these 6 recommendations were already saved.").wait_for()
    assert Recommendation.objects.filter(document=report).count() == 6


def test_preview_and_steering_pages_pass_axe_in_french(page, addressees, steering):
    report = factories.DocumentFactory(title="Rapport de la table ronde", slug="table-ronde")
    earlier = factories.DocumentFactory(publication_date=datetime.date(2001, 1, 1))
    old = Recommendation.objects.create(document=earlier, number="4", text="Pay dues in full.")
    new = Recommendation.objects.create(document=report, number="1", text="Pay dues in full now.")
    Assignment.objects.create(recommendation=new, addressee=Addressee.objects.first())
    SuggestedLink.objects.create(from_recommendation=new, to_recommendation=old, score=0.7)

    log_in(page, steering.email, factories.PASSWORD)
    page.wait_for_url("**/")
    page.goto("/fr/recommendations/import/?document=table-ronde")
    page.get_by_label("Section des recommandations").fill(SECTION + "\nON FINANCING:\n\n3. Pay.\n")
    page.get_by_role("button", name="Aperçu").click()
    page.get_by_role("heading", name="Intertitres qui ne nomment aucun destinataire").wait_for()
    assert_accessible(page)
    for path in [
        "/fr/recommendations/suggestions/",
        f"/fr/recommendations/{new.pk}/update/",
        "/fr/recommendations/following/",
        "/recommendations/suggestions/",
        f"/recommendations/{new.pk}/update/",
        "/recommendations/following/",
    ]:
        page.goto(path)  # each page is checked with axe as it loads
    page.goto(f"/recommendations/{new.pk}/update/")
    page.get_by_role("button", name="Add the update").click()
    page.get_by_text("Give at least one source").wait_for()
    assert_accessible(page)
