"""The steering committee's recommendation pages: paste-import, status updates,
assignments and the suggested-links queue, for each role."""

import datetime

import pytest
from django.urls import reverse

from documents.models import (
    Addressee,
    Assignment,
    Recommendation,
    RecommendationLink,
    StatusUpdate,
    SuggestedLink,
    SuggestionState,
)
from documents.recommendations_services import suggest_links
from powg.visibility import Visibility
from tests import factories

pytestmark = pytest.mark.django_db

# The 2007 roundtable report's layout: capital headings naming their addressees (two in
# one), numbering that restarts under each heading, lettered sub-points under a lead-in
# ending with a colon, a page break inside a list and inside a sentence, footnote marks.
REPORT_2007 = """The Future of UN Peacekeeping: Roundtable Report

The participants agreed on what each actor should do next.[1]

RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):

1. Match every mandate with the troops, police and funds it needs.
2. Hear the troop- and police-contributing countries before drafting a mandate.

RECOMMENDATIONS TO THE UN DEPARTMENT OF PEACEKEEPING OPERATIONS (DPKO):

1. Build a standing police capacity that deploys within thirty days.
2. Strengthen training on protecting civilians, in particular:
 - a. common standards for pre-deployment training;
 - b. exercises with civilian staff.

                                                                    4
3. Recruit judges and corrections officers before they are needed, so

- missions do not wait once a ceasefire holds.

RECOMMENDATIONS TO THE CANADIAN GOVERNMENT AND GOVERNMENTS AT THE UNITED NATIONS:

1. Pay assessed contributions in full and on time.

[1] Nothing is attributed to a participant.
"""

ON_FINANCING = """RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):

1. Review mandates each year.

ON FINANCING:

2. Settle the arrears of the peacekeeping budget.
"""


def url(name, *args):
    return reverse(f"documents:{name}", args=args)


@pytest.fixture
def report():
    return factories.DocumentFactory(title="Roundtable report 2007", slug="roundtable-2007")


def preview(client, document, text, **extra):
    return client.post(
        url("recommendation-import"),
        {"document": document.slug, "text": text, "action": "parse", **extra},
    )


def post_data(response, action="save", changes=None):
    """The preview form as the browser would send it back, with ``changes`` applied:
    ``{0: {"text": "..."}}`` changes item 0's fields."""
    changes = changes or {}
    source = response.context["source_form"]
    items = response.context["items"]
    headings = response.context["headings"]
    data = {
        "document": source["document"].value(),
        "default_addressee": source["default_addressee"].value() or "",
        "text": source["text"].value(),
        "action": action,
        "item-TOTAL_FORMS": str(len(items.forms)),
        "item-INITIAL_FORMS": str(len(items.forms)),
        "heading-TOTAL_FORMS": str(len(headings.forms)),
        "heading-INITIAL_FORMS": str(len(headings.forms)),
    }
    for i, form in enumerate(items.forms):
        for name in ("number", "parent", "text", "heading"):
            data[f"item-{i}-{name}"] = form[name].value() or ""
        data[f"item-{i}-addressees"] = list(form["addressees"].value() or [])
        for name, value in changes.get(i, {}).items():
            data[f"item-{i}-{name}"] = value
    for i, form in enumerate(headings.forms):
        data[f"heading-{i}-heading"] = form["heading"].value()
        data[f"heading-{i}-addressee"] = changes.get(f"heading-{i}", "")
    return data


def numbers(document):
    return list(
        Recommendation.objects.filter(document=document)
        .order_by("display_order")
        .values_list("number", flat=True)
    )


def stored(document, heading_part, number):
    return Recommendation.objects.get(
        document=document, heading__contains=heading_part, number=number
    )


# --- roles ---------------------------------------------------------------------------------


@pytest.fixture
def recommendation(report):
    rec = Recommendation.objects.create(document=report, number="1", text="Pay on time.")
    Assignment.objects.create(
        recommendation=rec, addressee=Addressee.objects.get(slug="government-of-canada")
    )
    return rec


