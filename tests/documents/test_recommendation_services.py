"""The tracker's writes: idempotent import, append-only status updates with the current
state copied and progress rolled up, search, suggested links (a dismissed pair never
again)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from documents import recommendations_services as services
from documents.models import (
    Addressee,
    Assignment,
    Recommendation,
    RecommendationLink,
    StatusUpdate,
    SuggestedLink,
    SuggestionState,
)
from tests.factories import DocumentFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SYMBOL = ["S/RES/2719 (2023)"]
ITEMS = [
    {"number": "1", "parent": None, "text": "Renew the mission's mandate to protect civilians.",
     "addressees": ["UN Security Council"]},
    {"number": "2", "parent": None, "text": "Fund peace operations predictably:",
     "addressees": ["Government of Canada", "UN General Assembly and member states"]},
    {"number": "2.a", "parent": "2", "text": "through assessed contributions;",
     "addressees": ["Government of Canada", "UN General Assembly and member states"]},
    {"number": "2.b", "parent": "2", "text": "with a reserve for rapid deployment.",
     "addressees": ["Government of Canada", "UN General Assembly and member states"]},
    {"number": "3", "parent": None, "text": "Consult local women's organizations.",
     "addressees": []},
]  # fmt: skip


def imported(document=None, items=ITEMS, **kwargs):
    document = document or DocumentFactory()
    return document, services.import_recommendations(document=document, items=items, **kwargs)


def assignment(number, addressee_slug, document):
    return Assignment.objects.get(
        recommendation__document=document,
        recommendation__number=number,
        addressee__slug=addressee_slug,
    )


def test_an_import_saves_items_with_parents_and_assignments(steering):
    theme = ThematicAreaFactory(name="Financing")
    document, result = imported(DocumentFactory(themes=[theme]), by=steering)
    assert result.created == 5 and result.assignments_created == 7
    assert Recommendation.objects.get(document=document, number="1").updated_by == steering
    two_a = Recommendation.objects.get(document=document, number="2.a")
    assert two_a.parent.number == "2"
    assert list(two_a.themes.all()) == [theme]
    assert [r.number for r in Recommendation.objects.filter(document=document)] == [
        "1", "2", "2.a", "2.b", "3"]  # fmt: skip
    # Item 3 names no addressee and no default was given: kept, unassigned.
    assert not Recommendation.objects.get(document=document, number="3").assignments.exists()


def test_an_import_saved_twice_creates_nothing_twice():
    document, _ = imported()
    counts = (Recommendation.objects.count(), Assignment.objects.count())
    _, again = imported(document)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert again.assignments_created == 0
    assert (Recommendation.objects.count(), Assignment.objects.count()) == counts


def test_a_corrected_text_updates_the_same_recommendation():
    document, _ = imported()
    corrected = [dict(item) for item in ITEMS]
    corrected[0]["text"] = "Renew the mandate to protect civilians, with resources."
    _, again = imported(document, corrected)
    assert (again.created, again.updated) == (0, 1)
    assert Recommendation.objects.get(document=document, number="1").text.endswith("resources.")


def test_the_default_addressee_takes_items_that_name_none_and_aliases_resolve():
    items = [{"number": "1", "text": "Train police.", "addressees": []},
             {"number": "2", "text": "Report yearly.", "addressees": ["DPKO"]}]  # fmt: skip
    document, _ = imported(items=items, default_addressee="SC")
    assert assignment("1", "un-security-council", document)
    assert assignment("2", "un-secretariat-dpo", document)
    with pytest.raises(ValidationError):
        imported(items=[{"number": "1", "text": "x", "addressees": ["Mars"]}])


def test_an_import_takes_the_parsers_items():
    from documents.recommendation_import import parse_recommendations

    text = (
        "RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):\n"
        "1. Mandates should be clear and achievable.\n"
        "2. Missions need:\n"
        " - a. civilian experts;\n"
        " - b. police.\n"
    )
    parsed = parse_recommendations(text, addressees=Addressee.objects.for_parser())
    document, result = imported(items=parsed.items)
    assert [r.number for r in result.recommendations] == ["1", "2", "2.a", "2.b"]
    assert (
        Assignment.objects.filter(
            recommendation__document=document, addressee__slug="un-security-council"
        ).count()
        == 4
    )


def test_a_status_update_sets_the_current_state_from_the_latest_dated_update(steering):
    document, _ = imported()
    target = assignment("1", "un-security-council", document)
    services.add_status_update(assignment=target, date=D(2024, 3, 1), response="accepted",
                               status="partially_implemented", note="Renewed.",
                               sources=SYMBOL, by=steering)  # fmt: skip
    target.refresh_from_db()
    assert (target.response, target.status, target.progress) == (
        "accepted", "partially_implemented", 50)  # fmt: skip
    assert target.last_update_on == D(2024, 3, 1)
    # Entered later but dated earlier: the timeline's order decides, not the entry.
    services.add_status_update(assignment=target, date=D(2023, 1, 1), status="no_action",
                               note="Older news.", sources=[{"url": "https://press.un.org/en",
                               "title": "Meetings coverage"}], by=steering)  # fmt: skip
    target.refresh_from_db()
    assert (target.status, target.progress, target.last_update_on) == (
        "partially_implemented", 50, D(2024, 3, 1))  # fmt: skip
    # A correction is a new update; the earlier one stays in the timeline.
    services.add_status_update(assignment=target, date=D(2024, 3, 1), status="implemented",
                               progress=90, note="Correction: fully renewed.",
                               sources=[document], by=steering, is_correction=True)  # fmt: skip
    target.refresh_from_db()
    assert (target.response, target.status, target.progress) == ("accepted", "implemented", 90)
    timeline = list(target.updates.timeline())
    assert [u.status for u in timeline] == ["no_action", "partially_implemented", "implemented"]
    assert timeline[-1].is_correction and timeline[-1].sources.get().document == document


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "implemented", "sources": []}, "source"),
        ({"status": "implemented", "sources": ["resolution 2719"]}, "symbol"),
        ({"status": "implemented", "sources": [{"url": "https://un.org"}]}, "title"),
        ({"sources": SYMBOL}, "response"),
        ({"status": "done", "sources": SYMBOL}, "Unknown"),
        ({"status": "implemented", "sources": SYMBOL, "note": " "}, "note"),
    ],
)
def test_a_status_update_needs_a_state_a_note_and_valid_sources(kwargs, message, steering):
    document, _ = imported()
    target = assignment("1", "un-security-council", document)
    kwargs = {"note": "Something happened.", **kwargs}
    with pytest.raises(ValidationError, match=message):
        services.add_status_update(assignment=target, date=D(2024, 1, 1), by=steering, **kwargs)
    assert not StatusUpdate.objects.exists()
    target.refresh_from_db()
    assert target.status == "not_assessed"


def test_a_parents_progress_is_the_mean_of_its_childrens(steering):
    document, _ = imported()
    canada = "government-of-canada"
    parent = assignment("2", canada, document)
    services.add_status_update(assignment=assignment("2.a", canada, document),
                               date=D(2024, 1, 1), status="implemented", note="Paid.",
                               sources=SYMBOL, by=steering)  # fmt: skip
    parent.refresh_from_db()
    assert parent.progress == 50  # (100 + 0) / 2
    services.add_status_update(assignment=assignment("2.b", canada, document),
                               date=D(2024, 2, 1), status="partially_implemented",
                               note="Half.", sources=SYMBOL, by=steering)  # fmt: skip
    parent.refresh_from_db()
    assert parent.progress == 75
    # An update on the parent itself keeps the roll-up: its progress is its children's.
    services.add_status_update(assignment=parent, date=D(2024, 3, 1), status="no_action",
                               note="Nothing.", sources=SYMBOL, by=steering)  # fmt: skip
    parent.refresh_from_db()
    assert (parent.status, parent.progress) == ("no_action", 75)
    # Another addressee of the same sub-points is rolled up on its own.
    assert assignment("2", "general-assembly-member-states", document).progress == 0


def test_an_update_from_anywhere_queues_the_followers_emails(steering, member):
    """The service tells followers (a job queued in its transaction), so updates from the
    admin or the demo do too; tests/documents/test_follow.py runs the jobs."""
    from django.core import mail
    from procrastinate.contrib.django.models import ProcrastinateJob

    from documents import follows

    document, _ = imported()
    target = assignment("1", "un-security-council", document)
    follows.follow(user=member, recommendation=target.recommendation, language="en")
    update = services.add_status_update(
        assignment=target, date=D(2024, 1, 1), status="implemented", note="Done.",
        sources=SYMBOL, by=steering)  # fmt: skip
    assert mail.outbox == []  # nothing sent by the request
    (job,) = ProcrastinateJob.objects.all()
    assert (job.task_name, job.args) == ("documents.tasks.tell_followers", {"update_id": update.pk})


def test_recommendations_are_found_by_words_without_accents_in_both_languages():
    french = DocumentFactory(language="fr", title="Rapport de la table ronde")
    services.import_recommendations(document=french, items=[
        {"number": "1", "text": "Renforcer la sécurité des casques bleus.",
         "addressees": ["Conseil de sécurité"]}])  # fmt: skip
    imported()
    found = Recommendation.objects.search("securite des casques")
    assert [r.document for r in found] == [french]
    # "sécurité" is in the Security Council's French name: both are found by it.
    assert Recommendation.objects.search("securite").count() == 2
    assert Recommendation.objects.search("casque").count() == 1  # French stemming
    assert Recommendation.objects.search("civilians").count() == 1  # English stemming
    # The addressee's names are searchable too.
    assert set(Recommendation.objects.search("GAC").values_list("number", flat=True)) == {
        "2", "2.a", "2.b"}  # fmt: skip


def suggestions_for(recommendation):
    return list(SuggestedLink.objects.filter(from_recommendation=recommendation))


def test_a_repeated_recommendation_is_proposed_and_a_dismissed_pair_never_again(steering):
    old_document = DocumentFactory(publication_date=D(2007, 6, 1))
    imported(old_document)
    unrelated = [{"number": "9", "text": "Publish the roundtable's proceedings in French.",
                  "addressees": ["NGOs and civil society"]}]  # fmt: skip
    imported(DocumentFactory(publication_date=D(2010, 1, 1)), unrelated)
    new_document = DocumentFactory(publication_date=D(2024, 6, 1))
    _, result = imported(new_document, [
        {"number": "4", "text": "The Security Council should renew the mission's mandate to "
         "protect civilians.", "addressees": ["SC"]},
    ])  # fmt: skip
    new = Recommendation.objects.get(document=new_document, number="4")
    proposed = suggestions_for(new)
    assert result.suggestions == len(proposed) == 1
    assert proposed[0].to_recommendation.document == old_document
    assert proposed[0].to_recommendation.number == "1"
    assert proposed[0].score > services.SUGGESTION_THRESHOLD

    services.dismiss_suggestion(suggestion=proposed[0], by=steering)
    assert services.suggest_links(recommendation=new) == []
    # Re-importing the later document does not bring it back either.
    imported(new_document, [{"number": "4", "text": new.text + " Now.", "addressees": ["SC"]}])
    assert services.suggest_links(recommendation=new) == []
    assert SuggestedLink.objects.get().state == SuggestionState.DISMISSED
    # Earlier recommendations are never told about later ones.
    assert services.suggest_links(recommendation=proposed[0].to_recommendation) == []


def test_a_confirmed_suggestion_becomes_a_link_shown_from_both_ends(steering):
    imported(DocumentFactory(publication_date=D(2007, 6, 1)))
    new_document = DocumentFactory(publication_date=D(2024, 6, 1))
    imported(new_document, [{"number": "1", "text": "Renew the mandate to protect civilians "
                             "in the mission.", "addressees": ["SC"]}])  # fmt: skip
    suggestion = SuggestedLink.objects.get()
    link = services.confirm_suggestion(suggestion=suggestion, by=steering)
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.CONFIRMED and suggestion.decided_by == steering
    assert link.kind == "reiterates"
    old = suggestion.to_recommendation
    assert list(RecommendationLink.objects.touching(old)) == [link]
    assert link.label_from(old) == "reiterated by"
    assert services.suggest_links(recommendation=suggestion.from_recommendation) == []


def test_text_similarity_scores_repeats_above_unrelated_texts():
    a = "Deploy civilian police experts rapidly to new missions."
    assert (
        services.text_similarity(a, "Rapid deployment of civilian police experts to missions.")
        > 0.4
    )
    assert services.text_similarity(a, "Publish the proceedings in French.") < 0.1


def admin_update_data(target, **update):
    """The admin's change form of an assignment, with one new status update."""
    data = {
        "recommendation": target.recommendation_id,
        "addressee": target.addressee_id,
        "updates-TOTAL_FORMS": "1",
        "updates-INITIAL_FORMS": "0",
        "updates-MIN_NUM_FORMS": "0",
        "updates-MAX_NUM_FORMS": "1000",
    }
    data.update({f"updates-0-{key}": value for key, value in update.items()})
    return data


