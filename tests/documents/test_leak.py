"""Nothing restricted leaks: members-only and steering-only documents, drafts or not.

The public must not see members-only or steering-only documents (nor members the
steering-only ones) anywhere: list, facet counts, search results and snippets, theme
pages, feeds, sitemap, related documents, home page, citations, file URL.
"""

import pytest
from django.core.files.base import ContentFile

from powg.visibility import Status, Visibility
from tests.documents.conftest import pdf_bytes
from tests.factories import DocumentFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

SECRET = "zanzibarian"


@pytest.fixture
def theme():
    return ThematicAreaFactory(name="Shared theme")


@pytest.fixture
def public_document(theme):
    return DocumentFactory(title="Open paper", themes=[theme], language="en")


def hidden_documents(theme, visibility):
    made = []
    for status in (Status.PUBLISHED, Status.DRAFT):
        document = DocumentFactory(
            title=f"Hidden {visibility} {status} {SECRET}",
            summary=f"A {SECRET} summary",
            body=f"The {SECRET} body text.",
            themes=[theme],
            visibility=visibility,
            status=status,
            language="fr",
        )
        document.file.save(f"{document.slug}.pdf", ContentFile(pdf_bytes(f"{SECRET} file")))
        made.append(document)
    return made


def urls_to_check(theme, public_document):
    return [
        "/",
        "/library/",
        "/library/?archived=1",
        f"/library/?q={SECRET}",
        "/library/?q=body",
        f"/library/?theme={theme.slug}",
        "/library/?language=fr",
        "/themes/",
        theme.get_absolute_url(),
        public_document.get_absolute_url(),
        "/library/feed/rss/",
        "/library/feed/atom/",
        f"/themes/{theme.slug}/feed/",
        f"/themes/{theme.slug}/feed/atom/",
        "/sitemap.xml",
        "/fr/library/",
    ]


def assert_nothing_of(client, documents, theme, public_document):
    for url in urls_to_check(theme, public_document):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if SECRET in url:  # the search box echoes the query: look at the results only
            assert response.context["documents"] == [] and "<mark>" not in html, url
        else:
            assert SECRET not in html, url
        for document in documents:
            assert document.slug not in html, url
    list_page = client.get("/library/")
    assert list_page.context["total"] == 1
    assert list_page.context["facets"]["language"][0].value == "en"
    assert client.get(f"/library/?q={SECRET}").context["total"] == 0
    themes_page = client.get("/themes/").content.decode()
    assert "1 document" in themes_page and "3 documents" not in themes_page
    for document in documents:
        assert client.get(document.get_absolute_url()).status_code == 404
        assert client.get(f"/library/{document.slug}/cite.bib").status_code == 404
        download = client.get(document.get_download_url())
        assert download.status_code in (302, 404)
        assert not getattr(download, "streaming", False)


def test_public_sees_no_members_or_steering_document(client, theme, public_document):
    documents = hidden_documents(theme, Visibility.MEMBERS)
    documents += hidden_documents(theme, Visibility.STEERING)
    assert_nothing_of(client, documents, theme, public_document)


def test_member_sees_no_steering_document(client_as, member, theme, public_document):
    documents = hidden_documents(theme, Visibility.STEERING)
    # Drafts stay hidden from members whatever their visibility.
    documents.append(
        DocumentFactory(
            title=f"Members draft {SECRET}",
            body=SECRET,
            themes=[theme],
            visibility=Visibility.MEMBERS,
            status=Status.DRAFT,
        )
    )
    assert_nothing_of(client_as(member), documents, theme, public_document)


def test_announced_members_document_leaks_only_its_title(client, theme, public_document):
    document = DocumentFactory(
        title="Announced paper",
        summary=f"{SECRET} summary",
        body=f"{SECRET} body",
        visibility=Visibility.MEMBERS,
        listed_publicly=True,
        themes=[theme],
    )
    document.file.save("announced.pdf", ContentFile(pdf_bytes(SECRET)))
    assert_nothing_of(client, [], theme, public_document)
    html = client.get(document.get_absolute_url()).content.decode()
    assert "Announced paper" in html and SECRET not in html
    assert client.get("/library/").context["total"] == 1


def test_control_steering_does_see_them(client_as, steering, theme, public_document):
    """The checks above are not vacuous: the same pages show the documents to steering."""
    hidden_documents(theme, Visibility.STEERING)
    client = client_as(steering)
    assert SECRET in client.get("/library/").content.decode()
    assert client.get(f"/library/?q={SECRET}").context["total"] == 1  # drafts are not listed
    assert client.get("/library/").context["total"] == 2
