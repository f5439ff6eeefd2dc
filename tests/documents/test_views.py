"""Library pages for each role: list, reading page, members-only notice, themes, files."""

import datetime

import pytest
from django.core.files.base import ContentFile

from powg.visibility import Status, Visibility
from tests.documents.conftest import pdf_bytes
from tests.factories import (
    DocumentFactory,
    EventFactory,
    OrganizationFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

SEES_MEMBERS = {"public": False, "member": True, "steering": True, "admin": True}
SEES_STEERING = {"public": False, "member": False, "steering": True, "admin": True}


def with_pdf(document, text="Peacekeeping operations need civilian experts."):
    document.file.save(f"{document.slug}.pdf", ContentFile(pdf_bytes(text)))
    return document


@pytest.fixture
def library():
    return {
        "public": DocumentFactory(title="Open report on mandates"),
        "members": DocumentFactory(
            title="Members paper on mandates", visibility=Visibility.MEMBERS
        ),
        "steering": DocumentFactory(
            title="Steering note on mandates", visibility=Visibility.STEERING
        ),
        "draft": DocumentFactory(title="Draft brief on mandates", status=Status.DRAFT),
        "archived": DocumentFactory(title="Archived brief on mandates", status=Status.ARCHIVED),
    }


def test_list_per_role(role_user, client_as, library):
    role, user = role_user
    html = client_as(user).get("/library/").content.decode()
    assert "Open report on mandates" in html
    assert ("Members paper on mandates" in html) is SEES_MEMBERS[role]
    assert ("Steering note on mandates" in html) is SEES_STEERING[role]
    assert "Draft brief on mandates" not in html  # drafts are edited in the admin
    assert "Archived brief on mandates" not in html  # archived leave listings...
    html = client_as(user).get("/library/?archived=1").content.decode()
    assert "Archived brief on mandates" in html  # ...unless asked for


def test_detail_per_role(role_user, client_as, library):
    role, user = role_user
    client = client_as(user)
    assert client.get(library["public"].get_absolute_url()).status_code == 200
    members = client.get(library["members"].get_absolute_url())
    assert members.status_code == (200 if SEES_MEMBERS[role] else 404)
    steering = client.get(library["steering"].get_absolute_url())
    assert steering.status_code == (200 if SEES_STEERING[role] else 404)
    draft = client.get(library["draft"].get_absolute_url())
    assert draft.status_code == (200 if SEES_STEERING[role] else 404)
    archived = client.get(library["archived"].get_absolute_url())
    assert archived.status_code == 200
    assert "This document is archived" in archived.content.decode()


def test_members_only_announced_shows_title_and_login_notice(client_as, member):
    document = DocumentFactory(
        title="Women in uniform",
        summary="Secret summary text",
        body="Secret body text",
        visibility=Visibility.MEMBERS,
        listed_publicly=True,
    )
    response = client_as(None).get(document.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Women in uniform" in html
    assert "Log in to read it" in html
    assert "Secret summary text" not in html and "Secret body text" not in html
    # The one rule (powg.permissions): the notice is the same for every visitor, not
    # private; only responses to logged-in users are, by the middleware.
    assert "private" not in response.get("Cache-Control", "")
    # A member reads the whole document, privately.
    response = client_as(member).get(document.get_absolute_url())
    assert "Secret body text" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_members_only_not_announced_is_404_for_public(client):
    document = DocumentFactory(visibility=Visibility.MEMBERS, listed_publicly=False)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_steering_only_never_announced(client):
    document = DocumentFactory(visibility=Visibility.STEERING, listed_publicly=True)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_old_slug_redirects_permanently(client):
    document = DocumentFactory(slug="first-title")
    document.slug = "second-title"
    document.save()
    response = client.get("/library/first-title/")
    assert response.status_code == 301
    assert response["Location"] == "/library/second-title/"
    response = client.get("/fr/library/first-title/")
    assert response["Location"] == "/fr/library/second-title/"


def test_old_slug_of_hidden_document_is_404(client):
    document = DocumentFactory(slug="first-title", visibility=Visibility.STEERING)
    document.slug = "second-title"
    document.save()
    assert client.get("/library/first-title/").status_code == 404


def test_reading_page_content_and_metadata(client):
    theme = ThematicAreaFactory(name="Rapid deployment")
    organization = OrganizationFactory(name="Peace Operations Working Group")
    event = EventFactory(title="Fiftieth anniversary roundtable")
    french = DocumentFactory(title="Rapport sur l'avenir", language="fr")
    document = with_pdf(
        DocumentFactory(
            title="The future of peacekeeping",
            subtitle="A roundtable report",
            authors=["Helen Marchetti", "Daniel Osei"],
            publication_date=datetime.date(2007, 11, 1),
            date_precision="month",
            body="# Challenges\n\nPolitical will.[^1]\n\n# Opportunities\n\nHope.\n\n[^1]: A note.",
            themes=[theme],
            publishing_organizations=[organization],
            related_event=event,
            other_language_version=french,
        )
    )
    related = DocumentFactory(title="Another paper on deployment", themes=[theme])
    html = client.get(document.get_absolute_url()).content.decode()
    assert "<h1" in html and "The future of peacekeeping" in html
    assert "November 2007" in html
    assert 'name="citation_title" content="The future of peacekeeping: A roundtable report"' in html
    assert 'name="citation_author" content="Helen Marchetti"' in html
    assert 'name="citation_publication_date" content="2007/11"' in html
    assert 'name="citation_pdf_url"' in html
    assert 'property="og:title"' in html
    assert '<script type="application/ld+json">' in html
    assert 'class="toc"' in html and 'href="#sec-challenges"' in html
    assert 'class="footnote' in html
    assert "Download (PDF," in html
    assert "Fiftieth anniversary roundtable" in html
    assert "Rapport sur l&#x27;avenir" in html or "Version française" in html
    assert "Another paper on deployment" in html
    assert related.get_absolute_url() in html
    assert "Helen Marchetti; Daniel Osei (2007)." in html


def test_related_event_hidden_when_event_not_visible(client):
    event = EventFactory(title="Closed steering retreat", visibility=Visibility.STEERING)
    document = DocumentFactory(related_event=event)
    html = client.get(document.get_absolute_url()).content.decode()
    assert "Closed steering retreat" not in html


def test_citation_downloads(client):
    document = DocumentFactory(
        title="Roundtable report",
        authors=["Daniel Osei"],
        publication_date=datetime.date(2007, 1, 1),
        date_precision="year",
    )
    bib = client.get(f"/library/{document.slug}/cite.bib")
    assert bib.status_code == 200
    assert "attachment" in bib["Content-Disposition"]
    text = bib.content.decode()
    assert text.startswith("@techreport{") and "year = {2007}" in text
    assert "author = {Daniel Osei}" in text
    ris = client.get(f"/library/{document.slug}/cite.ris").content.decode()
    assert "TY  - RPRT" in ris and "PY  - 2007" in ris and "AU  - Daniel Osei" in ris
    hidden = DocumentFactory(visibility=Visibility.MEMBERS)
    assert client.get(f"/library/{hidden.slug}/cite.bib").status_code == 404


def test_download_public_file(client):
    document = with_pdf(DocumentFactory(slug="roundtable-report"))
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="roundtable-report.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["ETag"] and response["Last-Modified"]
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "no-cache" in cache_control
    assert "max-age" not in cache_control
    again = client.get(document.get_download_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    later = client.get(
        document.get_download_url(), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert later.status_code == 304


def test_download_per_role(role_user, client_as):
    role, user = role_user
    members = with_pdf(DocumentFactory(visibility=Visibility.MEMBERS))
    steering = with_pdf(DocumentFactory(visibility=Visibility.STEERING))
    client = client_as(user)
    response = client.get(members.get_download_url())
    assert response.status_code == (200 if SEES_MEMBERS[role] else 404)
    if response.status_code == 200:
        assert "private" in response["Cache-Control"]
    response = client.get(steering.get_download_url())
    assert response.status_code == (200 if SEES_STEERING[role] else 404)


def test_download_of_announced_members_document_asks_public_to_log_in(client):
    document = with_pdf(DocumentFactory(visibility=Visibility.MEMBERS, listed_publicly=True))
    response = client.get(document.get_download_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_download_without_file_or_missing_file_is_404(client, private_media):
    assert client.get(DocumentFactory().get_download_url()).status_code == 404
    document = with_pdf(DocumentFactory())
    (private_media / document.file.name).unlink()
    assert client.get(document.get_download_url()).status_code == 404


def test_no_public_media_url(client):
    document = with_pdf(DocumentFactory())
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get(document.file.url).status_code == 404


def test_theme_pages_count_visible_documents(role_user, client_as):
    role, user = role_user
    theme = ThematicAreaFactory(name="Police and justice")
    DocumentFactory(themes=[theme])
    DocumentFactory(themes=[theme], visibility=Visibility.MEMBERS, title="Members-only police")
    client = client_as(user)
    html = client.get("/themes/").content.decode()
    expected = "2 documents" if SEES_MEMBERS[role] else "1 document"
    assert expected in html
    html = client.get(theme.get_absolute_url()).content.decode()
    assert ("Members-only police" in html) is SEES_MEMBERS[role]
    assert client.get("/themes/no-such-theme/").status_code == 404


def test_home_shows_latest_visible_documents(role_user, client_as):
    role, user = role_user
    DocumentFactory(title="Latest public paper")
    DocumentFactory(title="Latest members paper", visibility=Visibility.MEMBERS)
    html = client_as(user).get("/").content.decode()
    assert "Latest public paper" in html
    assert ("Latest members paper" in html) is SEES_MEMBERS[role]


@pytest.mark.parametrize("url", ["/fr/library/", "/fr/themes/"])
def test_french_pages(client, url):
    DocumentFactory()
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_feeds_sitemap_robots(client):
    theme = ThematicAreaFactory()
    public = DocumentFactory(title="Public paper", themes=[theme])
    DocumentFactory(title="Members paper", themes=[theme], visibility=Visibility.MEMBERS)
    for url in [
        "/library/feed/rss/",
        "/library/feed/atom/",
        f"/themes/{theme.slug}/feed/",
        f"/themes/{theme.slug}/feed/atom/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Public paper" in body and "Members paper" not in body
    from tests.factories import EventFactory

    EventFactory(title="Public forum", slug="public-forum")
    EventFactory(title="Closed retreat", slug="closed-retreat", visibility=Visibility.STEERING)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in sitemap
    assert "/events/public-forum/" in sitemap and "closed-retreat" not in sitemap
    assert "members-paper" not in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
