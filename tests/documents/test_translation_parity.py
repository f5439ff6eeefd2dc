"""The steering committee's translation parity page: counts, gaps, marking them, CSV."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from documents import translation_queries as queries
from documents.models import Document, TranslationPlan
from documents.translations import set_translation_plan
from powg.visibility import Status, Visibility
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/translations/"
CSV = "/translations/gaps.csv"


def _pair(first, second):
    Document.objects.filter(pk=first.pk).update(other_language_version=second)
    Document.objects.filter(pk=second.pk).update(other_language_version=first)


@pytest.fixture
def library():
    """Nine documents: a pair, six gaps (one late, one planned ahead, one not planned,
    a draft, a members-only and a steering-only one), and an archived gap."""
    today = timezone.localdate()
    a = factories.ThematicAreaFactory(name="Protection of civilians", slug="poc", display_order=1)
    b = factories.ThematicAreaFactory(name="Police", name_fr="Police (FR)", slug="police")
    make = factories.DocumentFactory
    docs = {
        "en": make(
            title="Paired report",
            themes=[a],
            publication_date=datetime.date(2020, 3, 1),
        ),
        "fr": make(
            title="Rapport jumelé",
            language="fr",
            themes=[a],
            publication_date=datetime.date(2020, 3, 1),
        ),
        "late": make(
            title="Late brief",
            document_type="policy_brief",
            themes=[a, b],
            publication_date=datetime.date(2021, 5, 1),
            translation_plan=TranslationPlan.PLANNED,
            translation_due=today - datetime.timedelta(days=10),
        ),
        "ahead": make(
            title="Brief planned ahead",
            document_type="policy_brief",
            themes=[b],
            publication_date=datetime.date(2021, 6, 1),
            translation_plan=TranslationPlan.PLANNED,
            translation_due=today + datetime.timedelta(days=30),
        ),
        "not_planned": make(
            title="Note d'information",
            language="fr",
            document_type="briefing_note",
            publication_date=datetime.date(2021, 7, 1),
            translation_plan=TranslationPlan.NOT_PLANNED,
        ),
        "draft": make(
            title="Draft report",
            status=Status.DRAFT,
            publication_date=datetime.date(2019, 1, 1),
        ),
        "members": make(
            title="Members statement",
            document_type="statement",
            visibility=Visibility.MEMBERS,
            publication_date=datetime.date(2022, 1, 1),
        ),
        "steering": make(
            title="Déclaration du comité",
            language="fr",
            document_type="statement",
            visibility=Visibility.STEERING,
            publication_date=datetime.date(2022, 2, 1),
        ),
        "archived": make(
            title="Archived report",
            status=Status.ARCHIVED,
            publication_date=datetime.date(2018, 1, 1),
        ),
    }
    _pair(docs["en"], docs["fr"])
    return docs


def _counts(row):
    return (row.total, row.both, row.english_only, row.french_only)


def _by(rows, key):
    return {row.params.get(key) if row.params else None: _counts(row) for row in rows}


# --- counts ---------------------------------------------------------------------------


def test_counts_per_type_theme_and_year(library, steering):
    parity = queries.parity(steering)
    assert _counts(parity.totals) == (8, 2, 4, 2)
    assert (parity.totals.planned, parity.totals.late, parity.totals.not_planned) == (2, 1, 1)
    assert parity.totals.undecided == 3
    assert parity.totals.percent_paired == 25
    assert _by(parity.by_type, "type") == {
        "report": (3, 2, 1, 0),
        "policy_brief": (2, 0, 2, 0),
        "briefing_note": (1, 0, 0, 1),
        "statement": (2, 0, 1, 1),
    }
    assert [row.params["type"] for row in parity.by_type] == [
        "report",
        "briefing_note",
        "statement",
        "policy_brief",
    ]  # in the types' own order
    assert _by(parity.by_theme, "theme") == {
        "poc": (3, 2, 1, 0),
        "police": (2, 0, 2, 0),
        None: (4, 0, 2, 2),  # no thematic area
    }
    assert parity.by_theme[-1].label == "No thematic area"
    assert _by(parity.by_year, "year") == {
        2022: (2, 0, 1, 1),
        2021: (3, 0, 2, 1),
        2020: (2, 2, 0, 0),
        2019: (1, 0, 1, 0),
    }
    assert [row.params["year"] for row in parity.by_year] == [2022, 2021, 2020, 2019]
    late = {row.params["type"]: row.late for row in parity.by_type}
    assert late == {"report": 0, "policy_brief": 1, "briefing_note": 0, "statement": 0}


def test_archived_documents_count_only_when_asked(library, steering):
    assert _counts(queries.parity(steering, include_archived=True).totals) == (9, 2, 5, 2)
    html = _page(steering, "?archived=1")
    assert "Archived report" in html
    assert "archived documents included" in html
    html = _page(steering)
    assert "Archived report" not in html
    assert "Archived documents are left out" in html


def test_counts_follow_what_the_viewer_may_see(library, member):
    """The page is the steering committee's, but its counts go through visible_to."""
    parity = queries.parity(member)
    assert _counts(parity.totals) == (6, 2, 3, 1)  # no draft, no steering-only document


