import pytest
from django.core.management import call_command
from django.utils.translation import trans_real

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_catalogue():
    """Compile the catalogues (as make test does) and forget any cached translations."""
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None
    yield
    trans_real._translations = {}
    trans_real._default = None


def test_event_pages_speak_french(client, event, french_catalogue):
    event.capacity = 3
    event.save()
    html = client.get("/fr/events/").content.decode()
    assert "Événements à venir" in html
    html = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert "Ajouter au calendrier (.ics)" in html
    assert "3 places restantes (sur 3)" in html
    assert "Se connecter pour s’inscrire" in html
