import pytest

pytestmark = pytest.mark.django_db


def test_event_pages_speak_french(client, event, french_catalogue):
    event.capacity = 3
    event.save()
    html = client.get("/fr/events/").content.decode()
    assert "Événements à venir" in html
    html = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert "Ajouter au calendrier (.ics)" in html
    assert "3 places restantes (sur 3)" in html
    assert "Se connecter pour s’inscrire" in html