def test_french_theme_labels_and_percent(library, steering, client_as, french_catalogue):
    html = client_as(steering).get("/fr/translations/").content.decode()
    assert "<h1>Traductions</h1>" in html
    assert "Police (FR)" in html
    assert "25\u00a0%" in html
    assert "1 traduction prévue est en retard" in html


# --- the page -------------------------------------------------------------------------


def _page(user, query="", *, client=None, prefix=""):
    from django.test import Client

    client = client or Client()
    client.force_login(user)
    response = client.get(f"{prefix}{PAGE}{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_gap_list_shows_gaps_only_with_their_age_and_plan(library, steering):
    html = _page(steering)
    for key in ("late", "ahead", "not_planned", "draft", "members", "steering"):
        assert library[key].title.replace("'", "&#x27;") in html
    assert "Paired report" not in html.split('id="gaps-heading"')[1]
    assert "6 documents in one language only" in html
    today = timezone.localdate()
    published_age = (today - datetime.date(2021, 5, 1)).days
    assert f"{published_age} days" in html
    assert "since it was created" in html  # the draft's gap dates from its creation
    assert "0 days" in html


def test_late_planned_translations_are_counted_and_highlighted(library, steering):
    html = _page(steering)
    assert "1 planned translation is late" in html
    rows = html.split('<tr class="parity-late">')
    assert len(rows) == 2 and "Late brief" in rows[1].split("</tr>")[0]
    assert ">Late</span>" in rows[1].split("</tr>")[0]
    assert 'href="/translations/?plan=late#gaps"' in html


def test_no_late_translation_says_so(steering):
    factories.DocumentFactory(title="Lonely report")
    html = _page(steering)
    assert "No planned translation is late." in html
    assert "1 document in one language only" in html


def test_every_document_paired_says_so(steering):
    _pair(factories.DocumentFactory(), factories.DocumentFactory(language="fr"))
    html = _page(steering)
    assert "Every document exists in both languages." in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?plan=late", {"late"}),
        ("?plan=planned", {"late", "ahead"}),
        ("?plan=not_planned", {"not_planned"}),
        ("?plan=undecided", {"draft", "members", "steering"}),
        ("?language=fr", {"not_planned", "steering"}),
        ("?type=statement", {"members", "steering"}),
        ("?theme=police", {"late", "ahead"}),
        ("?year=2021", {"late", "ahead", "not_planned"}),
        ("?year=2021&language=en&theme=poc", {"late"}),
        ("?type=report&archived=1", {"draft", "archived"}),
    ],
)
def test_filters_narrow_the_gap_list(library, steering, query, expected):
    filters = queries.GapFilters.from_params(_params(query))
    titles = {gap.title for gap in queries.gaps(steering, filters)}
    assert titles == {library[key].title for key in expected}
    html = _page(steering, query)
    assert f"{len(expected)} document" in html


def _params(query):
    from django.http import QueryDict

    return QueryDict(query.lstrip("?"))


