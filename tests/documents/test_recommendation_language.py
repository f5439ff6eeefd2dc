"""A recommendation's text is in its document's language: every page that shows it in
the other language says so with ``lang``; addressees are named in the page's language."""

import datetime
import re

import pytest
from django.utils import translation

from documents.models import Addressee, Assignment
from documents.recommendations_services import add_status_update, import_recommendations
from tests import factories

pytestmark = pytest.mark.django_db

FRENCH_TEXT = "Former et déployer des policiers civils canadiens pour protéger les civils."
ENGLISH_TEXT = "Give missions mandates that match their resources."


@pytest.fixture
def two_reports(db):
    """A French report and an English one, each with a recommendation to Canada."""
    event = factories.EventFactory(title="Forum", title_fr="Forum", slug="forum")
    french = factories.DocumentFactory(
        title="Rapport sur le maintien de la paix",
        slug="rapport",
        language="fr",
        publication_date=datetime.date(2008, 1, 1),
        related_event=event,
    )
    english = factories.DocumentFactory(
        title="Report on peacekeeping",
        slug="report",
        language="en",
        publication_date=datetime.date(2007, 1, 1),
    )
    made = {}
    for document, text in [(french, FRENCH_TEXT), (english, ENGLISH_TEXT)]:
        (made[document.language],) = import_recommendations(
            document=document,
            items=[{"number": "1", "text": text, "addressees": ["Government of Canada"]}],
        ).recommendations
        assignment = Assignment.objects.get(recommendation=made[document.language])
        add_status_update(
            assignment=assignment,
            date=datetime.date(2009, 1, 1),
            response="accepted",
            note="Demo data.",
            sources=[{"symbol": "S/RES/2719 (2023)"}],
            by=None,
        )
    return {"fr": french, "en": english, "event": event, "made": made}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def element_with(html, text):
    """The opening tag of the innermost element holding ``text`` as its first words."""
    index = html.index(text[:30])
    start = html.rindex("<", 0, index)
    return html[start : html.index(">", start) + 1]


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_list_marks_each_text_with_its_documents_language(prefix, client, two_reports):
    html = html_of(client, f"{prefix}/recommendations/")
    assert 'lang="fr"' in element_with(html, FRENCH_TEXT)
    assert 'lang="en"' in element_with(html, ENGLISH_TEXT)
    # The source-document filter names each document in its own language.
    assert re.search(r'<option value="rapport" lang="fr">Rapport sur le maintien', html)
    assert re.search(r'<option value="report" lang="en">Report on peacekeeping', html)


def test_list_marks_texts_for_every_role(role_user, client_as, two_reports):
    _, user = role_user
    html = html_of(client_as(user), "/recommendations/")
    assert 'lang="fr"' in element_with(html, FRENCH_TEXT)


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_detail_marks_the_text_and_its_document(prefix, client, two_reports):
    recommendation = two_reports["made"]["fr"]
    html = html_of(client, f"{prefix}/recommendations/{recommendation.pk}/")
    assert re.search(r'<div class="prose rec-body" lang="fr"><p>Former et déployer', html)
    assert 'lang="fr">Rapport sur le maintien de la paix</a>' in html


def test_reading_and_event_boxes_mark_the_texts(client, two_reports):
    html = html_of(client, "/library/rapport/")
    assert 'lang="fr"' in element_with(html, FRENCH_TEXT)
    html = html_of(client, "/events/forum/")
    assert 'lang="fr"' in element_with(html, FRENCH_TEXT)


def test_addressees_are_named_in_the_pages_language(client, two_reports, french_catalogue):
    canada = Addressee.objects.get(slug="government-of-canada")
    assert canada.name_fr == "Gouvernement du Canada"
    french = html_of(client, f"/fr/recommendations/{two_reports['made']['en'].pk}/")
    assert "<h3" in french and ">Gouvernement du Canada</h3>" in french
    assert ">Government of Canada<" not in french
    english = html_of(client, f"/recommendations/{two_reports['made']['fr'].pk}/")
    assert ">Government of Canada</h3>" in english and "Gouvernement du Canada" not in english
    # The list's filter and cards too.
    listing = html_of(client, "/fr/recommendations/")
    assert '<option value="government-of-canada">Gouvernement du Canada</option>' in listing
    assert "<strong>Gouvernement du Canada</strong>" in listing


def test_every_curated_addressee_has_a_french_name():
    addressees = list(Addressee.objects.all())
    assert len(addressees) >= 7
    for addressee in addressees:
        assert addressee.name_fr and addressee.name_fr != addressee.name, addressee.slug
        with translation.override("fr"):
            assert addressee.label == addressee.name_fr
        with translation.override("en"):
            assert addressee.label == addressee.name


def test_status_counts_label_with_french_spacing(client, two_reports, french_catalogue):
    html = html_of(client, "/fr/recommendations/")
    counts = html[html.index('class="rec-count-list"') :]
    assert re.search(r"[^<>]+\u00a0: <strong>\d+</strong>", counts)
