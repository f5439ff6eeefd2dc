"""Full-text search on real PostgreSQL: stemming per language, ranking, snippets, facets."""

import pytest

from documents import services
from documents.facets import facet_counts, facets_and_page
from documents.library import attach_themes
from documents.models import Document
from powg.visibility import Status, Visibility
from tests.factories import DocumentFactory, OrganizationFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [d.title for d in response.context["documents"]]


def test_english_stemming(client):
    DocumentFactory(title="The future of peacekeeping", language="en")
    DocumentFactory(title="Budget lines", body="Nothing relevant here.", summary="")
    assert titles(client.get("/library/?q=peacekeepers")) == ["The future of peacekeeping"]


def test_french_stemming(client):
    DocumentFactory(
        title="Rapport annuel",
        summary="",
        body="Les opérations de maintien de la paix.",
        language="fr",
    )
    DocumentFactory(title="Unrelated", summary="", body="Nothing.")
    assert titles(client.get("/library/?q=opération")) == ["Rapport annuel"]
    assert titles(client.get("/library/?q=opérations")) == ["Rapport annuel"]


def test_title_match_ranks_above_body_match(client):
    DocumentFactory(title="Annual notes", summary="", body="Some words about liquidity here.")
    DocumentFactory(title="The liquidity crisis", summary="")
    DocumentFactory(title="Funding", summary="The liquidity of missions.", body="")
    assert titles(client.get("/library/?q=liquidity")) == [
        "The liquidity crisis",
        "Funding",
        "Annual notes",
    ]


def test_phrase_or_and_exclusion(client):
    DocumentFactory(title="A", summary="", body="standing police capacity for missions")
    DocumentFactory(title="B", summary="", body="police with a standing capacity")
    DocumentFactory(title="C", summary="", body="rapid deployment of experts")
    assert titles(client.get('/library/?q="standing police capacity"')) == ["A"]
    assert sorted(titles(client.get("/library/?q=capacity -standing"))) == []
    assert sorted(titles(client.get("/library/?q=deployment OR capacity"))) == ["A", "B", "C"]
    assert sorted(titles(client.get("/library/?q=police -rapid"))) == ["A", "B"]


def test_file_text_and_keywords_are_searched(client):
    DocumentFactory(title="Fact sheet", summary="", body="", keywords=["roster"])
    document = DocumentFactory(title="Scanned report", summary="", body="")
    document.file_text = "Ceasefire monitoring in the field"
    services.save_document(document=document)  # save() alone leaves the vectors to services
    assert titles(client.get("/library/?q=roster")) == ["Fact sheet"]
    assert titles(client.get("/library/?q=ceasefire")) == ["Scanned report"]


def test_snippets_highlight_and_escape(client):
    DocumentFactory(
        title="Report",
        summary="",
        body="<script>alert(1)</script> The mandate must protect civilians. " * 3,
    )
    html = client.get("/library/?q=civilians").content.decode()
    assert "<mark>civilians</mark>" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "!!! ??? ---",
        "&|!():*<->",
        "a" * 5000,
        "peace\x00keeping",
        "OR OR OR",
        "-",
        "'; DROP TABLE documents_document; --",
        "(((",
    ],
)
def test_malformed_queries_never_error(client, query):
    DocumentFactory(title="Peacekeeping today")
    response = client.get("/library/", {"q": query})
    assert response.status_code == 200


def test_unusable_query_explains_itself(client):
    DocumentFactory()
    html = client.get("/library/?q=%21%21%21").content.decode()
    assert "Your search had no words we could look for" in html


def test_no_results_suggests_what_to_try(client):
    theme = ThematicAreaFactory()
    DocumentFactory(themes=[theme])
    html = client.get(f"/library/?q=zebra&theme={theme.slug}").content.decode()
    assert "No documents match" in html
    assert "remove the filters" in html
    assert "try the word in the other language" in html


def test_sort_orders(client):
    import datetime

    DocumentFactory(title="Beta", publication_date=datetime.date(2001, 1, 1))
    DocumentFactory(title="Alpha", publication_date=datetime.date(2010, 1, 1))
    DocumentFactory(title="Gamma", publication_date=datetime.date(2005, 1, 1))
    assert titles(client.get("/library/")) == ["Alpha", "Gamma", "Beta"]
    assert titles(client.get("/library/?sort=oldest")) == ["Beta", "Gamma", "Alpha"]
    assert titles(client.get("/library/?sort=title")) == ["Alpha", "Beta", "Gamma"]
    assert titles(client.get("/library/?sort=nonsense")) == ["Alpha", "Gamma", "Beta"]