def test_the_admin_adds_a_status_update_through_the_service_and_never_edits_one(client_as, admin):
    document, _ = imported()
    target = assignment("1", "un-security-council", document)
    client = client_as(admin)
    url = f"/admin/documents/assignment/{target.pk}/change/"
    assert client.get(url).status_code == 200
    # No source: refused, nothing saved.
    response = client.post(url, admin_update_data(target, date="2024-05-01",
                                                  status="implemented", note="Done."))  # fmt: skip
    assert response.status_code == 200 and not StatusUpdate.objects.exists()
    response = client.post(url, admin_update_data(
        target, date="2024-05-01", status="implemented", note="Done.",
        source_symbol="S/RES/2719 (2023)"))  # fmt: skip
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.progress) == ("implemented", 100)
    update = StatusUpdate.objects.get()
    assert update.author == admin and update.sources.get().symbol == "S/RES/2719 (2023)"
    # The saved update is shown read-only: a changed note posted back changes nothing.
    page = client.get(url).content.decode()
    assert "Done." in page and 'name="updates-0-note"' not in page
    assert client.get(f"/admin/documents/statusupdate/{update.pk}/change/").status_code == 200
    assert client.post(f"/admin/documents/statusupdate/{update.pk}/delete/").status_code == 403


def test_the_admin_confirms_and_dismisses_suggestions(client_as, admin):
    imported(DocumentFactory(publication_date=D(2007, 6, 1)))
    new_document = DocumentFactory(publication_date=D(2024, 6, 1))
    imported(new_document, [{"number": "1", "text": "Renew the mandate to protect civilians "
                             "in the mission.", "addressees": ["SC"]}])  # fmt: skip
    suggestion = SuggestedLink.objects.get()
    client = client_as(admin)
    response = client.post("/admin/documents/suggestedlink/",
                           {"action": "dismiss", "_selected_action": [suggestion.pk]})  # fmt: skip
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.DISMISSED and suggestion.decided_by == admin
    assert not RecommendationLink.objects.exists()
    assert client.get("/admin/documents/recommendation/").status_code == 200
    assert client.get("/admin/documents/addressee/").status_code == 200


