"""The site's own pages as data: About, the privacy notice and the home page's
introduction, read in both languages and edited by the steering committee."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from powg import pages
from powg.models import AuditAction, AuditEntry, SitePage
from powg.revisions import revision_token
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = {"about": "/about/", "privacy": "/privacy/", "home": "/"}


def _form(page, **changes):
    """The edit form as a browser sends it after opening the page (which keeps the
    migration's text as the first revision)."""
    page = pages.page_for_editing(page.name)
    data = {
        "title": page.title,
        "body": page.body,
        "title_fr": page.title_fr,
        "body_fr": page.body_fr,
        "revision": revision_token(page),
        "action": "save",
    }
    return {**data, **changes}


def test_the_migration_made_the_three_pages_from_the_templates_text():
    pages = {p.name: p for p in SitePage.objects.all()}
    assert set(pages) == {"about", "privacy", "home"}
    assert "# Mission" in pages["about"].body and "# Objectifs" in pages["about"].body_fr
    assert "Capacité civile\u00a0: des experts" in pages["about"].body_fr
    assert "mailto:" in pages["privacy"].body and "écrivez à" in pages["privacy"].body_fr


@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_its_markdown_in_english_and_french(client, name, french_catalogue):
    page = SitePage.objects.get(name=name)
    page.body = "Intro text.\n\n# A heading\n\n<script>alert(1)</script>"
    page.body_fr = "Texte d’introduction.\n\n# Un titre"
    page.save()
    english = client.get(PAGES[name]).content.decode()
    assert "Intro text." in english and '<h2 id="sec-a-heading">A heading</h2>' in english
    assert "<script>alert" not in english
    french = client.get("/fr" + PAGES[name]).content.decode()
    assert "Texte d’introduction." in french and "Intro text." not in french


def test_about_keeps_its_structure_and_links(client, french_catalogue):
    html = client.get("/about/").content.decode()
    for heading in ("Mission", "Objectives", "What the group does", "Structure"):
        assert f">{heading}</h2>" in html
    assert '<h2 id="steering-committee">Steering committee</h2>' in html
    assert 'href="/about/steering-committee/"' in html
    french = client.get("/fr/about/").content.decode()
    assert "<h1>À propos du groupe de travail</h1>" in french
    assert ">Objectifs</h2>" in french


def test_french_left_empty_shows_the_english_marked_as_english(client):
    SitePage.objects.filter(name="about").update(body_fr="", title_fr="")
    html = client.get("/fr/about/").content.decode()
    assert '<div class="site-page-text site-page-text--lead" lang="en">' in html
    assert '<h1 lang="en">About the working group</h1>' in html


def test_a_missing_row_shows_the_first_text(client):
    SitePage.objects.filter(name="privacy").delete()
    html = client.get("/privacy/").content.decode()
    assert "Only the steering committee reads it." in html


def test_about_reads_its_page_in_one_query(client):
    client.get("/about/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/about/").status_code == 200
    assert len(queries) == 1


def test_edit_links_only_for_the_committee(client_as, role_user):
    role, user = role_user
    html = client_as(user).get("/about/").content.decode()
    assert ('href="/pages/about/edit/"' in html) is (role in ("steering", "admin"))


@pytest.mark.parametrize(
    "url",
    ["/pages/about/edit/", "/pages/home/history/", "/fr/pages/privacy/edit/"],
)
def test_editing_pages_by_role(client_as, role_user, url):
    role, user = role_user
    response = client_as(user).get(url)
    if role == "public":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "member":
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def test_an_unknown_page_is_404(client_as, steering):
    assert client_as(steering).get("/pages/nowhere/edit/").status_code == 404


def test_a_member_cannot_save(client_as, member):
    page = SitePage.objects.get(name="about")
    response = client_as(member).post("/pages/about/edit/", _form(page, body="Hacked"))
    assert response.status_code == 403
    page.refresh_from_db()
    assert "Hacked" not in page.body


def test_steering_edits_the_french_and_sees_it(client_as, steering, french_catalogue):
    client = client_as(steering)
    page = SitePage.objects.get(name="about")
    response = client.post("/pages/about/edit/", _form(page, body_fr="Nouveau texte."))
    assert response.status_code == 302 and response["Location"] == "/about/"
    page.refresh_from_db()
    assert page.body_fr == "Nouveau texte." and page.updated_by == steering
    assert "Nouveau texte." in client.get("/fr/about/").content.decode()
    # The migration's text was kept as a first revision, so the edit can be undone.
    assert page.history.count() == 2


def test_an_empty_english_text_is_refused_with_the_text_kept(client_as, steering):
    page = SitePage.objects.get(name="about")
    response = client_as(steering).post(
        "/pages/about/edit/", _form(page, body="", body_fr="Mon texte à garder")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_body"' in html
    assert "Mon texte à garder" in html
    page.refresh_from_db()
    assert page.body_fr != "Mon texte à garder"


def test_preview_uses_the_public_template_and_saves_nothing(client_as, steering):
    page = SitePage.objects.get(name="about")
    response = client_as(steering).post(
        "/pages/about/edit/", _form(page, body_fr="# Aperçu\n\nTexte", action="preview-fr")
    )
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert '<h2 id="sec-apercu">Aperçu</h2>' in html
    assert 'id="steering-committee"' in html  # about.html itself
    assert 'name="body_fr"' in html and 'value="save"' in html  # back to editing or save
    page.refresh_from_db()
    assert "Aperçu" not in page.body_fr


def test_a_second_editor_gets_a_conflict_not_an_overwrite(client_as, steering):
    other = factories.steering_user(user__name="Olga Other")
    page = SitePage.objects.get(name="about")
    client_as(steering).post("/pages/about/edit/", _form(page, body="First save."))
    page.refresh_from_db()
    opened = _form(page)  # both open the page now
    client_as(other).post("/pages/about/edit/", {**opened, "body": "Their text."})
    response = client_as(steering).post("/pages/about/edit/", {**opened, "body": "My text."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this item" in html and "My text." in html
    page.refresh_from_db()
    assert page.body == "Their text."
    # Saving again, with the new token, replaces theirs.
    token = html.split('name="revision" value="')[1].split('"')[0]
    response = client_as(steering).post(
        "/pages/about/edit/", {**opened, "body": "My text.", "revision": token}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "My text."


def test_restore_is_a_new_revision_and_audited(client_as, steering):
    client = client_as(steering)
    page = SitePage.objects.get(name="privacy")
    original = page.body
    client.post("/pages/privacy/edit/", _form(page, body="Changed."))
    first = page.history.order_by("history_id").first()
    assert client.get(f"/pages/privacy/history/{first.history_id}/").status_code == 200
    response = client.post(f"/pages/privacy/history/{first.history_id}/restore/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == original
    assert page.history.count() == 3
    entry = AuditEntry.objects.get(action=AuditAction.RESTORE)
    assert entry.actor == steering and entry.object_id == str(page.pk)
    assert "Changed." not in client.get("/privacy/").content.decode()


def test_restore_by_a_member_is_refused(client_as, steering, member):
    page = SitePage.objects.get(name="privacy")
    client_as(steering).post("/pages/privacy/edit/", _form(page, body="Changed."))
    first = page.history.order_by("history_id").first()
    response = client_as(member).post(f"/pages/privacy/history/{first.history_id}/restore/")
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.body == "Changed."


@pytest.mark.parametrize("revisions", [5, 50])
def test_history_query_count(client_as, steering, django_assert_num_queries, revisions):
    page = pages.page_for_editing("home")
    for n in range(revisions - 1):
        page.body = f"Text {n}"
        page.save()
    client = client_as(steering)
    client.get("/pages/home/history/")
    # session, user, groups, the page, count, revisions, the one before them
    with django_assert_num_queries(7):
        response = client.get("/pages/home/history/")
    assert "Revision" in response.content.decode()
