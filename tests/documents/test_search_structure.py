"""The library search has one home per idea: no import circle, one refresh, one sort table."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

import documents.filters
from documents import services
from documents.facets import facets_and_page
from documents.filters import LibraryFilters
from documents.library import library_page
from documents.models import Document
from documents.querysets import SORT_ORDERS
from tests.documents.conftest import pdf_bytes
from tests.documents.test_files import admin_form_data, upload
from tests.factories import DocumentFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

APP = Path(documents.filters.__file__).parent
SEARCH_MODULES = {
    "documents.search",
    "documents.search_vectors",
    "documents.facets",
    "documents.library",
    "documents.services",
}


def imported_modules(path):
    """Every module a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_models_and_querysets_import_none_of_the_search_code():
    for path in [*sorted((APP / "models").glob("*.py")), APP / "querysets.py"]:
        assert not imported_modules(path) & SEARCH_MODULES, path.name
    # The generic plumbing knows no app.
    powg_search = Path(documents.filters.__file__).parents[1] / "powg" / "search.py"
    assert not {m for m in imported_modules(powg_search) if m.split(".")[0] in {"documents"}}


def test_the_filter_tag_reads_its_parameters_from_filters_not_the_page():
    imports = imported_modules(APP / "templatetags" / "documents_tags.py")
    assert "documents.filters.FILTER_PARAMS" in imports
    assert "documents.library.FILTER_PARAMS" not in imports


def refreshes(queries):
    return [q["sql"] for q in queries if re.search(r"\bSET\s+search_vector\b", q["sql"])]


def test_an_admin_save_with_a_file_refreshes_the_vectors_once(client_as, admin):
    client = client_as(admin)
    theme = ThematicAreaFactory(name="Rapid deployment")
    data = admin_form_data(
        file=upload("paper.pdf", pdf_bytes("Ceasefire monitoring works.")),
        themes=[theme.pk],
        keywords="monitoring",
    )
    with CaptureQueriesContext(connection) as context:
        response = client.post("/admin/documents/document/add/", data)
    assert response.status_code == 302
    assert len(refreshes(context.captured_queries)) == 1
    document = Document.objects.get(slug="uploaded-paper")
    # The one refresh came after the file's text, the themes and the keywords.
    for word in ("ceasefire", "rapid deployment", "monitoring"):
        assert list(Document.objects.search(word)) == [document], word


def test_save_has_no_side_effects_on_the_vectors():
    document = DocumentFactory(title="Liquidity", summary="", body="")
    document.title = "Ceasefire"
    with CaptureQueriesContext(connection) as context:
        document.save()
    assert refreshes(context.captured_queries) == []
    # The stored vector is neither refreshed nor overwritten by the stale in-memory copy.
    assert list(Document.objects.search("liquidity")) == [document]
    services.save_document(document=document)
    assert list(Document.objects.search("ceasefire")) == [document]
    assert not Document.objects.search("liquidity").exists()


def test_the_query_is_cleaned_once_per_request(client, monkeypatch):
    DocumentFactory(title="Ceasefire monitoring", summary="The ceasefire held.")
    calls = []
    original = documents.filters.clean_query

    def counting(text):
        calls.append(text)
        return original(text)

    monkeypatch.setattr(documents.filters, "clean_query", counting)
    monkeypatch.setattr("powg.search.clean_query", counting)
    response = client.get("/library/", {"q": "  ceasefire\x00 "})
    assert response.context["documents"][0].snippet
    assert calls == ["  ceasefire\x00 "]


@pytest.mark.parametrize("sort", sorted(SORT_ORDERS))
def test_each_sort_is_the_same_in_sql_and_in_the_queryset(sort):
    import datetime

    for n, title in enumerate(["b", "a", "c", "a", "b"]):
        DocumentFactory(
            title=title,
            slug=f"{title}-{n}",
            summary="mandate " * (n + 1),
            publication_date=datetime.date(2020, 1, 1 + n % 2),
        )
    queryset = Document.objects.visible_to(None).listed().search("mandate")
    _, ids = facets_and_page(queryset, sort=sort, limit=10)
    assert ids == list(queryset.sorted_by(sort).values_list("pk", flat=True))
    assert len(ids) == 5


def test_library_page_needs_no_request():
    DocumentFactory(title="Ceasefire monitoring")
    filters = LibraryFilters.from_params({"q": "ceasefire", "type": "report"})
    page = library_page(
        user=AnonymousUser(),
        filters=filters,
        number=1,
        path="/library/",
        params={"q": "ceasefire", "type": "report"},
    )
    assert [d.title for d in page.documents] == ["Ceasefire monitoring"]
    (option,) = page.facets["type"]
    assert option.selected and option.url == "/library/?q=ceasefire"


def test_an_old_address_redirects_with_its_query_string(client):
    document = DocumentFactory(slug="old-address")
    document.slug = "new-address"
    services.save_document(document=document)
    response = client.get("/library/old-address/?utm=feed")
    assert response.status_code == 301
    assert response["Location"] == "/library/new-address/?utm=feed"


def test_saving_a_card_loaded_document_keeps_its_texts_and_vectors():
    document = DocumentFactory(title="Ceasefire", body="The body stays.", summary="Kept.")
    card = Document.objects.for_cards().get(pk=document.pk)
    card.status = "archived"
    with CaptureQueriesContext(connection) as context:
        card.save()
    (update,) = [q["sql"] for q in context.captured_queries if q["sql"].startswith("UPDATE")]
    assert '"body"' not in update and '"search_vector"' not in update
    document.refresh_from_db()
    assert (document.body, document.summary, document.status) == (
        "The body stays.",
        "Kept.",
        "archived",
    )
    assert list(Document.objects.search("ceasefire")) == [document]