def test_filters_combine_and_stay_in_links(client):
    import datetime

    theme = ThematicAreaFactory(name="Police")
    organization = OrganizationFactory(name="Group of 78", slug="group-of-78")
    DocumentFactory(
        title="Match",
        themes=[theme],
        document_type="policy_brief",
        language="fr",
        publication_date=datetime.date(2019, 5, 1),
        publishing_organizations=[organization],
    )
    DocumentFactory(title="Wrong type", themes=[theme], language="fr")
    DocumentFactory(title="Wrong theme", document_type="policy_brief", language="fr")
    url = (
        f"/library/?theme={theme.slug}&type=policy_brief&language=fr&year=2019"
        "&organization=group-of-78"
    )
    response = client.get(url)
    assert titles(response) == ["Match"]
    html = response.content.decode()
    # A facet link keeps the other filters and removes its own when selected.
    assert "theme=police" in html and "type=policy_brief" in html
    assert 'aria-current="true"' in html
    # Unknown values are ignored or match nothing, never an error.
    assert client.get("/library/?type=poem&year=abc&language=xx").status_code == 200
    assert titles(client.get("/library/?theme=no-such-theme")) == []


def test_facet_counts_honour_visibility_and_filters(member):
    theme, other = ThematicAreaFactory(), ThematicAreaFactory()
    organization = OrganizationFactory()
    DocumentFactory(themes=[theme], language="en", publishing_organizations=[organization])
    DocumentFactory(themes=[theme, other], language="fr")
    DocumentFactory(themes=[theme], visibility=Visibility.MEMBERS, language="en")
    DocumentFactory(themes=[theme], visibility=Visibility.STEERING)
    DocumentFactory(themes=[theme], status=Status.DRAFT)
    public = facet_counts(Document.objects.visible_to(None).listed())
    assert public["theme"] == {str(theme.pk): 2, str(other.pk): 1}
    assert public["language"] == {"en": 1, "fr": 1}
    assert public["organization"] == {str(organization.pk): 1}
    members = facet_counts(Document.objects.visible_to(member).listed())
    assert members["theme"][str(theme.pk)] == 3
    french = facet_counts(Document.objects.visible_to(member).listed().in_language("fr"))
    assert french["theme"] == {str(theme.pk): 1, str(other.pk): 1}
    assert french["language"] == {"fr": 1}


def test_facets_and_page_orders_and_pages():
    import datetime

    for year in range(2000, 2025):
        DocumentFactory(publication_date=datetime.date(year, 1, 1))
    qs = Document.objects.visible_to(None).listed()
    counts, ids = facets_and_page(qs, sort="newest", offset=20, limit=20)
    assert sum(counts["year"].values()) == 25
    years = [Document.objects.get(pk=pk).year for pk in ids]
    assert years == [2004, 2003, 2002, 2001, 2000]


def test_page_past_the_end_shows_last_page(client):
    for _ in range(25):
        DocumentFactory()
    response = client.get("/library/?page=99")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert len(response.context["documents"]) == 5
    assert client.get("/library/?page=abc").status_code == 200


def test_unfiltered_counts_are_cached_and_forgotten_on_change(client):
    DocumentFactory(language="en")
    assert client.get("/library/").context["total"] == 1
    DocumentFactory(language="fr")  # a save forgets the cached counts
    response = client.get("/library/")
    assert response.context["total"] == 2
    assert len(response.context["documents"]) == 2


def test_attach_themes_uses_stored_ids():
    theme = ThematicAreaFactory()
    document = DocumentFactory(themes=[theme])
    fresh = Document.objects.get(pk=document.pk)
    assert fresh.theme_ids == [theme.pk]
    assert attach_themes([fresh])[0].theme_list == [theme]


def test_search_with_filters_matches_the_same_documents():
    theme = ThematicAreaFactory()
    wanted = DocumentFactory(title="Mandates and force", themes=[theme])
    DocumentFactory(title="Mandates elsewhere")
    DocumentFactory(title="Budgets", themes=[theme])
    base = Document.objects.visible_to(None).listed().with_theme_id(theme.pk)
    assert list(base.search("mandates")) == [wanted]
    assert list(base.search("mandates", with_filters=True)) == [wanted]
    assert list(base.search("mandates -force", with_filters=True)) == []