@pytest.mark.parametrize("page", ["import", "suggestions", "update"])
def test_steering_pages_for_each_role(client_as, role_user, recommendation, page):
    role, user = role_user
    address = {
        "import": url("recommendation-import"),
        "suggestions": url("recommendation-suggestions"),
        "update": url("recommendation-update", recommendation.pk),
    }[page]
    response = client_as(user).get(address)
    if role == "public":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif role == "member":
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(
    "name,args",
    [
        ("recommendation-assign", "rec"),
        ("recommendation-suggestion-confirm", "suggestion"),
        ("recommendation-suggestion-dismiss", "suggestion"),
    ],
)
def test_steering_posts_refused_to_public_and_members(client_as, member, report, name, args):
    earlier = factories.DocumentFactory(publication_date=datetime.date(2001, 1, 1))
    old = Recommendation.objects.create(document=earlier, number="1", text="Pay dues.")
    new = Recommendation.objects.create(document=report, number="1", text="Pay dues now.")
    suggestion = SuggestedLink.objects.create(
        from_recommendation=new, to_recommendation=old, score=0.9
    )
    target = url(name, new.pk if args == "rec" else suggestion.pk)
    assert client_as(None).post(target).status_code == 302
    assert client_as(member).post(target).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.PROPOSED
    assert not new.assignments.exists()


def test_document_page_links_to_the_import_for_the_steering_committee_only(
    client_as, steering, member, report
):
    link = f"{url('recommendation-import')}?document={report.slug}"
    assert link in client_as(steering).get(report.get_absolute_url()).content.decode()
    assert link not in client_as(member).get(report.get_absolute_url()).content.decode()


# --- paste-import ---------------------------------------------------------------------------


def test_import_preview_correct_save_and_save_again(client_as, steering, report):
    client = client_as(steering)
    response = preview(client, report, REPORT_2007)
    assert response.status_code == 200
    items = response.context["items"]
    # Numbering restarts under each heading, as printed.
    assert [f["number"].value() for f in items.forms] == [
        "1",
        "2",
        "1",
        "2",
        "2.a",
        "2.b",
        "3",
        "1",
    ]
    assert items.forms[4]["parent"].value() == "2"
    assert (
        items.forms[6]["text"].value().endswith("so missions do not wait once a ceasefire holds.")
    )
    assert set(items.forms[7]["addressees"].value()) == {
        "general-assembly-member-states",
        "government-of-canada",
    }
    content = response.content.decode()
    assert "UN Security Council</strong>: 2 recommendations" in content
    assert Recommendation.objects.count() == 0  # a preview saves nothing

    corrected = "Match every mandate with the troops, police, civilians and funds it needs."
    data = post_data(response, changes={0: {"text": corrected}})
    saved = client.post(url("recommendation-import"), data)
    assert saved.status_code == 302
    assert saved.url == report.get_absolute_url()
    assert numbers(report) == ["1", "2", "1", "2", "2.a", "2.b", "3", "1"]
    first = stored(report, "SECURITY COUNCIL", "1")
    assert first.text == corrected
    assert list(first.assignments.values_list("addressee__slug", flat=True)) == [
        "un-security-council"
    ]
    sub_point = stored(report, "DPKO", "2.a")
    assert sub_point.parent == stored(report, "DPKO", "2")
    canada = stored(report, "CANADIAN GOVERNMENT", "1")
    assert set(canada.assignments.values_list("addressee__slug", flat=True)) == {
        "general-assembly-member-states",
        "government-of-canada",
    }
    assert Assignment.objects.count() == 9

    again = client.post(url("recommendation-import"), data, follow=True)
    assert Recommendation.objects.filter(document=report).count() == 8
    assert Assignment.objects.count() == 9
    assert "Nothing new" in again.content.decode()