def test_numbers_restarting_under_each_heading_are_kept_apart():
    from documents.recommendation_import import parse_recommendations

    text = (
        "RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):\n"
        "1. Mandates should be clear.\n"
        "2. Consult the contributors.\n\n"
        "RECOMMENDATIONS TO THE UN DEPARTMENT OF PEACEKEEPING OPERATIONS (DPKO):\n"
        "1. Train police:\n"
        " - a. before deployment;\n"
        " - b. in the mission.\n"
    )
    parsed = parse_recommendations(text, addressees=Addressee.objects.for_parser())
    document, result = imported(items=parsed.items)
    assert result.created == 5
    dpko_one = Recommendation.objects.get(document=document, number="1", heading__contains="DPKO")
    assert [c.number for c in dpko_one.children.all()] == ["1.a", "1.b"]
    assert assignment("1", "un-security-council", document).recommendation != dpko_one
    _, again = imported(document, parsed.items)
    assert (again.created, again.unchanged) == (0, 5)


def test_the_demo_loads_the_reports_recommendations_once_with_sourced_demo_updates():
    from documents import demo

    models = (Recommendation, Assignment, StatusUpdate, RecommendationLink, SuggestedLink)
    demo.load(lambda message: None)
    counts = [model.objects.count() for model in models]
    demo.load(lambda message: None)
    assert [model.objects.count() for model in models] == counts
    roundtable = Recommendation.objects.filter(
        document__slug=demo.recommendations_demo.ROUNDTABLE_SLUG
    )
    # Every recommendation of the 2007 report: 11 numbered items and 2 lettered points.
    assert roundtable.count() == 13 and roundtable.filter(parent__isnull=False).count() == 2
    assert set(Addressee.objects.filter(assignments__recommendation__in=roundtable)
               .values_list("slug", flat=True)) >= {"un-security-council", "un-secretariat-dpo",
               "un-missions", "government-of-canada", "ngos-civil-society"}  # fmt: skip
    # The sentence broken by the page break is whole again.
    planning = roundtable.get(heading__icontains="MISSIONS", number="1")
    assert planning.text.endswith("from the first concept of operations to the exit strategy.")
    assert planning.anchor == "sec-to-missions-on-the-ground"
    submission = Recommendation.objects.filter(
        document__slug=demo.recommendations_demo.SUBMISSION_SLUG
    )
    assert submission.filter(number="1.b.ii").exists()
    assert all(u.note.startswith("Demo data:") for u in StatusUpdate.objects.all())
    assert all(u.sources.exists() for u in StatusUpdate.objects.all())
    assert StatusUpdate.objects.filter(is_correction=True).exists()
    reiterations = RecommendationLink.objects.filter(kind="reiterates")
    assert reiterations.count() >= 2
    years = {(r.from_recommendation.document.year, r.to_recommendation.document.year)
             for r in reiterations}  # fmt: skip
    assert years == {(2025, 2007)}
    assert SuggestedLink.objects.proposed().exists()  # a queue for the steering committee
