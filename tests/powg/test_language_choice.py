"""A first visit follows the browser's Accept-Language once; then the visitor's choice sticks."""

import pytest
from django.conf import settings

from powg.language import preferred_language
from tests import factories

pytestmark = pytest.mark.django_db

FRENCH_BROWSER = "fr-CA,fr;q=0.9,en;q=0.8"
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.8", "fr"),
        ("en-CA,en;q=0.9,fr;q=0.8", "en"),
        ("en", "en"),
        ("FR", "fr"),
        ("en;q=0.5, fr;q=0.6", "fr"),
        ("de-DE, fr;q=0.3, en;q=0.2", "fr"),
        ("fr;q=0, en", "en"),
        ("fr;q=abc, en;q=0.2", "en"),
        ("fr;q=2, en;q=0.2", "en"),
        ("en, fr", "en"),
        ("*", None),
        ("de, es", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language_is_read_with_its_q_values(header, expected):
    assert preferred_language(header) == expected


def test_a_first_visit_from_a_french_browser_goes_to_the_french_page(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    vary = response["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary
    followed = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert followed.status_code == 200
    assert followed.cookies[COOKIE].value == "fr"


def test_the_redirect_keeps_the_page_and_its_query_string(client):
    response = client.get(
        "/library/?q=peace+operations&sort=date", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/library/?q=peace+operations&sort=date"


def test_a_first_visit_from_an_english_browser_stays_and_remembers_english(client):
    response = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.cookies[COOKIE].value == "en"
    assert "Cookie" in response["Vary"] and "Accept-Language" in response["Vary"]


def test_after_choosing_english_a_french_browser_stays_in_english(client):
    client.cookies[COOKIE] = "en"
    response = client.get("/about/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert COOKIE not in response.cookies  # already what it says


def test_clicking_english_on_a_french_page_sticks(client):
    """The switcher's link to the English page records English; the next visit stays."""
    assert client.get("/fr/about/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER).status_code == 200
    assert client.cookies[COOKIE].value == "fr"
    english = client.get("/about/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert english.status_code == 200
    assert client.cookies[COOKIE].value == "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER).status_code == 200


def test_a_link_within_the_site_is_not_a_first_visit(client):
    """A browser that refuses cookies can still follow the switcher to English pages."""
    response = client.get(
        "/about/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER, HTTP_REFERER="http://testserver/fr/about/"
    )
    assert response.status_code == 200


def test_a_link_from_another_site_is_a_first_visit(client):
    response = client.get(
        "/about/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER, HTTP_REFERER="https://search.example/"
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/about/"


def test_an_explicit_lang_parameter_is_not_overridden(client):
    response = client.get("/about/?lang=en", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert response.status_code == 200


def test_a_french_page_is_never_redirected_to_english(client):
    response = client.get("/fr/about/", HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.9")
    assert response.status_code == 200
    assert response.cookies[COOKIE].value == "fr"


def test_a_post_is_never_redirected(client):
    response = client.post("/join/", {}, HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    "path", ["/library/feed/rss/", "/library/feed/atom/", "/robots.txt", "/sitemap.xml"]
)
def test_feeds_robots_and_sitemap_are_not_redirected(client, path):
    factories.DocumentFactory()
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert response.status_code == 200
    assert COOKIE not in response.cookies


def test_calendars_are_not_redirected(client):
    event = factories.EventFactory()
    for path in ("/events/feed.ics", f"/events/{event.slug}/event.ics"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("text/calendar")


def test_pages_outside_the_two_languages_are_left_alone(client):
    admin_login = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert admin_login.status_code == 302
    assert admin_login["Location"].startswith("/accounts/login/")  # allauth's, not /fr/
    favicon = client.get("/favicon.ico", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert favicon.status_code == 301
    assert COOKIE not in favicon.cookies


def test_an_error_page_is_not_redirected(client):
    response = client.get("/library/no-such-document/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert response.status_code == 404


def test_a_robot_without_accept_language_reads_english_and_is_not_redirected(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


def test_the_cookie_is_lax_and_lasts_a_year(client):
    morsel = client.get("/about/").cookies[COOKIE]
    assert morsel["samesite"] == "Lax"
    assert morsel["httponly"] is True
    assert int(morsel["max-age"]) == 365 * 24 * 60 * 60
    assert morsel["path"] == "/"


def test_the_cookie_is_secure_in_production(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    assert client.get("/about/").cookies[COOKIE]["secure"] is True


def _log_in(client, user, next_url=None):
    data = {"login": user.email, "password": factories.PASSWORD}
    path = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(path, data)


def test_a_member_who_chose_french_logs_in_to_the_french_site(client):
    user = factories.member_user(user__language="fr")
    response = _log_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert response.cookies[COOKIE].value == "fr"


def test_a_member_in_english_logs_in_to_the_language_of_the_page_they_used(client):
    """English is only the default: it never takes a member away from the French site."""
    user = factories.member_user(user__language="en")
    assert _log_in(client, user)["Location"] == "/"
    client.logout()
    french = client.post(
        "/fr/accounts/login/", {"login": user.email, "password": factories.PASSWORD}
    )
    assert french.status_code == 302
    assert french["Location"] == "/fr/"


def test_the_admin_is_neither_redirected_nor_given_the_cookie(client_as, admin):
    response = client_as(admin).get("/admin/", HTTP_ACCEPT_LANGUAGE=FRENCH_BROWSER)
    assert response.status_code == 200
    assert COOKIE not in response.cookies


def test_a_steering_member_who_chose_french_lands_in_french_after_the_second_factor(client):
    from django.urls import reverse

    user = factories.steering_user(user__language="fr")
    first = _log_in(client, user)
    assert first.status_code == 302
    assert first["Location"] == reverse("mfa_authenticate")
    done = client.post(reverse("mfa_authenticate"), {"code": factories.totp_code()})
    assert done.status_code == 302
    assert done["Location"] == "/fr/"
    assert done.cookies[COOKIE].value == "fr"