def test_unrecognized_heading_is_shown_for_mapping_and_never_dropped(client_as, steering, report):
    client = client_as(steering)
    response = preview(client, report, ON_FINANCING)
    headings = response.context["headings"]
    assert [f["heading"].value() for f in headings.forms] == ["ON FINANCING:"]
    assert "ON FINANCING:" in response.content.decode()
    assert len(response.context["items"].forms) == 2  # its item is kept

    # Saved without a mapping nor a default addressee: refused, nothing lost.
    refused = client.post(url("recommendation-import"), post_data(response))
    assert refused.status_code == 200
    assert Recommendation.objects.count() == 0
    assert "Choose an addressee" in refused.content.decode()
    assert "Settle the arrears of the peacekeeping budget." in refused.content.decode()
    assert refused.context["source_form"]["text"].value() == ON_FINANCING

    mapped = post_data(response, changes={"heading-0": "un-secretariat-dpo"})
    applied = client.post(url("recommendation-import"), {**mapped, "action": "preview"})
    assert applied.context["items"].forms[1]["addressees"].value() == ["un-secretariat-dpo"]
    saved = client.post(url("recommendation-import"), post_data(applied))
    assert saved.status_code == 302
    arrears = Recommendation.objects.get(document=report, number="2")
    assert [a.addressee.slug for a in arrears.assignments.all()] == ["un-secretariat-dpo"]


def test_default_addressee_takes_the_items_of_headings_that_name_none(client_as, steering, report):
    client = client_as(steering)
    response = preview(client, report, ON_FINANCING, default_addressee="ngos-civil-society")
    assert response.context["items"].forms[1]["addressees"].value() == ["ngos-civil-society"]
    client.post(url("recommendation-import"), post_data(response))
    arrears = Recommendation.objects.get(document=report, number="2")
    assert [a.addressee.slug for a in arrears.assignments.all()] == ["ngos-civil-society"]


def test_merge_with_the_previous_item_and_split_at_a_line(client_as, steering, report):
    client = client_as(steering)
    response = preview(client, report, REPORT_2007)
    merged = client.post(
        url("recommendation-import"),
        post_data(response, action="preview", changes={1: {"merge": "on"}}),
    )
    forms = merged.context["items"].forms
    assert len(forms) == 7
    assert forms[0]["text"].value() == (
        "Match every mandate with the troops, police and funds it needs. "
        "Hear the troop- and police-contributing countries before drafting a mandate."
    )
    split = client.post(
        url("recommendation-import"),
        post_data(
            merged,
            action="save",
            changes={0: {"split": "on", "text": "First part.\n\nSecond part."}},
        ),
    )
    # Saving with a structural change applies it first, saves nothing, and says so.
    assert split.status_code == 200
    assert Recommendation.objects.count() == 0
    forms = split.context["items"].forms
    assert [f["text"].value() for f in forms[:2]] == ["First part.", "Second part."]
    assert [f["number"].value() for f in forms[:2]] == ["1", ""]
    # The new item needs its number before anything is saved.
    unnumbered = client.post(url("recommendation-import"), post_data(split))
    assert unnumbered.status_code == 200
    assert Recommendation.objects.count() == 0
    assert "Give the item its number as printed." in unnumbered.content.decode()
    fixed = client.post(
        url("recommendation-import"), post_data(split, changes={1: {"number": "1bis"}})
    )
    assert fixed.status_code == 302
    assert numbers(report)[:2] == ["1", "1bis"]


def test_leave_out_and_duplicate_numbers(client_as, steering, report):
    client = client_as(steering)
    response = preview(client, report, REPORT_2007)
    duplicate = client.post(
        url("recommendation-import"), post_data(response, changes={1: {"number": "1"}})
    )
    assert duplicate.status_code == 200
    assert "Number 1 is used twice under this heading" in duplicate.content.decode()
    assert Recommendation.objects.count() == 0
    left_out = client.post(
        url("recommendation-import"),
        post_data(response, action="preview", changes={7: {"leave_out": "on"}}),
    )
    assert len(left_out.context["items"].forms) == 7


