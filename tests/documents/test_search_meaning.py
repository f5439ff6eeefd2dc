"""Search finds what a reader means, on the demo library: themes, organizations, accents."""

import pytest
from django.core.cache import cache

from documents import demo, services
from documents.models import Document, ThematicArea
from members.models import Organization
from powg.visibility import Status, Visibility
from tests.factories import DocumentFactory, OrganizationFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

FINANCE = "financing-and-the-liquidity-crisis"
FRENCH_NOTE = "note-information-crise-liquidites-operations-de-paix"
FRENCH_CONCEPT_NOTE = "note-conceptuelle-revisee-groupe-de-travail-2005"


@pytest.fixture
def library():
    cache.clear()
    demo.load(lambda message: None)


def found(client, query, prefix=""):
    response = client.get(f"{prefix}/library/", {"q": query})
    assert response.status_code == 200
    return {d.slug for d in response.context["documents"]}


def public_listed(queryset):
    return set(
        queryset.filter(visibility=Visibility.PUBLIC, status=Status.PUBLISHED).values_list(
            "slug", flat=True
        )
    )


def test_theme_names_find_the_theme_documents_in_both_languages(client, library):
    finance = public_listed(Document.objects.in_theme(FINANCE))
    assert FRENCH_NOTE in finance and len(finance) >= 2
    # "liquidity crisis" appears in no English word of the French note: its theme does.
    assert "liquidity" not in Document.objects.get(slug=FRENCH_NOTE).body.lower()
    assert finance <= found(client, "liquidity crisis")
    # The theme's French name matches too, the English documents of the theme among them.
    assert finance <= found(client, "Financement et crise de liquidités")
    assert finance <= found(client, "financement")


def test_organization_names_and_acronyms_find_what_it_published(client, library):
    una = Organization.objects.get(acronym="UNA-Canada")
    published = public_listed(una.documents.all())
    assert len(published) >= 2
    assert not any("UNA-Canada" in d.body for d in una.documents.all())
    assert published == found(client, "UNA-Canada")
    assert published <= found(client, "United Nations Association in Canada")


def test_accents_are_optional(client, library):
    assert FRENCH_NOTE in found(client, "liquidites")
    assert found(client, "liquidites") == found(client, "liquidités")
    # the concept note is paired: the French pages show its French version
    assert FRENCH_CONCEPT_NOTE in found(client, "securite", "/fr")
    assert found(client, "securite") == found(client, "sécurité") == found(client, "SÉCURITÉ")


def test_snippets_keep_the_accents_of_the_text(client, library):
    html = client.get("/library/", {"q": "liquidites"}).content.decode()
    assert "<mark>liquidités</mark>" in html
    assert "<mark>liquidites</mark>" not in html


def test_renamed_theme_is_found_by_its_new_names_only(client_as, admin):
    theme = ThematicAreaFactory(name="Old theme name", name_fr="Ancien nom")
    document = DocumentFactory(title="A paper", summary="", body="", themes=[theme])
    client = client_as(admin)
    assert [d.pk for d in Document.objects.search("ancien")] == [document.pk]
    response = client.post(
        f"/admin/documents/thematicarea/{theme.pk}/change/",
        {
            "name": "Blue helmets",
            "name_fr": "Casques bleus",
            "slug": theme.slug,
            "description": "",
            "description_fr": "",
            "display_order": "0",
        },
    )
    assert response.status_code == 302
    assert [d.pk for d in Document.objects.search("casques bleus")] == [document.pk]
    assert [d.pk for d in Document.objects.search("helmets")] == [document.pk]
    assert not Document.objects.search("ancien").exists()


def test_deleted_theme_leaves_its_documents_vectors_and_copies(client_as, admin):
    theme = ThematicAreaFactory(name="Vanishing theme", name_fr="Thème disparu")
    document = DocumentFactory(title="A paper", summary="", body="", themes=[theme])
    response = client_as(admin).post(
        f"/admin/documents/thematicarea/{theme.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ThematicArea.objects.filter(pk=theme.pk).exists()
    document.refresh_from_db()
    assert document.theme_ids == []
    assert not Document.objects.search("vanishing").exists()


def test_renamed_organization_is_found_by_its_new_name():
    organization = OrganizationFactory(name="Old Institute", acronym="OI")
    document = DocumentFactory(
        title="A paper", summary="", body="", publishing_organizations=[organization]
    )
    organization.name, organization.acronym = "Centre for Peace Studies", "CPS-Canada"
    organization.save()
    services.organization_renamed(organization=organization)
    assert [d.pk for d in Document.objects.search("CPS-Canada")] == [document.pk]
    assert [d.pk for d in Document.objects.search("peace studies")] == [document.pk]
    assert not Document.objects.search("institute").exists()
