"""Themes are chosen from the curated list in the document admin, never created there."""

import pytest

from documents.models import Document, ThematicArea
from tests.documents.test_files import admin_form_data
from tests.factories import ThematicAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def canada_theme():
    return ThematicAreaFactory(
        name="Canada's role in peace operations", slug="canadas-role-in-peace-operations"
    )


def test_themes_are_chosen_from_the_list(client_as, admin, canada_theme):
    client = client_as(admin)
    page = client.get("/admin/documents/document/add/").content.decode()
    assert f'name="themes" value="{canada_theme.pk}"' in page
    response = client.post(
        "/admin/documents/document/add/", admin_form_data(themes=[str(canada_theme.pk)])
    )
    assert response.status_code == 302
    document = Document.objects.get(slug="uploaded-paper")
    assert list(document.themes.all()) == [canada_theme]
    assert ThematicArea.objects.count() == 1


def test_a_typed_slug_creates_no_theme(client_as, admin, canada_theme):
    """Before, typing the slug created a duplicate public theme (..._1)."""
    response = client_as(admin).post(
        "/admin/documents/document/add/",
        admin_form_data(themes="canadas-role-in-peace-operations"),
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "is not a valid value" in response.content.decode()
    assert ThematicArea.objects.count() == 1
    assert not Document.objects.filter(slug="uploaded-paper").exists()


def test_editing_keeps_the_chosen_themes(client_as, admin, canada_theme):
    other = ThematicAreaFactory(name="Women, peace and security")
    client = client_as(admin)
    client.post(
        "/admin/documents/document/add/",
        admin_form_data(themes=[str(canada_theme.pk), str(other.pk)]),
    )
    document = Document.objects.get(slug="uploaded-paper")
    page = client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    assert f'value="{canada_theme.pk}" checked' in page or (
        f'value="{canada_theme.pk}"' in page and "checked" in page
    )
    assert set(document.themes.all()) == {canada_theme, other}
    assert set(document.theme_ids) == {canada_theme.pk, other.pk}  # facets see them too
