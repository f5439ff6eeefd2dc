"""A person's language: chosen in the profile, used by the account emails."""

import re

import pytest
from django.conf import settings
from django.core import mail

from members.models import User
from tests import factories

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.mark.parametrize("maker", ["member_user", "steering_user", "admin_account"])
def test_every_member_role_chooses_a_language_in_the_profile(client_as, maker):
    user = getattr(factories, maker)()
    html = client_as(user).get("/members/me/").content.decode()
    assert "My language" in html
    assert 'name="account-language" value="en"' in html
    assert re.search(r'value="en"[^>]*checked', html)


def test_the_public_cannot_reach_the_profile(client):
    response = client.get("/members/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _profile_data(**extra):
    return {"display_name": "Maya M.", "availability": "now", **extra}


def test_choosing_french_saves_it_and_brings_the_profile_back_in_french(
    client_as, member, french_catalogue
):
    client = client_as(member)
    response = client.post("/members/me/", _profile_data(**{"account-language": "fr"}))
    assert response.status_code == 302
    assert response["Location"] == "/fr/members/me/"
    assert response.cookies[COOKIE].value == "fr"
    member.refresh_from_db()
    assert member.language == "fr"
    assert member.member.display_name == "Maya M."
    page = client.get(response["Location"]).content.decode()
    assert "Votre profil est enregistré." in page
    assert re.search(r'value="fr"[^>]*checked', page)


def test_a_profile_form_without_the_language_keeps_it(client_as):
    user = factories.member_user(user__language="fr")
    response = client_as(user).post("/members/me/", _profile_data())
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "fr"


def test_an_unknown_language_is_refused_and_nothing_is_saved(client_as, member):
    response = client_as(member).post("/members/me/", _profile_data(**{"account-language": "de"}))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    member.refresh_from_db()
    assert member.language == "en"
    assert member.member.display_name != "Maya M."


def _reset_email(client, email, page="/accounts/password/reset/"):
    mail.outbox.clear()
    response = client.post(page, {"email": email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_password_reset_for_a_french_member_is_in_french(client, french_catalogue):
    user = factories.member_user(user__language="fr", user__email="claire@example.org")
    message = _reset_email(client, "Claire@Example.org")  # found whatever the case
    assert message.to == [user.email]
    assert message.subject.startswith("[Groupe de travail OP] ")
    assert "réinitialisation" in message.subject.lower()
    assert "Vous recevez ce courriel" in message.body
    assert "Bonjour de la part du Groupe de travail sur les opérations de paix !" in message.body
    assert re.search(r"http://testserver/fr/accounts/password/reset/key/\S+", message.body)


def test_password_reset_for_an_english_member_is_in_english_even_from_a_french_page(
    client, french_catalogue
):
    factories.member_user(user__language="en", user__email="ed@example.org")
    message = _reset_email(client, "ed@example.org", page="/fr/accounts/password/reset/")
    assert message.subject == "[PO Working Group] Password Reset Email"
    assert "You're receiving this email" in message.body
    assert "/fr/" not in message.body
    assert re.search(r"http://testserver/accounts/password/reset/key/\S+", message.body)


def test_a_reset_asked_for_an_unknown_address_answers_in_the_page_language(
    client, french_catalogue
):
    assert not User.objects.filter(email="nobody@example.org").exists()
    message = _reset_email(client, "nobody@example.org", page="/fr/accounts/password/reset/")
    assert message.subject.startswith("[Groupe de travail OP] ")
    english = _reset_email(client, "nobody@example.org")
    assert english.subject.startswith("[PO Working Group] ")


def test_an_account_made_through_allauth_takes_the_language_of_the_page(rf):
    """Sign-up is closed today; should it open, the account starts in the page's language."""
    from types import SimpleNamespace

    from django.utils import translation

    from members.adapters import AccountAdapter

    form = SimpleNamespace(cleaned_data={"email": "new@example.org", "password1": "x" * 12})
    with translation.override("fr"):
        user = AccountAdapter().save_user(rf.get("/fr/"), User(), form)
    assert User.objects.get(pk=user.pk).language == "fr"
    with translation.override("en"):
        english = AccountAdapter().save_user(
            rf.get("/"), User(), SimpleNamespace(cleaned_data={"email": "en@example.org"})
        )
    assert User.objects.get(pk=english.pk).language == "en"
