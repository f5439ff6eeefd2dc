import pytest

from tests import factories

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


def test_chatham_house_notes_speak_french(client_as, steering, event, french_catalogue):
    event.chatham_house_rule = True
    event.save()
    factories.ParticipantFactory(event=event, role="moderator", name="Mona Moderator")
    client = client_as(steering)
    html = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert "seuls l’animateur ou l’animatrice et le rapporteur" in html
    assert "les affiliations ne sont pas indiquées, même ici" in html
    html = client.get(f"/fr/events/{event.slug}/registrations/").content.decode()
    assert "cette liste et son CSV n’indiquent l’organisation de personne" in html
