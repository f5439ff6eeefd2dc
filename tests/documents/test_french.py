"""The library speaks French at /fr/."""

import pytest

from powg.visibility import Visibility
from tests.factories import DocumentFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


def test_library_pages_speak_french(client, french_catalogue):
    theme = ThematicAreaFactory(name="Police", name_fr="Police et justice")
    document = DocumentFactory(title="Rapport", themes=[theme], authors=["A", "B"])
    DocumentFactory(title="Autre", visibility=Visibility.MEMBERS, listed_publicly=True)
    html = client.get("/fr/library/").content.decode()
    assert "Bibliothèque" in html and "Filtrer les résultats" in html
    assert "1 document" in html and "Police et justice" in html
    html = client.get("/fr/library/?q=zzzz").content.decode()
    assert "Aucun document ne correspond à « zzzz »" in html
    html = client.get(f"/fr/library/{document.slug}/").content.decode()
    assert "Citer ce document" in html and "Auteurs" in html
    html = client.get("/fr/library/autre/").content.decode()
    assert "Connectez-vous pour le lire" in html
    html = client.get("/fr/themes/").content.decode()
    assert "Domaines thématiques" in html
