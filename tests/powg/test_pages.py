"""Site pages, the layout, error pages and security headers."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/about/", "/fr/", "/fr/about/"])
def test_site_pages_for_each_role(url, role_user, client_as):
    role, user = role_user
    response = client_as(user).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link"' in html
    assert '<meta name="description"' in html
    assert 'rel="canonical"' in html
    expected_lang = "fr" if url.startswith("/fr/") else "en"
    assert f'<html lang="{expected_lang}">' in html
    if user:
        assert user.get_full_name() in html
    else:
        assert "Log in" in html or "Connexion" in html


def test_home_shows_empty_states(client):
    html = client.get("/").content.decode()
    assert "Latest publications" in html
    assert "Upcoming events" in html


def test_nav_marks_current_section(client):
    html = client.get("/about/").content.decode()
    assert 'href="/about/" aria-current="page"' in html


def test_404_in_site_layout_with_search_box(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'type="search"' in html
    assert 'class="site-header"' in html


def test_403_page(rf, member):
    from powg.views import permission_denied

    request = rf.get("/")
    request.user = member
    response = permission_denied(request)
    assert response.status_code == 403
    assert b"Access denied" in response.content


def test_500_page_renders_without_request_context():
    from powg.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_no_inline_script_or_style_in_layout(client, member, client_as):
    html = client_as(member).get("/").content.decode()
    assert "<script>" not in html and "<style" not in html and "style=" not in html
    assert "<script src=" in html


def test_media_is_not_served(client):
    assert client.get("/media/anything.pdf").status_code == 404
    assert client.get("/media-not-served/anything.pdf").status_code == 404


def test_favicon_redirects_to_static(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_language_switch_points_to_same_page(client):
    html = client.get("/about/").content.decode()
    assert 'href="/fr/about/"' in html


def test_pages_for_logged_in_users_are_private(client_as, member):
    response = client_as(member).get("/")
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_public_pages_for_visitors_are_not_marked_private(client):
    assert "private" not in client.get("/about/").get("Cache-Control", "")


def test_french_pages_use_the_french_catalogue(client):
    html = client.get("/fr/").content.decode()
    assert "Groupe de travail sur les opérations de paix" in html
    assert "Bibliothèque" in html and "Aller au contenu principal" in html
    assert 'href="/about/"' not in html.split("<main")[0]  # links stay in French
    assert "Page introuvable" in client.get("/fr/nowhere/").content.decode()


@pytest.mark.parametrize("path", ["//evil.example/", "//evil.example/fr/", "/fr//evil.example/"])
def test_404_links_stay_on_the_site(client, settings, path):
    """A path a browser reads as another site never becomes a link on the 404 page."""
    settings.DEBUG = False
    response = client.get("/", PATH_INFO=path)  # the client would read "//host" as a host
    assert response.status_code == 404
    html = response.content.decode()
    assert "evil.example" not in html
    assert 'rel="canonical" href="http://testserver/' in html
    assert 'class="lang-switch" href="/' in html


def test_language_switch_keeps_the_page_and_its_query(client):
    html = client.get("/library/?q=mandates").content.decode()
    assert 'class="lang-switch" href="/fr/library/?q=mandates"' in html
    assert 'rel="canonical" href="http://testserver/library/"' in html