def test_sorts(library, steering):
    def order(sort):
        return [g.title for g in queries.gaps(steering, queries.GapFilters(sort=sort))]

    oldest_first = [
        "Late brief",
        "Brief planned ahead",
        "Note d'information",
        "Members statement",
        "Déclaration du comité",
        "Draft report",  # a draft's gap starts when it was created: today
    ]
    assert order("age") == oldest_first
    assert order("newest") == oldest_first[::-1]
    assert order("due")[:2] == ["Late brief", "Brief planned ahead"]
    assert order("title") == sorted(order("title"))


def test_breakdown_counts_link_to_the_gaps(library, steering):
    html = _page(steering)
    assert 'href="/translations/?type=policy_brief&amp;language=en#gaps">2</a>' in html
    assert 'href="/translations/?theme=police&amp;language=en#gaps">2</a>' in html
    assert 'href="/translations/?year=2022&amp;language=fr#gaps">1</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=99999999999",
        "?year=%C2%B2",
        "?type=nope&language=de&plan=soon&sort=random",
        "?theme=%00",
        "?theme=no-such-theme",
        "?theme=a%20b&archived=%00",
        "?page=0",
        "?page=99999",
        "?page=%00&sort=%00",
        "?type=report&type=statement",
    ],
)
def test_bad_parameters_never_fail(library, steering, client_as, query):
    client = client_as(steering)
    assert client.get(PAGE + query).status_code == 200
    assert client.get(CSV + query).status_code == 200
    assert client.get("/fr" + PAGE + query).status_code == 200


# --- who may open it --------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/fr"])
@pytest.mark.parametrize("url", [PAGE, CSV])
def test_access_per_role(library, role_user, client_as, prefix, url):
    role, user = role_user
    response = client_as(user).get(prefix + url)
    if role == "public":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role == "member":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert "Late brief" in response.content.decode()


def test_marking_is_refused_to_others(library, role_user, client_as):
    role, user = role_user
    document = library["draft"]
    response = client_as(user).post(
        reverse("translations:plan", args=[document.pk]),
        {f"plan-{document.pk}-plan": "not_planned", f"plan-{document.pk}-due": ""},
    )
    document.refresh_from_db()
    if role == "public":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert document.translation_plan == ""
    elif role == "member":
        assert response.status_code == 403
        assert document.translation_plan == ""
    else:
        assert response.status_code == 302
        assert document.translation_plan == TranslationPlan.NOT_PLANNED


def test_the_page_is_not_indexed_and_private(library, steering, client_as):
    response = client_as(steering).get(PAGE)
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert "private" in response.get("Cache-Control", "")


# --- marking a gap --------------------------------------------------------------------


def _mark(client, document, plan, due="", query=""):
    return client.post(
        reverse("translations:plan", args=[document.pk]) + query,
        {f"plan-{document.pk}-plan": plan, f"plan-{document.pk}-due": due},
        follow=False,
    )


def test_plan_with_a_future_date_returns_to_the_filtered_page(library, steering, client_as):
    client = client_as(steering)
    document = library["members"]
    due = timezone.localdate() + datetime.timedelta(days=60)
    response = _mark(client, document, "planned", due.isoformat(), "?type=statement&page=1")
    assert response.status_code == 302
    assert response["Location"] == "/translations/?type=statement"
    document.refresh_from_db()
    assert (document.translation_plan, document.translation_due) == ("planned", due)
    assert document.updated_by == steering
    assert document.translation_coming
    html = client.get(response["Location"]).content.decode()
    assert "“Members statement”: translation planned by" in html
    assert 'class="message message--success"' in html


def test_plan_with_a_past_date_is_saved_with_a_warning(library, steering, client_as):
    client = client_as(steering)
    document = library["draft"]
    response = _mark(client, document, "planned", "2020-01-15")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.translation_due == datetime.date(2020, 1, 15)
    html = client.get(response["Location"]).content.decode()
    assert "That date has passed, so it shows as late." in html
    assert "message--warning" in html
    assert "2 planned translations are late" in html


