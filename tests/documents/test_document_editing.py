"""Editing documents on the site: who may, saving with a file, the buttons (each act
audited once), lost updates, revisions and restoring, slugs, and what the pages cost."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.demo import make_pdf
from documents.models import Document
from powg.models import AuditAction, AuditEntry
from powg.visibility import Status, Visibility
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_upload(name="report.pdf", title="Roundtable report", words="Standing police capacity."):
    return SimpleUploadedFile(name, make_pdf(title, [words]), content_type="application/pdf")


def form_data(document=None, **changes):
    """What the edit form sends back for ``document`` (or a new one), with ``changes``."""
    data = {
        "title": "Roundtable on rapid deployment",
        "subtitle": "",
        "slug": "",
        "document_type": "roundtable_report",
        "summary": "What the participants said about deploying faster.",
        "body": "## Findings\n\nMissions need civilian experts sooner.",
        "authors": "Daniel Osei\nMarie Tremblay",
        "publication_date": "2026-11-20",
        "date_precision": "day",
        "language": "en",
        "keywords": "deployment, police",
        "translation_plan": "",
        "translation_due": "",
        "visibility": "public",
        "other_language_version": "",
        "related_event": "",
        "scheduled_for": "",
        "revision": "0",
        "action": "save",
    }
    if document is not None:
        data.update(
            {
                "title": document.title,
                "subtitle": document.subtitle,
                "slug": document.slug,
                "document_type": document.document_type,
                "summary": document.summary,
                "body": document.body,
                "authors": "\n".join(document.authors),
                "publication_date": document.publication_date.isoformat(),
                "date_precision": document.date_precision,
                "language": document.language,
                "visibility": document.visibility,
                "keywords": ", ".join(t.name for t in document.keywords.all()),
                "themes": [str(t.pk) for t in document.themes.all()],
                "revision": _token(document),
            }
        )
        if document.listed_publicly:
            data["listed_publicly"] = "on"
    data.update(changes)
    return data


def _token(document):
    from powg.revisions import revision_token

    return revision_token(document)


def edit_url(document):
    return reverse("documents:document-edit", kwargs={"slug": document.slug})


def audits(document, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Document),
        object_id=str(document.pk),
        action=action,
    ).count()


# --- who may -------------------------------------------------------------------------

EDITING_URLS = [
    ("get", lambda d, h: "/library/new/"),
    ("post", lambda d, h: "/library/new/"),
    ("get", lambda d, h: f"/library/{d.slug}/edit/"),
    ("post", lambda d, h: f"/library/{d.slug}/edit/"),
    ("get", lambda d, h: f"/library/{d.slug}/preview/"),
    ("get", lambda d, h: f"/library/{d.slug}/history/"),
    ("get", lambda d, h: f"/library/{d.slug}/history/{h}/"),
    ("post", lambda d, h: f"/library/{d.slug}/history/{h}/restore/"),
    ("get", lambda d, h: f"/fr/library/{d.slug}/edit/"),
    ("get", lambda d, h: "/fr/library/new/"),
]


@pytest.mark.parametrize(("method", "url"), EDITING_URLS)
def test_editing_pages_are_for_the_steering_committee(client_as, role_user, method, url):
    role, user = role_user
    document = factories.DocumentFactory(title="An edited paper")
    document.title = "An edited paper, second version"
    document.save()
    first = document.history.order_by("history_id").first().history_id
    address = url(document, first)
    client = client_as(user)
    response = getattr(client, method)(address, {"action": "save"} if method == "post" else {})
    if role == "public":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif role == "member":
        assert response.status_code == 403
    else:
        # A form sent empty comes back with its errors; a restore goes to the history.
        assert response.status_code == (302 if "restore" in address else 200)
    document.refresh_from_db()
    restored = document.title == "An edited paper"
    assert restored == (role in ("steering", "admin") and "restore" in address)


def test_a_hidden_or_missing_document_is_404_for_editors(client_as, steering):
    client = client_as(steering)
    assert client.get("/library/no-such-paper/edit/").status_code == 404
    assert client.get("/library/no-such-paper/history/").status_code == 404
    document = factories.DocumentFactory()
    assert client.get(f"/library/{document.slug}/history/999999/").status_code == 404


def test_edit_and_history_links_only_for_editors(client_as, role_user):
    role, user = role_user
    document = factories.DocumentFactory(title="A public paper")
    client = client_as(user)
    page = client.get(document.get_absolute_url()).content.decode()
    library = client.get("/library/").content.decode()
    editor = role in ("steering", "admin")
    assert (edit_url(document) in page) is editor
    assert (f"/library/{document.slug}/history/" in page) is editor
    assert ('href="/library/new/"' in library) is editor


# --- writing -------------------------------------------------------------------------


def test_create_with_a_pdf_as_a_draft(client_as, steering):
    theme = factories.ThematicAreaFactory(name="Rapid deployment")
    organization = factories.OrganizationFactory(name="Peacebuild")
    client = client_as(steering)
    data = form_data(themes=[str(theme.pk)], publishing_organizations=[str(organization.pk)])
    response = client.post("/library/new/", {**data, "file": pdf_upload()})
    document = Document.objects.get(title="Roundtable on rapid deployment")
    assert response.status_code == 302
    assert response["Location"] == edit_url(document)
    assert document.slug == "roundtable-on-rapid-deployment"  # made from the title
    assert document.status == Status.DRAFT
    assert document.file_type == "pdf" and document.file_size > 0
    assert "Standing police capacity" in document.file_text
    assert document.authors == ["Daniel Osei", "Marie Tremblay"]
    assert list(document.themes.all()) == [theme]
    assert sorted(t.name for t in document.keywords.all()) == ["deployment", "police"]
    assert document.theme_ids == [theme.pk]  # vectors and link copies refreshed
    assert document.updated_by == steering
    assert document.history.count() == 1
    # Found by the words of its file, by the committee only (a draft).
    assert (
        Document.objects.visible_to(steering)
        .search("standing police")
        .filter(pk=document.pk)
        .exists()
    )
    assert not Document.objects.visible_to(None).filter(pk=document.pk).exists()
    assert audits(document, AuditAction.PUBLISH) == 0


def test_a_file_that_is_not_a_pdf_is_refused_and_the_rest_kept(client_as, steering):
    client = client_as(steering)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post("/library/new/", {**form_data(body="My long typed text."), "file": fake})
    page = response.content.decode()
    assert response.status_code == 200
    assert not Document.objects.exists()
    assert "not a PDF, Word (DOCX) or OpenDocument (ODT) document" in page
    assert "My long typed text." in page
    assert 'id="file-again"' in page  # the chosen file must be chosen again


def test_validation_errors_keep_what_was_typed(client_as, steering):
    client = client_as(steering)
    data = form_data(title="", body="Paragraphs typed with care.", publication_date="not a date")
    response = client.post("/library/new/", {**data, "file": pdf_upload()})
    page = response.content.decode()
    assert response.status_code == 200
    assert not Document.objects.exists()
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_title"' in summary and 'href="#id_publication_date"' in summary
    assert 'aria-describedby="id_title_error"' in page  # the message tied to the field
    assert "Paragraphs typed with care." in page
    assert 'value="Daniel Osei' not in page  # authors are a textarea
    assert "Daniel Osei\nMarie Tremblay" in page
    assert 'value="deployment, police"' in page
    assert "Choose the file again" in page or "choose the file again" in page.lower()


def test_edit_saves_a_revision_and_keeps_the_status(client_as, steering):
    document = factories.DocumentFactory(title="Old title")
    client = client_as(steering)
    response = client.post(edit_url(document), form_data(document, title="New title"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "New title" and document.status == Status.PUBLISHED
    assert document.history.count() == 2
    assert Document.objects.visible_to(None).search("new title").filter(pk=document.pk).exists()


def test_a_new_file_keeps_the_old_one_in_the_history(client_as, steering, client):
    document = factories.DocumentFactory(title="A paper with a file")
    document.file.save("first.pdf", ContentFile(make_pdf("First", ["Old words."])))
    old_name = document.file.name
    response = client_as(steering).post(
        edit_url(document),
        {**form_data(document), "file": pdf_upload("second.pdf", "Second", "New words.")},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.name != old_name and "second" in document.file.name
    assert "New words" in document.file_text
    names = list(document.history.order_by("history_id").values_list("file", flat=True))
    assert old_name in names and names[-1] == document.file.name
    assert default_storage.exists(old_name)  # never deleted
    client.logout()
    download = client.get(document.get_download_url())
    content = b"".join(download.streaming_content)
    assert b"New words" in content or content == default_storage.open(document.file.name).read()
    assert content != default_storage.open(old_name).read()


def test_a_changed_slug_keeps_redirecting(client_as, steering, client):
    document = factories.DocumentFactory(title="Paper", slug="old-address")
    client_as(steering).post(edit_url(document), form_data(document, slug="new-address"))
    document.refresh_from_db()
    assert document.slug == "new-address"
    client.logout()
    response = client.get("/library/old-address/")
    assert response.status_code == 301 and response["Location"] == "/library/new-address/"
    assert client.get("/library/old-address/download/").status_code in (301, 404)


def test_slug_taken_and_reserved(client_as, steering):
    factories.DocumentFactory(title="Roundtable on rapid deployment")
    client = client_as(steering)
    client.post("/library/new/", form_data())
    assert Document.objects.filter(slug="roundtable-on-rapid-deployment-2").exists()
    taken = client.post("/library/new/", form_data(slug="roundtable-on-rapid-deployment"))
    assert taken.status_code == 200 and "already exists" in taken.content.decode()
    reserved = client.post("/library/new/", form_data(slug="new"))
    assert "is the address of a page of the library" in reserved.content.decode()


def test_counterpart_through_the_pairing_service(client_as, steering):
    french = factories.DocumentFactory(title="Le déploiement rapide", language="fr")
    english = factories.DocumentFactory(title="Another English paper", language="en")
    document = factories.DocumentFactory(title="Rapid deployment")
    client = client_as(steering)
    same = client.post(edit_url(document), form_data(document, other_language_version=english.slug))
    assert "must be in the other language" in same.content.decode()
    client.post(edit_url(document), form_data(document, other_language_version=french.slug))
    document.refresh_from_db()
    french.refresh_from_db()
    assert document.other_language_version == french
    assert french.other_language_version == document  # both sides
    client.post(edit_url(document), form_data(document, other_language_version=""))
    french.refresh_from_db()
    assert french.other_language_version is None


# --- the buttons: each act audited once --------------------------------------------


def test_publish_schedule_unpublish_archive_each_audited_once(client_as, steering):
    client = client_as(steering)
    client.post("/library/new/", form_data(action="save"))
    document = Document.objects.get()
    assert document.status == Status.DRAFT

    client.post(edit_url(document), form_data(document, action="publish"))
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED and not document.is_scheduled
    assert audits(document, AuditAction.PUBLISH) == 1

    later = timezone.localtime() + datetime.timedelta(days=2)
    client.post(
        edit_url(document),
        form_data(document, action="schedule", scheduled_for=later.strftime("%Y-%m-%dT%H:%M")),
    )
    document.refresh_from_db()
    assert document.is_scheduled
    assert abs((document.published_at - later).total_seconds()) < 60
    assert audits(document, AuditAction.SCHEDULE) == 1

    client.post(edit_url(document), form_data(document, action="unpublish"))
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    assert audits(document, AuditAction.UNPUBLISH) == 1

    client.post(edit_url(document), form_data(document, action="archive"))
    document.refresh_from_db()
    assert document.status == Status.ARCHIVED
    assert audits(document, AuditAction.ARCHIVE) == 1
    # Each button is one save: one revision, not two.
    assert document.history.count() == 5
    assert audits(document, AuditAction.PUBLISH) == 1
    assert audits(document, AuditAction.VISIBILITY) == 0


def test_a_visibility_change_is_audited(client_as, steering):
    document = factories.DocumentFactory()
    client = client_as(steering)
    client.post(edit_url(document), form_data(document, visibility="members"))
    client.post(edit_url(document), form_data(document, visibility="members", title="Same"))
    document.refresh_from_db()
    assert document.visibility == Visibility.MEMBERS
    assert audits(document, AuditAction.VISIBILITY) == 1


def test_a_schedule_needs_a_time_to_come(client_as, steering):
    document = factories.DocumentFactory(status=Status.DRAFT)
    client = client_as(steering)
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        edit_url(document), form_data(document, action="schedule", scheduled_for=past)
    )
    assert "This time has passed" in response.content.decode()
    missing = client.post(edit_url(document), form_data(document, action="schedule"))
    assert "Give the date and time" in missing.content.decode()
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    assert audits(document, AuditAction.SCHEDULE) == 0


def test_a_schedule_is_in_the_sites_time_zone(client_as, steering):
    document = factories.DocumentFactory(status=Status.DRAFT)
    year = timezone.now().year + 1
    client_as(steering).post(
        edit_url(document),
        form_data(document, action="schedule", scheduled_for=f"{year}-07-01T09:30"),
    )
    document.refresh_from_db()
    # 9:30 in Toronto in summer (UTC-4) is 13:30 UTC.
    assert document.published_at == datetime.datetime(year, 7, 1, 13, 30, tzinfo=datetime.UTC)


# --- preview -------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "scheduled", "published"])
def test_preview_is_the_reading_page_with_a_banner(client_as, steering, state):
    document = factories.DocumentFactory(
        title="A previewed paper",
        body="## Findings\n\n<script>alert(1)</script>Civilian experts.",
        status=Status.PUBLISHED if state != "draft" else Status.DRAFT,
        published_at=timezone.now() + datetime.timedelta(days=1) if state == "scheduled" else None,
    )
    client = client_as(steering)
    preview = client.get(f"/library/{document.slug}/preview/")
    page = preview.content.decode()
    assert preview.status_code == 200
    assert preview.templates[0].name == "documents/document_detail.html"
    assert 'class="preview-banner"' in page
    assert "<script>alert(1)</script>" not in page  # the one sanitizer
    assert '<h3 id="sec-findings">Findings</h3>' in page  # rendered as the public page does
    badge = {"draft": "Draft", "scheduled": "Scheduled for", "published": "Published"}[state]
    assert badge in page
    assert 'name="robots" content="noindex"' in page


def test_preview_button_saves_a_new_document_as_a_draft_first(client_as, steering):
    response = client_as(steering).post("/library/new/", form_data(action="preview"))
    document = Document.objects.get()
    assert document.status == Status.DRAFT
    assert response["Location"] == f"/library/{document.slug}/preview/"


def test_reading_page_shows_the_committee_the_schedule(client_as, steering):
    document = factories.DocumentFactory(
        status=Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=3)
    )
    page = client_as(steering).get(document.get_absolute_url()).content.decode()
    assert "Scheduled for" in page


# --- lost updates --------------------------------------------------------------------


def test_the_second_saver_gets_the_conflict_with_their_text_kept(client, steering, admin):
    document = factories.DocumentFactory(title="Shared paper", summary="Original summary.")
    opened = form_data(document)  # both editors open the page: the same token
    client.force_login(steering)
    first = client.post(edit_url(document), {**opened, "summary": "The first editor's summary."})
    assert first.status_code == 302
    client.force_login(admin)
    second = client.post(edit_url(document), {**opened, "body": "The second editor's body."})
    page = second.content.decode()
    assert second.status_code == 200
    assert 'id="conflict"' in page
    assert "The second editor&#x27;s body." in page or "The second editor's body." in page
    assert "The first editor" in page  # what the other changed
    document.refresh_from_db()
    assert document.summary == "The first editor's summary."  # nothing overwritten
    assert "second editor" not in document.body
    # The page carries the new token: saving again replaces theirs, on purpose.
    token = re.search(r'name="revision" value="(\d+)"', page).group(1)
    again = client.post(
        edit_url(document), {**opened, "body": "The second editor's body.", "revision": token}
    )
    assert again.status_code == 302
    document.refresh_from_db()
    assert document.body == "The second editor's body."


# --- revisions -----------------------------------------------------------------------


def test_history_revision_and_restore(client_as, steering):
    document = factories.DocumentFactory(title="Peacekeeping finance", summary="First.")
    client = client_as(steering)
    client.post(edit_url(document), form_data(document, title="Liquidity crisis"))
    first = document.history.order_by("history_id").first()
    history = client.get(f"/library/{document.slug}/history/")
    page = history.content.decode()
    assert history.status_code == 200 and "2 revisions" in page
    assert "Title" in page
    revision = client.get(f"/library/{document.slug}/history/{first.history_id}/")
    assert "Restore this revision" in revision.content.decode()
    restored = client.post(f"/library/{document.slug}/history/{first.history_id}/restore/")
    assert restored.status_code == 302
    document.refresh_from_db()
    assert document.title == "Peacekeeping finance"
    assert document.history.count() == 3  # the restore is a revision of its own
    assert audits(document, AuditAction.RESTORE) == 1
    # Search follows the restored text.
    visible = Document.objects.visible_to(None)
    assert visible.search("peacekeeping finance").filter(pk=document.pk).exists()
    assert not visible.search("liquidity").filter(pk=document.pk).exists()


def test_a_restored_file_is_the_one_downloaded(client_as, steering, client):
    document = factories.DocumentFactory(title="Filed paper")
    document.file.save("first.pdf", ContentFile(make_pdf("First", ["Original words."])))
    client_as(steering).post(
        edit_url(document), {**form_data(document), "file": pdf_upload("second.pdf")}
    )
    first = document.history.order_by("-history_id")[1]
    assert "first" in first.file
    client_as(steering).post(f"/library/{document.slug}/history/{first.history_id}/restore/")
    document.refresh_from_db()
    assert document.file.name == first.file
    assert "Original words" in document.file_text


# --- what the pages cost -------------------------------------------------------------


def _with(rows):
    themes = [factories.ThematicAreaFactory() for _ in range(rows)]
    for _ in range(rows):
        factories.OrganizationFactory()
    document = factories.DocumentFactory(themes=themes[:3], keywords=["police"])
    for n in range(rows - 1):
        document.summary = f"Summary {n}"
        document.save()
    return document


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("rows", [5, 50])
def test_edit_and_history_pages_query_counts(client_as, steering, rows):
    document = _with(rows)
    client = client_as(steering)
    # session, user, groups, document, its token; themes, organizations, counterparts,
    # events, its themes, keywords, organizations
    assert _count(client, edit_url(document)) == 12
    assert _count(client, "/library/new/") == 7
    # session, user, groups, document, count, page of revisions, the one before
    assert _count(client, f"/library/{document.slug}/history/") == 7
    first = document.history.order_by("history_id").first().history_id
    # session, user, groups, document, the revision, the live one's id
    assert _count(client, f"/library/{document.slug}/history/{first}/") == 6


# --- valid HTML ----------------------------------------------------------------------


def test_editing_pages_are_valid_html(client_as, steering, admin, tmp_path):
    import shutil

    from tests.powg.test_html_valid import skipped_heading_levels, vnu_problems

    if shutil.which("java") is None:
        pytest.skip("the Nu Html Checker needs Java")
    document = factories.DocumentFactory(
        title="A checked paper", themes=[factories.ThematicAreaFactory()]
    )
    opened = form_data(document)
    client = client_as(steering)
    client.post(edit_url(document), {**opened, "summary": "Changed first."})
    first = document.history.order_by("history_id").first().history_id
    pages = {
        "new": lambda p: client.get(f"{p}/library/new/"),
        "errors": lambda p: client.post(
            f"{p}/library/new/", {**form_data(title=""), "file": pdf_upload()}
        ),
        "edit": lambda p: client.get(f"{p}/library/{document.slug}/edit/"),
        "conflict": lambda p: client.post(
            f"{p}/library/{document.slug}/edit/", {**opened, "body": "Mine."}
        ),
        "preview": lambda p: client.get(f"{p}/library/{document.slug}/preview/"),
        "history": lambda p: client.get(f"{p}/library/{document.slug}/history/"),
        "revision": lambda p: client.get(f"{p}/library/{document.slug}/history/{first}/"),
        "reading": lambda p: client.get(f"{p}/library/{document.slug}/"),
    }
    files = {}
    for name, fetch in pages.items():
        for prefix in ("", "/fr"):
            response = fetch(prefix)
            assert response.status_code == 200, (name, prefix)
            assert not skipped_heading_levels(response.content), (name, prefix)
            path = tmp_path / f"{name}{prefix.replace('/', '-')}.html"
            path.write_bytes(response.content)
            files[str(path)] = f"{name} {prefix}"
    assert not vnu_problems(files)
