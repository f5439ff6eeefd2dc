"""Renaming an organization in the admin: its papers are found by the new name."""

import re

import pytest

from documents.models import Document
from tests.factories import DocumentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_renamed_organization_finds_its_papers(client_as, admin):
    organization = OrganizationFactory(name="Old Policy Group", acronym="OPG", slug="opg")
    paper = DocumentFactory(
        title="A paper on rapid deployment", publishing_organizations=[organization]
    )
    assert list(Document.objects.search("OPG")) == [paper]
    client = client_as(admin)
    url = f"/admin/members/organization/{organization.pk}/change/"
    prefix = re.search(r'name="([\w-]+)-TOTAL_FORMS"', client.get(url).content.decode())[1]
    response = client.post(
        url,
        {
            "name": "Rideau Peace Policy Group",
            "acronym": "RPPG",
            "slug": "opg",
            "kind": organization.kind,
            "membership": organization.membership,
            "joined_on": "2020-01-01",
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Document.objects.search("RPPG")) == [paper]
    assert list(Document.objects.search("Rideau")) == [paper]
    assert not Document.objects.search("OPG").exists()
