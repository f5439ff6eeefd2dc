"""Editing the library through the Django admin."""

import pytest

from documents.models import Document
from powg.visibility import Status
from tests.documents.test_files import admin_form_data
from tests.factories import DocumentFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


def test_changelist_filters_and_search(client_as, admin):
    theme = ThematicAreaFactory()
    DocumentFactory(title="Findable report", themes=[theme])
    client = client_as(admin)
    for url in [
        "/admin/documents/document/",
        "/admin/documents/document/?q=Findable",
        "/admin/documents/document/?status__exact=published&language__exact=en",
        f"/admin/documents/document/?themes__id__exact={theme.pk}",
        "/admin/documents/document/add/",
        "/admin/documents/thematicarea/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Findable report" in client.get("/admin/documents/document/?q=Findable").content.decode()


def test_autocomplete(client_as, admin):
    DocumentFactory(title="French version")
    response = client_as(admin).get(
        "/admin/autocomplete/",
        {
            "term": "French",
            "app_label": "documents",
            "model_name": "document",
            "field_name": "other_language_version",
        },
    )
    assert response.status_code == 200
    assert "French version" in response.content.decode()


def test_publish_and_archive_actions(client_as, admin):
    drafts = [DocumentFactory(status=Status.DRAFT) for _ in range(2)]
    client = client_as(admin)
    response = client.post(
        "/admin/documents/document/",
        {"action": "publish", "_selected_action": [d.pk for d in drafts]},
        follow=True,
    )
    assert "2 documents published." in response.content.decode()
    assert set(Document.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    before = Document.objects.get(pk=drafts[0].pk).updated_at
    response = client.post(
        "/admin/documents/document/",
        {"action": "archive", "_selected_action": [drafts[0].pk]},
        follow=True,
    )
    assert "1 document archived." in response.content.decode()
    drafts[0].refresh_from_db()
    assert drafts[0].status == Status.ARCHIVED
    assert drafts[0].updated_by == admin
    assert drafts[0].updated_at > before  # feeds, sitemap and ETags see the change


def test_changing_slug_in_admin_keeps_old_address(client_as, admin, client):
    document = DocumentFactory(slug="old-address", title="Uploaded paper")
    response = client_as(admin).post(
        f"/admin/documents/document/{document.pk}/change/",
        admin_form_data(slug="new-address"),
    )
    assert response.status_code == 302
    client.logout()
    assert client.get("/library/old-address/")["Location"] == "/library/new-address/"


def test_other_language_link_goes_both_ways(client_as, admin):
    french = DocumentFactory(title="Version française", language="fr")
    client_as(admin).post(
        "/admin/documents/document/add/",
        admin_form_data(other_language_version=french.pk, keywords="budget, roster"),
    )
    english = Document.objects.get(slug="uploaded-paper")
    french.refresh_from_db()
    assert english.other_language_version == french
    assert french.other_language_version == english
    assert sorted(english.keywords.names()) == ["budget", "roster"]
    assert list(Document.objects.search("roster")) == [english]


def test_non_staff_cannot_use_admin(client_as, steering, member):
    for user in (steering, member, None):
        response = client_as(user).get("/admin/documents/document/")
        assert response.status_code == 302


@pytest.mark.parametrize("how", ["delete page", "bulk action"])
def test_delete_removes_the_file(
    how, client_as, admin, private_media, django_capture_on_commit_callbacks
):
    """The row goes with the admin's delete; the file only once that is committed."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.documents.conftest import pdf_bytes

    document = DocumentFactory()
    document.file.save("x.pdf", ContentFile(pdf_bytes()))
    kept = DocumentFactory()
    kept.file.save("y.pdf", ContentFile(pdf_bytes()))
    name = document.file.name
    assert default_storage.exists(name)
    client = client_as(admin)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        if how == "delete page":
            response = client.post(
                f"/admin/documents/document/{document.pk}/delete/", {"post": "yes"}
            )
        else:
            response = client.post(
                "/admin/documents/document/",
                {"action": "delete_selected", "_selected_action": [document.pk], "post": "yes"},
            )
        assert response.status_code == 302
        assert not Document.objects.filter(pk=document.pk).exists()
        # Not committed yet: a rollback would bring the row back, so the file stays.
        assert default_storage.exists(name)
    assert len(callbacks) >= 1
    assert not default_storage.exists(name)
    assert not (private_media / name).exists()
    assert default_storage.exists(kept.file.name)  # only the deleted document's file
