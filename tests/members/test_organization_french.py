"""Organizations' descriptions in the reader's language, the other one marked with ``lang``."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from members.models import Organization
from tests import factories

pytestmark = pytest.mark.django_db

ENGLISH = "A national association promoting public understanding of the UN."
FRENCH = "Une association nationale qui aide le public à mieux connaître l’ONU."


def detail(client, organization, prefix=""):
    response = client.get(prefix + organization.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def description_block(html):
    return re.search(r'<div class="prose"[^>]*>.*?</div>', html, re.S).group(0)


@pytest.fixture
def association(db):
    return factories.OrganizationFactory(
        name="UN Association", slug="un-association", description=ENGLISH, description_fr=FRENCH
    )


def test_localized_description_follows_the_language():
    organization = Organization(description=ENGLISH, description_fr=FRENCH)
    with translation.override("fr"):
        assert organization.localized_description == FRENCH
        assert not organization.localized_description.is_fallback
    with translation.override("en"):
        assert organization.localized_description == ENGLISH
    organization.description_fr = ""
    with translation.override("fr"):
        assert organization.localized_description == ENGLISH
        assert organization.localized_description.lang == "en"


def test_organization_page_in_each_language_for_each_role(role_user, client_as, association):
    _, user = role_user
    client = client_as(user)
    with translation.override("en"):
        html = detail(client, association)
    assert description_block(html) == f'<div class="prose"><p>{ENGLISH}</p></div>'
    assert f'<meta name="description" content="{ENGLISH}">' in html
    html = detail(client, association, "/fr")
    assert description_block(html) == f'<div class="prose"><p>{FRENCH}</p></div>'
    assert f'<meta name="description" content="{FRENCH}">' in html
    assert ENGLISH not in html


def test_missing_french_description_is_shown_in_english_marked(client, association):
    association.description_fr = ""
    association.save()
    html = detail(client, association, "/fr")
    assert description_block(html) == f'<div class="prose" lang="en"><p>{ENGLISH}</p></div>'


def test_french_only_description_on_the_english_page_is_marked(client, association):
    association.description = ""
    association.save()
    html = detail(client, association)
    assert description_block(html) == f'<div class="prose" lang="fr"><p>{FRENCH}</p></div>'


def test_no_description_in_either_language_shows_none(client, association):
    association.description = association.description_fr = ""
    association.save()
    assert '<div class="prose"' not in detail(client, association, "/fr")


def test_admin_edits_the_french_description(client_as, admin, association):
    url = reverse("admin:members_organization_change", args=[association.pk])
    html = client_as(admin).get(url).content.decode()
    assert 'name="description_fr"' in html and FRENCH in html


def test_demo_organizations_have_french_descriptions(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    described = Organization.objects.exclude(description="")
    assert described.count() >= 9
    for organization in described:
        assert organization.description_fr, organization.name
        assert organization.description_fr != organization.description, organization.name
    # The Laval institute's English description is English now, its French beside it.
    laval = Organization.objects.get(acronym="HEI")
    assert laval.description.startswith("Institute of international studies")
    assert laval.description_fr == (
        "Institut d’études internationales\u202f; recherche sur la paix et la sécurité."
    )
    # Idempotent: a second load changes nothing.
    before = list(Organization.objects.values_list("pk", "description", "description_fr"))
    call_command("load_demo", verbosity=0)
    after = list(Organization.objects.values_list("pk", "description", "description_fr"))
    assert before == after
