"""No page answers 500 to a parameter value: the same odd values to every list page."""

import datetime

import pytest

from tests.factories import DocumentFactory, EventFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

ODD_VALUES = ["%C2%B2", "%C2%B9%E2%81%B9%E2%81%B9%E2%81%B9", "%D9%A1%D9%A2", "%00", "-1", "9" * 30]
PARAMS = [
    *["page", "year", "theme", "type", "language", "sort", "q", "format", "organization"],
    *["addressee", "document", "status", "response", "plan"],
]


@pytest.fixture
def list_pages(db):
    theme = ThematicAreaFactory(slug="mandates")
    DocumentFactory(title="Mandates paper", themes=[theme])
    EventFactory(title="Mandates roundtable")
    EventFactory(
        title="Fifty years of peacekeeping",
        starts_at=datetime.datetime(2007, 10, 4, 9, tzinfo=datetime.UTC),
    )
    return [
        "/library/",
        "/themes/mandates/",
        "/events/",
        "/events/archive/2007/",
        "/organizations/",
        "/members/",
        "/members/roster/",
        "/members/applications/",
        "/recommendations/",
        "/translations/",
    ]


@pytest.mark.parametrize("language", ["", "/fr"])
@pytest.mark.parametrize("param", PARAMS)
def test_odd_values_never_give_a_server_error(list_pages, steering, client_as, param, language):
    client = client_as(steering)
    for url in list_pages:
        for value in ODD_VALUES:
            response = client.get(f"{language}{url}?{param}={value}")
            assert response.status_code == 200, (url, param, value)
            assert b'id="main"' in response.content


def test_superscript_page_and_year_show_the_first_page(client):
    DocumentFactory(title="A paper on rapid deployment")
    for url in ["/library/?page=%C2%B2", "/library/?year=%C2%B9%E2%81%B9%E2%81%B9%E2%81%B9"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "A paper on rapid deployment" in response.content.decode()