def test_not_planned_and_clearing(library, steering, client_as):
    client = client_as(steering)
    document = library["late"]
    assert _mark(client, document, "not_planned").status_code == 302
    document.refresh_from_db()
    assert (document.translation_plan, document.translation_due) == ("not_planned", None)
    assert _mark(client, document, "").status_code == 302
    document.refresh_from_db()
    assert (document.translation_plan, document.translation_due) == ("", None)
    html = client.get(PAGE).content.decode()
    assert "“Late brief”: the translation is back to not decided." in html


@pytest.mark.parametrize(
    "plan, due, field, text",
    [
        ("planned", "2025-02-30", "due", "Enter a valid date."),
        ("planned", "next spring", "due", "Enter a valid date."),
        ("planned", "", "due", "Give the date the translation should be published by."),
        ("not_planned", "2030-01-01", "due", "A date goes only with a planned translation"),
        ("", "2030-01-01", "due", "A date goes only with a planned translation"),
        ("soon", "", "plan", "Select a valid choice."),
    ],
)
def test_invalid_marks_are_shown_next_to_the_field(
    library, steering, client_as, plan, due, field, text
):
    client = client_as(steering)
    document = library["members"]
    response = _mark(client, document, plan, due, "?type=statement")
    assert response.status_code == 200
    html = response.content.decode()
    error_id = f"id_plan-{document.pk}-{field}_error"
    assert f'id="{error_id}"' in html
    error = html.split(f'id="{error_id}"')[1].split("</ul>")[0]
    assert text in error
    assert f'aria-describedby="{error_id}"' in html
    if due:
        assert f'value="{due}"' in html  # what was typed is kept
    assert "the plan was not saved" in html
    assert f'action="/translations/{document.pk}/plan/?type=statement"' in html
    document.refresh_from_db()
    assert (document.translation_plan, document.translation_due) == ("", None)


def test_marking_from_a_later_page_returns_to_it(steering, client_as):
    documents = [factories.DocumentFactory(language="fr") for _ in range(30)]
    client = client_as(steering)
    html = client.get(PAGE + "?language=fr&page=2").content.decode()
    assert "Page 2 of 2" in html
    last = documents[-1]  # the newest gap: on the second page, oldest first
    assert f'action="/translations/{last.pk}/plan/?language=fr&amp;page=2"' in html
    response = _mark(client, last, "not_planned", query="?language=fr&page=2")
    assert response["Location"] == "/translations/?language=fr&page=2"


