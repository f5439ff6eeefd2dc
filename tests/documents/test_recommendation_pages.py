"""The recommendations tracker's reading pages: list, filters, counts, exports, summary,
one recommendation, and the boxes on document, theme and event pages; per role, with
visibility inherited from the source document, and with fixed query counts."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Addressee, Assignment, Document, Recommendation, ThematicArea
from documents.recommendations_services import (
    add_link,
    add_status_update,
    import_recommendations,
)
from events.models import Event
from powg.visibility import Status, Visibility
from tests import factories

pytestmark = pytest.mark.django_db

CANADA, COUNCIL = "government-of-canada", "un-security-council"
SECRET = "Zebra crossings for members only"


def _import(document, items):
    return {
        r.number: r for r in import_recommendations(document=document, items=items).recommendations
    }


def _update(recommendation, addressee, *, date, by=None, **kwargs):
    assignment = Assignment.objects.get(recommendation=recommendation, addressee__slug=addressee)
    kwargs.setdefault("note", "Demo data: what happened.")
    kwargs.setdefault("sources", [{"symbol": "S/RES/2719 (2023)"}])
    return add_status_update(assignment=assignment, date=date, by=by, **kwargs)


@pytest.fixture
def tracker(db):
    """A public 2007 report, a members-only 2024 one and a draft, with their recommendations."""
    protection = factories.ThematicAreaFactory(
        name="Protection of civilians", name_fr="Protection des civils", slug="protection"
    )
    finance = factories.ThematicAreaFactory(
        name="Financing", name_fr="Financement", slug="financing"
    )
    event = factories.EventFactory(title="Fifty years of peacekeeping", slug="fifty-years")
    public = factories.DocumentFactory(
        title="The future of UN peacekeeping",
        slug="future",
        themes=[protection],
        publication_date=datetime.date(2007, 11, 1),
        related_event=event,
    )
    members = factories.DocumentFactory(
        title="Members brief on protection",
        slug="members-brief",
        themes=[protection],
        visibility=Visibility.MEMBERS,
        publication_date=datetime.date(2024, 5, 1),
        related_event=event,
    )
    draft = factories.DocumentFactory(
        title="Draft submission",
        slug="draft-submission",
        themes=[finance],
        status=Status.DRAFT,
        publication_date=datetime.date(2025, 2, 1),
    )
    made = _import(
        public,
        [
            {
                "number": "1",
                "text": "Train and deploy Canadian civilian police to protect civilians.",
                "addressees": ["Government of Canada"],
            },
            {
                "number": "2",
                "text": "Give missions clear mandates:",
                "addressees": ["UN Security Council"],
            },
            {
                "number": "2.a",
                "parent": "2",
                "text": "Mandates that match the **resources** given.",
                "addressees": ["UN Security Council"],
            },
            {
                "number": "3",
                "text": '=HYPERLINK("http://evil.example") Create a fonds spécial.',
                "addressees": ["Government of Canada", "UN Security Council"],
            },
        ],
    )
    hidden = _import(
        members,
        [{"number": "1", "text": SECRET, "addressees": ["Government of Canada"]}],
    )["1"]
    drafted = _import(
        draft, [{"number": "1", "text": "Draft idea on liquidity.", "addressees": ["SC"]}]
    )["1"]
    _update(made["1"], CANADA, date=datetime.date(2008, 3, 1), response="accepted")
    _update(
        made["1"],
        CANADA,
        date=datetime.date(2015, 6, 1),
        status="partially_implemented",
        note="Police deployed to two missions.",
        sources=[
            {"url": "https://www.canada.ca/en/police.html", "title": "Canadian police abroad"},
            members,  # a members-only library document: hidden from the public
        ],
    )
    _update(hidden, CANADA, date=datetime.date(2024, 9, 1), status="implemented")
    _update(drafted, COUNCIL, date=datetime.date(2025, 3, 1), status="no_action")
    add_link(from_recommendation=hidden, to_recommendation=made["1"])
    later = factories.DocumentFactory(
        title="Public submission 2025",
        slug="public-2025",
        themes=[protection],
        publication_date=datetime.date(2025, 1, 1),
    )
    repeat = _import(
        later,
        [{"number": "4", "text": "Again: deploy police.", "addressees": ["Government of Canada"]}],
    )["4"]
    add_link(from_recommendation=repeat, to_recommendation=made["1"])
    return {
        "public": public,
        "members": members,
        "draft": draft,
        "event": event,
        "protection": protection,
        "made": made,
        "hidden": hidden,
        "drafted": drafted,
        "repeat": repeat,
    }


def _viewer(role):
    return {
        "public": lambda: None,
        "member": factories.member_user,
        "steering": factories.steering_user,
        "admin": factories.admin_account,
    }[role]()


SEES_MEMBERS = {"public": False, "member": True, "steering": True, "admin": True}
SEES_DRAFTS = {"public": False, "member": False, "steering": True, "admin": True}
ROLES = list(SEES_MEMBERS)


def _csv(response):
    text = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


# --- visibility on every surface ----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_list_counts_and_exports_inherit_the_documents_visibility(role, tracker, client_as):
    client = client_as(_viewer(role))
    members, drafts = SEES_MEMBERS[role], SEES_DRAFTS[role]

    page = client.get("/recommendations/").content.decode()
    assert "Train and deploy Canadian civilian police" in page
    assert (SECRET in page) is members
    assert ("Draft idea on liquidity" in page) is drafts
    assert ("Members brief on protection" in page) is members  # nor in the document filter
    # implemented: only the members-only recommendation; no action: only the draft's
    assert f"Implemented: <strong>{int(members)}</strong>" in page
    assert f"No action: <strong>{int(drafts)}</strong>" in page

    rows = _csv(client.get("/recommendations/export.csv"))
    texts = {row[4] for row in rows[1:]}
    assert "Train and deploy Canadian civilian police to protect civilians." in texts
    assert (SECRET in texts) is members
    assert (any("liquidity" in t for t in texts)) is drafts
    assert (
        client.get("/recommendations/?format=csv").content
        == client.get("/recommendations/export.csv").content
    )

    items = json.loads(client.get("/recommendations/export.json").content)
    assert (SECRET in {item["text"] for item in items}) is members
    assert json.loads(client.get("/recommendations/?format=json").content) == items

    found = client.get("/recommendations/?q=zebra").content.decode()
    assert (SECRET in found) is members

    summary = client.get("/recommendations/summary/").content.decode()
    canada = summary.split("Government of Canada</a></th>")[1].split("</tr>")[0]
    # Canada: 1 (partially), 3 and 4 (not assessed), and the members' one (implemented)
    assert canada.startswith(f"<td>{3 + members}</td>")


@pytest.mark.parametrize("role", ROLES)
def test_detail_is_hidden_with_its_document(role, tracker, client_as):
    client = client_as(_viewer(role))
    public = client.get(tracker["made"]["1"].get_absolute_url())
    assert public.status_code == 200
    hidden = client.get(tracker["hidden"].get_absolute_url())
    assert hidden.status_code == (200 if SEES_MEMBERS[role] else 404)
    draft = client.get(tracker["drafted"].get_absolute_url())
    assert draft.status_code == (200 if SEES_DRAFTS[role] else 404)
    assert client.get("/recommendations/999999/").status_code == 404

    page = public.content.decode()
    # the link from the members-only recommendation shows only to those who see it
    assert page.count("Reiterated by") == (2 if SEES_MEMBERS[role] else 1)
    assert (SECRET in page) is False  # the other end shows by its number, not its text
    assert ("Members brief on protection" in page) is SEES_MEMBERS[role]  # source and link


@pytest.mark.parametrize("role", ROLES)
def test_document_theme_and_event_pages_show_only_visible_recommendations(role, tracker, client_as):
    client = client_as(_viewer(role))
    members = SEES_MEMBERS[role]
    theme = client.get(tracker["protection"].get_absolute_url()).content.decode()
    assert "Train and deploy Canadian civilian police" in theme
    assert (SECRET in theme) is members
    assert f"Implemented: <strong>{int(members)}</strong>" in theme

    event = client.get(tracker["event"].get_absolute_url()).content.decode()
    assert "Recommendations from this event" in event
    assert "Train and deploy Canadian civilian police" in event
    assert (SECRET in event) is members

    document = client.get(tracker["public"].get_absolute_url()).content.decode()
    assert "Recommendations and what became of them" in document
    assert SECRET not in document


# --- the list: filters, search, counts, pagination -------------------------------------------


def _numbers(client, query):
    page = client.get(f"/recommendations/{query}").content.decode()
    return page.count('class="card rec-card"'), page


def test_filters_combine_and_are_bookmarkable(tracker, client):
    assert _numbers(client, "")[0] == 5  # 1, 2, 2.a, 3 and the 2025 repeat
    count, page = _numbers(client, f"?addressee={CANADA}&theme=protection")
    assert count == 3
    assert "Give missions clear mandates" not in page
    assert 'value="government-of-canada" selected' in page
    assert _numbers(client, f"?addressee={COUNCIL}")[0] == 3
    assert _numbers(client, "?response=accepted")[0] == 1
    assert _numbers(client, "?status=partially_implemented")[0] == 1
    # status and addressee hold on the same assignment: 3 is not-assessed for both
    assert _numbers(client, f"?addressee={COUNCIL}&status=partially_implemented")[0] == 0
    assert _numbers(client, "?document=future")[0] == 4
    assert _numbers(client, "?year=2025")[0] == 1
    assert _numbers(client, "?year=1999")[0] == 0
    assert _numbers(client, "?status=bogus&year=abc&page=x")[0] == 5  # ignored, no error


def test_counts_per_status_follow_the_filters_but_not_the_status(tracker, client):
    page = client.get(f"/recommendations/?addressee={CANADA}&status=partially_implemented")
    html = page.content.decode()
    assert "Partially implemented: <strong>1</strong>" in html
    assert "Not assessed: <strong>2</strong>" in html  # Canada's 3 and 4
    assert 'aria-current="true"' in html
    # the selected status's link removes it; another's switches to it
    assert f'href="/recommendations/?addressee={CANADA}" class="rec-state' in html


def test_search_in_both_languages_with_optional_accents(tracker, client):
    assert _numbers(client, "?q=special")[0] == 1
    assert _numbers(client, "?q=spécial")[0] == 1
    assert _numbers(client, "?q=police")[0] == 2  # stems: police, deploy police
    assert _numbers(client, "?q=nothing-like-this")[0] == 0
    assert _numbers(client, "?q=%22unbalanced")[0] == 0
    assert _numbers(client, "?q=police&addressee=un-security-council")[0] == 0


def test_pagination(tracker, client):
    document = tracker["public"]
    import_recommendations(
        document=document,
        items=[
            {"number": str(n), "text": f"Item {n}.", "addressees": ["SC"]} for n in range(10, 40)
        ],
    )
    first = client.get("/recommendations/?addressee=un-security-council").content.decode()
    assert "Page 1 of 2" in first
    assert 'href="?addressee=un-security-council&amp;page=2"' in first
    second = client.get("/recommendations/?addressee=un-security-council&page=2")
    assert second.content.decode().count('class="card rec-card"') == 33 - 20
    assert client.get("/recommendations/?page=99").status_code == 200


def test_csv_is_safe_from_formula_injection_and_json_is_complete(tracker, client):
    rows = _csv(client.get("/recommendations/export.csv?document=future"))
    assert rows[0][:4] == ["Address", "Source document", "Year", "Number"]
    formula = [row for row in rows if row[3] == "3"]
    assert len(formula) == 2  # one row per addressee
    assert all(row[4].startswith("'=HYPERLINK") for row in formula)
    first = next(row for row in rows if row[3] == "1")
    assert first[6:] == [
        "Government of Canada",
        "Accepted",
        "Partially implemented",
        "50",
        "2015-06-01",
    ]
    assert first[0].startswith("http://testserver/recommendations/")

    items = json.loads(client.get(f"/recommendations/export.json?addressee={COUNCIL}").content)
    by_number = {item["number"]: item for item in items}
    assert set(by_number) == {"2", "2.a", "3"}
    assert by_number["2.a"]["parent"] == "2"
    assert by_number["2.a"]["addressees"][0]["status"] == "not_assessed"
    assert by_number["2.a"]["document"]["url"].startswith("http://testserver/library/future/")


# --- one recommendation ------------------------------------------------------------------------


def test_detail_shows_text_parent_document_panels_timeline_and_links(tracker, client):
    made = tracker["made"]
    made["2.a"].anchor = "recommendations"
    made["2.a"].save()
    page = client.get(made["2.a"].get_absolute_url()).content.decode()
    assert "<strong>resources</strong>" in page  # Markdown
    assert "A sub-point of recommendation 2" in page and "Give missions clear mandates" in page
    assert 'href="/library/future/#recommendations"' in page
    assert "UN Security Council" in page

    parent = client.get(made["2"].get_absolute_url()).content.decode()
    assert "Its sub-points" in parent and made["2.a"].get_absolute_url() in parent

    one = client.get(made["1"].get_absolute_url()).content.decode()
    assert one.index("1 March 2008") < one.index("1 June 2015")  # oldest first
    assert "Police deployed to two missions." in one
    assert 'href="https://www.canada.ca/en/police.html">Canadian police abroad</a>' in one
    assert "Partially implemented" in one and "50%" in one
    assert "Reiterated by" in one and tracker["repeat"].get_absolute_url() in one
    repeat = client.get(tracker["repeat"].get_absolute_url()).content.decode()
    assert "Reiterates" in repeat and made["1"].get_absolute_url() in repeat
    assert '<link rel="canonical"' in one and '<meta name="description"' in one


def test_symbol_sources_link_to_the_un_document(tracker, client):
    page = client.get(tracker["made"]["1"].get_absolute_url()).content.decode()
    assert 'href="https://undocs.org/S/RES/2719(2023)">S/RES/2719 (2023)</a>' in page


# --- summary ----------------------------------------------------------------------------------


def test_summary_counts_mean_progress_and_latest_evidence(tracker, client):
    page = client.get("/recommendations/summary/").content.decode()
    canada = page.split("Government of Canada</a></th>")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in canada.split("<td>")[1:]]
    # total, then not assessed, no action, under consideration, partially, implemented,
    # superseded, mean progress, latest evidence
    assert cells[:7] == ["3", "2", "0", "0", "1", "0", "0"]
    assert cells[7] == "17%"  # (50 + 0 + 0) / 3
    assert "1 June 2015" in cells[8] and "days ago" in cells[8]
    assert 'href="/recommendations/?addressee=government-of-canada"' in page
    assert "Protection of civilians</a></th>" in page
    main = page.split("<main")[1].split("</main>")[0]
    assert "<svg" in main and "<table" in main and "<script" not in main


# --- French ------------------------------------------------------------------------------------


def test_pages_in_french(tracker, client, french_catalogue):
    address = tracker["made"]["1"].get_absolute_url()  # before French is active
    page = client.get("/fr/recommendations/?addressee=government-of-canada").content.decode()
    assert '<html lang="fr">' in page
    assert "Gouvernement du Canada" in page or "Government of Canada" not in page.split("<main")[1]
    assert "Rechercher dans les recommandations" in page
    assert "Protection des civils" in page
    detail = client.get(f"/fr{address}").content.decode()
    assert "Ce que chaque destinataire en a" in detail
    assert "1 mars 2008" in detail
    summary = client.get("/fr/recommendations/summary/").content.decode()
    assert "Bilan des progrès" in summary
    rows = _csv(client.get("/fr/recommendations/export.csv"))
    assert rows[0][1] == "Document source"


# --- query counts -------------------------------------------------------------------------------


def _grow(rows):
    """``rows`` recommendations of a public report, each to two addressees with two
    updates of two sources, sub-points and links: every kind of row a page could fetch
    one at a time."""
    themes = [factories.ThematicAreaFactory(slug=f"theme-{n}") for n in range(3)]
    event = factories.EventFactory(slug="outcome-event")
    document = factories.DocumentFactory(slug="big-report", themes=themes, related_event=event)
    cited = factories.DocumentFactory(slug="cited")
    items = [{"number": "1", "text": "Lead-in:", "addressees": ["SC", "Government of Canada"]}]
    items += [
        {
            "number": f"1.{n}",
            "parent": "1",
            "text": f"Point {n} on civilian protection.",
            "addressees": ["SC", "Government of Canada"],
        }
        for n in range(rows)
    ]
    made = import_recommendations(document=document, items=items).recommendations
    for recommendation in made[: rows + 1]:
        for addressee in (COUNCIL, CANADA):
            for year in (2010, 2020):
                _update(
                    recommendation,
                    addressee,
                    date=datetime.date(year, 1, 1),
                    status="under_consideration",
                    sources=[{"symbol": "S/RES/2719 (2023)"}, cited],
                )
    later = factories.DocumentFactory(slug="later")
    repeats = import_recommendations(
        document=later,
        items=[
            {"number": str(n), "text": f"Again {n}.", "addressees": ["SC"]} for n in range(rows)
        ],
    ).recommendations
    for repeat in repeats:
        add_link(from_recommendation=repeat, to_recommendation=made[0])
    return {"document": document, "lead": made[0], "themes": themes, "event": event}


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/recommendations/",
        "/recommendations/?q=civilian&addressee=un-security-council",
        "/recommendations/export.csv",
        "/recommendations/export.json",
        "/recommendations/summary/",
        "detail",
        "document",
        "theme",
        "event",
    ],
)
def test_query_counts_do_not_grow_with_rows(url, client, db):
    counts = []
    for rows in (5, 50):
        Recommendation.objects.all().delete()
        site = _grow(rows)
        address = {
            "detail": site["lead"].get_absolute_url(),
            "document": site["document"].get_absolute_url(),
            "theme": site["themes"][0].get_absolute_url(),
            "event": site["event"].get_absolute_url(),
        }.get(url, url)
        counts.append(_count(client, address))
        site["document"].delete()
        Document.objects.filter(slug__in=["cited", "later"]).delete()
        ThematicArea.objects.filter(slug__startswith="theme-").delete()
        Event.objects.filter(slug="outcome-event").delete()
    assert counts[0] == counts[1], counts


def test_fixed_queries_at_5_and_50(client, django_assert_num_queries):
    """The list, the summary and a recommendation's page at exact budgets."""
    budgets = {}
    for rows in (5, 50):
        Recommendation.objects.all().delete()
        site = _grow(rows)
        for name, url, budget in [
            # count, page, themes, assignments + addressees, counts per status, documents,
            # addressees, themes (filter options)
            ("list", "/recommendations/", 8),
            # addressees, grouped, themes, grouped
            ("summary", "/recommendations/summary/", 4),
            # recommendation, themes, assignments, updates, sources, visible cited,
            # children (count via list), their themes, their assignments, links
            ("detail", site["lead"].get_absolute_url(), 10),
        ]:
            client.get(url)
            with django_assert_num_queries(budget):
                assert client.get(url).status_code == 200
            budgets[name] = budget
        site["document"].delete()
        Document.objects.filter(slug__in=["cited", "later"]).delete()
        ThematicArea.objects.filter(slug__startswith="theme-").delete()
        Event.objects.filter(slug="outcome-event").delete()
    assert Addressee.objects.count() >= 7
