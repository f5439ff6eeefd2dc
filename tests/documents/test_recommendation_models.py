"""The tracker's models: curated addressees, visibility through the document, append-only
updates, validated sources, links read from both ends."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from documents.models import (
    Addressee,
    Assignment,
    LinkKind,
    Recommendation,
    RecommendationLink,
    SourceKind,
    StatusSource,
    StatusUpdate,
)
from powg.visibility import Status, Visibility
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def recommendation(document=None, number="1", text="Deploy civilian experts early.", **kw):
    return Recommendation.objects.create(
        document=document or DocumentFactory(), number=number, text=text, **kw
    )


def test_the_curated_addressees_come_with_french_names_and_aliases():
    council = Addressee.objects.get(slug="un-security-council")
    assert "SC" in council.aliases
    assert "DPKO" in Addressee.objects.get(slug="un-secretariat-dpo").aliases
    assert Addressee.objects.count() == 7
    assert [a.slug for a in Addressee.objects.all()][-1] == "ngos-civil-society"
    assert council.label == "UN Security Council"
    with translation.override("fr"):
        assert council.label == "Conseil de sécurité de l'ONU"
        assert council.localized_description.startswith("Le Conseil")


def test_for_parser_gives_names_with_aliases_and_french_names():
    pairs = dict(Addressee.objects.for_parser())
    assert "SC" in pairs["UN Security Council"]
    assert "Gouvernement du Canada" in pairs["Government of Canada"]
    assert Addressee.objects.all().named("dpko").slug == "un-secretariat-dpo"
    assert Addressee.objects.all().named("nobody") is None


def test_a_number_is_unique_under_its_heading_of_its_document_only():
    document = DocumentFactory()
    recommendation(document, "2", heading="TO THE SC:")
    recommendation(document, "2", heading="TO DPKO:")  # numbering restarts per heading
    recommendation(DocumentFactory(), "2", heading="TO THE SC:")
    with pytest.raises(IntegrityError), transaction.atomic():
        recommendation(document, "2", heading="TO THE SC:")


@pytest.mark.parametrize(
    ("visibility", "status", "seen_by"),
    [
        (Visibility.PUBLIC, Status.PUBLISHED, {"public", "member", "steering"}),
        (Visibility.MEMBERS, Status.PUBLISHED, {"member", "steering"}),
        (Visibility.MEMBERS, Status.ARCHIVED, {"member", "steering"}),
        (Visibility.STEERING, Status.PUBLISHED, {"steering"}),
        (Visibility.PUBLIC, Status.DRAFT, {"steering"}),
    ],
)
def test_recommendations_are_exactly_as_visible_as_their_document(
    visibility, status, seen_by, member, steering
):
    document = DocumentFactory(visibility=visibility, status=status)
    parent = recommendation(document, "2", "Protect civilians:")
    child = recommendation(document, "2.a", "with mobile patrols.", parent=parent)
    other = recommendation(DocumentFactory(), "5", "A public recommendation.")
    council = Addressee.objects.get(slug="un-security-council")
    assignment = Assignment.objects.create(recommendation=child, addressee=council)
    update = StatusUpdate.objects.create(
        assignment=assignment, date=datetime.date(2024, 1, 1), status="no_action", note="n"
    )
    link = RecommendationLink.objects.create(from_recommendation=other, to_recommendation=child)
    from documents.recommendations_services import refresh_search_vectors

    refresh_search_vectors(recommendations=[parent, child, other])
    users = {"public": AnonymousUser(), "member": member, "steering": steering}
    for role, user in users.items():
        visible = set(Recommendation.objects.visible_to(user))
        assert other in visible
        assert (child in visible) == (role in seen_by), role
        assert (parent in visible) == (role in seen_by), role
        assert (assignment in Assignment.objects.visible_to(user)) == (role in seen_by)
        assert (update in StatusUpdate.objects.visible_to(user)) == (role in seen_by)
        # A link shows only when both ends may be seen.
        assert (link in RecommendationLink.objects.visible_to(user)) == (role in seen_by)
        assert Recommendation.objects.visible_to(user).for_addressee(council).exists() == (
            role in seen_by
        )


def test_a_status_update_is_append_only():
    assignment = Assignment.objects.create(
        recommendation=recommendation(), addressee=Addressee.objects.first()
    )
    update = StatusUpdate.objects.create(
        assignment=assignment, date=datetime.date(2024, 1, 1), response="accepted", note="n"
    )
    update.note = "rewritten"
    with pytest.raises(ValidationError):
        update.save()
    assert StatusUpdate.objects.get(pk=update.pk).note == "n"


def test_a_status_update_says_a_response_or_a_status():
    assignment = Assignment.objects.create(
        recommendation=recommendation(), addressee=Addressee.objects.first()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdate.objects.create(assignment=assignment, date=datetime.date(2024, 1, 1), note="n")


@pytest.mark.parametrize(
    ("fields", "valid"),
    [
        ({"kind": SourceKind.SYMBOL, "symbol": "S/RES/2719 (2023)"}, True),
        ({"kind": SourceKind.SYMBOL, "symbol": "A/RES/78/70"}, True),
        ({"kind": SourceKind.SYMBOL, "symbol": "A/C.4/78/L.5"}, True),
        ({"kind": SourceKind.SYMBOL, "symbol": "resolution 2719"}, False),
        ({"kind": SourceKind.URL, "url": "https://www.canada.ca/en.html", "title": "GAC"}, True),
        ({"kind": SourceKind.URL, "url": "https://www.canada.ca/en.html"}, False),
        ({"kind": SourceKind.DOCUMENT}, False),
    ],
)
def test_a_source_is_checked(fields, valid):
    source = StatusSource(**fields)
    if valid:
        source.clean()
    else:
        with pytest.raises(ValidationError):
            source.clean()


def test_a_symbol_source_links_to_the_un_document():
    source = StatusSource(kind=SourceKind.SYMBOL, symbol="S/RES/2719 (2023)")
    assert source.href == "https://undocs.org/S/RES/2719(2023)"
    assert source.label == "S/RES/2719 (2023)"


def test_a_link_reads_from_both_ends_and_never_to_itself():
    old = recommendation(DocumentFactory(), "3")
    new = recommendation(DocumentFactory(), "1")
    link = RecommendationLink.objects.create(
        from_recommendation=new, to_recommendation=old, kind=LinkKind.REITERATES
    )
    assert link.label_from(new) == "reiterates"
    assert link.label_from(old) == "reiterated by"
    assert link.other_end(old) == new
    assert list(RecommendationLink.objects.touching(old)) == [link]
    assert list(RecommendationLink.objects.touching(new)) == [link]
    with translation.override("fr"):
        assert str(link.label_from(old)) != "reiterated by"
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationLink.objects.create(from_recommendation=old, to_recommendation=old)


def test_a_recommendation_points_at_its_place_in_the_document():
    item = recommendation(anchor="recommendations")
    assert item.document_url.endswith(f"/{item.document.slug}/#recommendations")


def test_a_recommendations_progress_is_the_mean_of_its_assignments():
    item = recommendation()
    first, second = Addressee.objects.all()[:2]
    Assignment.objects.create(recommendation=item, addressee=first, progress=100)
    Assignment.objects.create(recommendation=item, addressee=second, progress=50)
    assert item.progress == 75
    assert recommendation(number="9").progress is None