def test_a_paired_document_cannot_be_planned(library, steering, client_as):
    client = client_as(steering)
    document = library["en"]
    response = _mark(client, document, "planned", "2030-01-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "has its other-language version already" in html
    # not in the gap list: its form is shown on its own, with the error
    assert 'class="form-errors parity-unlisted"' in html
    document.refresh_from_db()
    assert document.translation_plan == ""


def test_marking_a_missing_document_is_404_and_get_is_refused(library, steering, client_as):
    client = client_as(steering)
    response = client.post(reverse("translations:plan", args=[999999]), {})
    assert response.status_code == 404
    response = client.get(reverse("translations:plan", args=[library["late"].pk]))
    assert response.status_code == 405


def test_marking_needs_the_csrf_token(library, steering):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(steering)
    response = _mark(client, library["late"], "not_planned")
    assert response.status_code == 403
    library["late"].refresh_from_db()
    assert library["late"].translation_plan == "planned"


def test_the_service_checks_its_rules(library, steering):
    document = library["draft"]
    with pytest.raises(ValidationError) as error:
        set_translation_plan(document=document, plan="planned", due=None, by=steering)
    assert "due" in error.value.message_dict
    with pytest.raises(ValidationError):
        set_translation_plan(
            document=document, plan="not_planned", due=datetime.date(2030, 1, 1), by=steering
        )
    with pytest.raises(ValidationError) as error:
        set_translation_plan(document=document, plan="maybe", by=steering)
    assert "plan" in error.value.message_dict
    with pytest.raises(ValidationError):
        set_translation_plan(
            document=library["fr"], plan="planned", due=datetime.date(2030, 1, 1), by=steering
        )
    set_translation_plan(document=library["fr"], plan="", by=steering)  # clearing is fine
    done = set_translation_plan(
        document=document, plan="planned", due=datetime.date(2030, 1, 1), by=steering
    )
    stored = Document.objects.get(pk=document.pk)
    assert (stored.translation_plan, stored.translation_due) == ("planned", done.translation_due)
    assert stored.updated_by == steering


# --- CSV ------------------------------------------------------------------------------


def _rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_the_gaps_with_the_page_filters(library, steering, client_as):
    client = client_as(steering)
    rows = _rows(client.get(CSV))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Title", "Address", "Language"]
    assert {row[0] for row in body} == {
        library[k].title for k in ("late", "ahead", "not_planned", "draft", "members", "steering")
    }
    late = next(row for row in body if row[0] == "Late brief")
    record = dict(zip(header, late, strict=True))
    assert record["Address"].endswith("/library/late-brief/")
    assert record["Missing language"] == "French"
    assert record["Translation"] == "Planned"
    assert record["Late"] == "yes"
    assert record["Gap since"] == "2021-05-01"
    assert int(record["Gap age (days)"]) == (timezone.localdate() - datetime.date(2021, 5, 1)).days
    filtered = _rows(client.get(CSV + "?language=fr&plan=not_planned"))
    assert [row[0] for row in filtered[1:]] == ["Note d'information"]
    html = client.get(PAGE + "?language=fr&plan=not_planned").content.decode()
    assert 'href="/translations/gaps.csv?language=fr&amp;plan=not_planned"' in html


def test_csv_headers_in_french_and_safe_from_formulas(steering, client_as, french_catalogue):
    factories.DocumentFactory(title='=HYPERLINK("http://evil.example")', slug="formula")
    rows = _rows(client_as(steering).get("/fr" + CSV))
    assert rows[0][:4] == ["Titre", "Adresse", "Langue", "Langue manquante"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][2] == "Anglais"


# --- demo -----------------------------------------------------------------------------


def test_demo_marks_plans_once(steering):
    from documents import demo

    demo.load(lambda message: None)
    demo.load(lambda message: None)
    today = timezone.localdate()
    planned = Document.objects.filter(translation_plan=TranslationPlan.PLANNED)
    assert planned.count() == 2
    assert planned.filter(translation_due__lt=today).count() == 1
    assert planned.filter(translation_due__gt=today).count() == 1
    assert Document.objects.filter(translation_plan=TranslationPlan.NOT_PLANNED).count() == 1
    assert (
        not Document.objects.exclude(translation_plan="")
        .exclude(other_language_version=None)
        .exists()
    )
    assert queries.parity(steering).totals.late == 1


# --- valid HTML -----------------------------------------------------------------------


def test_the_page_is_valid_html(library, steering, client_as, tmp_path, french_catalogue):
    """The page, its empty state and a form with errors, in both languages (vnu)."""
    import shutil

    from tests.powg.test_html_valid import skipped_heading_levels, vnu_problems

    if shutil.which("java") is None:
        pytest.fail("the Nu Html Checker needs Java (apt-get install default-jre-headless)")
    client = client_as(steering)
    document = library["members"]
    files = {}
    for prefix in ("", "/fr"):
        responses = {
            "page": client.get(f"{prefix}{PAGE}?archived=1"),
            "empty": client.get(f"{prefix}{PAGE}?type=fact_sheet"),
            "errors": _mark(client, document, "planned", "", "?type=statement"),
            "unlisted": _mark(client, library["en"], "planned", "2030-01-01"),
        }
        if prefix:
            responses["errors"] = client.post(
                f"/fr/translations/{document.pk}/plan/",
                {f"plan-{document.pk}-plan": "planned", f"plan-{document.pk}-due": ""},
            )
        for name, response in responses.items():
            assert response.status_code == 200, name
            assert not skipped_heading_levels(response.content), name
            path = tmp_path / f"{name}{prefix.replace('/', '-')}.html"
            path.write_bytes(response.content)
            files[str(path)] = f"{prefix} {name}"
    problems = vnu_problems(files)
    assert not problems, "\n".join(problems)