@pytest.mark.parametrize(
    "data,message",
    [
        ({"text": "   ", "action": "parse"}, "Paste the recommendations section first."),
        (
            {"text": REPORT_2007, "action": "save", "item-TOTAL_FORMS": "abc"},
            "Some items need a correction",
        ),
        (
            {
                "text": REPORT_2007,
                "action": "save",
                "item-TOTAL_FORMS": "5000",
                "item-INITIAL_FORMS": "0",
                "heading-TOTAL_FORMS": "0",
                "heading-INITIAL_FORMS": "0",
            },
            "Please submit at most 400 forms.",
        ),
        (
            {"text": "Only prose, and no numbered item at all.", "action": "parse"},
            "No recommendations were found",
        ),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_text(client_as, steering, report, data, message):
    response = client_as(steering).post(
        url("recommendation-import"), {"document": report.slug, **data}
    )
    assert response.status_code == 200
    assert Recommendation.objects.count() == 0
    assert message in response.content.decode()
    if data["text"].strip():
        assert response.context["source_form"]["text"].value() == data["text"]


def test_unknown_document_is_an_error_on_the_field(client_as, steering):
    response = client_as(steering).post(
        url("recommendation-import"), {"document": "no-such-paper", "text": REPORT_2007}
    )
    assert response.status_code == 200
    assert response.context["source_form"].errors["document"]
    assert Recommendation.objects.count() == 0


# --- status updates and assignments ----------------------------------------------------------


def update_data(recommendation, **values):
    data = {
        "assignment": recommendation.assignments.get().pk,
        "date": "2024-03-01",
        "status": "partially_implemented",
        "note": "Canada paid most of its arrears.",
        "source_symbol": "A/RES/78/70",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "values,field",
    [
        ({"source_symbol": None}, None),
        ({"source_symbol": None, "source_url": "https://example.org/arrears"}, "source_title"),
        ({"source_symbol": "not a symbol"}, "source_symbol"),
        ({"status": None}, "status"),
        ({"note": ""}, "note"),
        ({"date": "2999-01-01"}, "date"),
        ({"progress": "150"}, "progress"),
    ],
)
def test_status_update_validation(client_as, steering, recommendation, values, field):
    response = client_as(steering).post(
        url("recommendation-update", recommendation.pk), update_data(recommendation, **values)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] if field else form.non_field_errors()
    assert not StatusUpdate.objects.exists()


def test_status_update_is_added_with_its_sources(client_as, steering, recommendation):
    library = factories.DocumentFactory(title="Our 2023 briefing")
    response = client_as(steering).post(
        url("recommendation-update", recommendation.pk),
        update_data(
            recommendation,
            source_url="https://example.org/budget",
            source_title="Budget 2024",
            source_document=library.slug,
        ),
    )
    assert response.status_code == 302
    assert response.url == recommendation.get_absolute_url()
    update = StatusUpdate.objects.get()
    assert update.author == steering
    assert sorted(s.kind for s in update.sources.all()) == ["document", "symbol", "url"]
    assignment = recommendation.assignments.get()
    assert (assignment.status, assignment.progress) == ("partially_implemented", 50)

    # Append-only: a second update is a new row; the first stays.
    client_as(steering).post(
        url("recommendation-update", recommendation.pk),
        update_data(recommendation, status="implemented", is_correction="on"),
    )
    assert StatusUpdate.objects.count() == 2
    assert recommendation.assignments.get().status == "implemented"


def test_hidden_recommendation_is_404_for_a_member_before_the_role_check(
    client_as, steering, member
):
    document = factories.DocumentFactory(visibility=Visibility.STEERING)
    rec = Recommendation.objects.create(document=document, number="1", text="Secret.")
    assert client_as(steering).get(url("recommendation-update", rec.pk)).status_code == 200
    assert client_as(steering).get(url("recommendation-update", 999999)).status_code == 404


def test_add_an_assignment(client_as, steering, recommendation):
    client = client_as(steering)
    response = client.post(
        url("recommendation-assign", recommendation.pk), {"addressee": "un-security-council"}
    )
    assert response.status_code == 302
    assert set(recommendation.assignments.values_list("addressee__slug", flat=True)) == {
        "government-of-canada",
        "un-security-council",
    }
    again = client.post(
        url("recommendation-assign", recommendation.pk),
        {"addressee": "un-security-council"},
        follow=True,
    )
    assert recommendation.assignments.count() == 2
    assert "Choose an addressee it is not yet addressed to." in again.content.decode()


# --- suggested links -------------------------------------------------------------------------


@pytest.fixture
def pair():
    earlier = factories.DocumentFactory(publication_date=datetime.date(2007, 5, 1))
    later = factories.DocumentFactory(publication_date=datetime.date(2024, 5, 1))
    old = Recommendation.objects.create(
        document=earlier, number="3", text="Pay assessed peacekeeping contributions in full."
    )
    new = Recommendation.objects.create(
        document=later, number="1", text="Pay assessed peacekeeping contributions in full, on time."
    )
    suggestion = SuggestedLink.objects.create(
        from_recommendation=new, to_recommendation=old, score=0.81
    )
    return old, new, suggestion


def test_queue_lists_proposals_and_confirm_makes_the_link(client_as, steering, pair):
    old, new, suggestion = pair
    client = client_as(steering)
    page = client.get(url("recommendation-suggestions")).content.decode()
    assert "Pay assessed peacekeeping contributions in full, on time." in page
    assert "csrfmiddlewaretoken" in page
    assert client.get(url("recommendation-suggestion-confirm", suggestion.pk)).status_code == 405
    response = client.post(
        url("recommendation-suggestion-confirm", suggestion.pk), {"kind": "builds_on"}
    )
    assert response.status_code == 302
    link = RecommendationLink.objects.get()
    assert (link.from_recommendation, link.to_recommendation, link.kind) == (new, old, "builds_on")
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by) == (SuggestionState.CONFIRMED, steering)
    assert "Pay assessed" not in client.get(url("recommendation-suggestions")).content.decode()


def test_dismissed_pair_is_never_proposed_again(client_as, steering, pair):
    old, new, suggestion = pair
    client = client_as(steering)
    client.post(url("recommendation-suggestion-dismiss", suggestion.pk))
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.DISMISSED
    assert not RecommendationLink.objects.exists()
    from documents.recommendations_services import refresh_search_vectors

    refresh_search_vectors(recommendations=[old, new])
    assert suggest_links(recommendation=new) == []
    assert SuggestedLink.objects.count() == 1
    # Deciding twice (a double click) changes nothing.
    again = client.post(url("recommendation-suggestion-confirm", suggestion.pk), follow=True)
    assert "already decided" in again.content.decode()
    assert not RecommendationLink.objects.exists()


# --- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 50])
def test_steering_pages_run_a_fixed_number_of_queries(
    client_as, steering, rows, django_assert_num_queries
):
    from documents.follows import follow

    early = factories.DocumentFactory(publication_date=datetime.date(2001, 1, 1))
    late = factories.DocumentFactory(publication_date=datetime.date(2024, 1, 1))
    for i in range(rows):
        old = Recommendation.objects.create(document=early, number=str(i), text=f"Old {i}.")
        new = Recommendation.objects.create(document=late, number=str(i), text=f"New {i}.")
        SuggestedLink.objects.create(from_recommendation=new, to_recommendation=old, score=0.5)
        follow(user=steering, recommendation=new)
        factories.ThematicAreaFactory()
    target = Recommendation.objects.filter(document=late).first()
    for addressee in Addressee.objects.all()[:3]:
        Assignment.objects.create(recommendation=target, addressee=addressee)
    client = client_as(steering)
    section = "RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):\n\n" + "\n".join(
        f"{i}. Recommendation number {i}." for i in range(1, rows + 1)
    )
    # session, user, groups (+ the document asked for), addressees, the document choices
    budgets = {
        url("recommendation-import"): 5,
        url("recommendation-import") + f"?document={late.slug}": 6,
        url("recommendation-suggestions"): 4,
        url("recommendation-following"): 6,
        url("recommendation-update", target.pk): 11,
    }
    for address, budget in budgets.items():
        with django_assert_num_queries(budget):
            assert client.get(address).status_code == 200
    # The preview of a pasted section costs the same whatever its length.
    with django_assert_num_queries(8):
        response = preview(client, late, section)
    assert len(response.context["items"].forms) == rows
