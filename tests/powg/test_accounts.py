"""Login with email, closed sign-up, the admin behind allauth, and open redirects."""

import pytest
from django.urls import reverse

from members.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def login(client, email, password, next_url=None):
    data = {"login": email, "password": password}
    url = reverse("account_login")
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def test_login_page(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="login"' in html and 'type="email"' in html
    assert 'class="site-header"' in html  # allauth pages use the site's layout


def test_member_logs_in_with_email(client, member):
    response = login(client, member.email, factories.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == member


def test_wrong_password_is_refused_with_a_message(client, member):
    response = login(client, member.email, "wrong")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_login_follows_a_local_next(client, member):
    response = login(client, member.email, factories.PASSWORD, next_url="/about/")
    assert response["Location"] == "/about/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/", "https:evil.example.com"]
)
def test_login_ignores_an_offsite_next(client, member, next_url):
    response = login(client, member.email, factories.PASSWORD, next_url=next_url)
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_signup_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert not User.objects.filter(email="new@example.org").exists()
    assert response.status_code == 200
    assert b"closed" in response.content.lower()


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_for_admin_only(client_as, member, admin):
    assert client_as(member).get("/admin/").status_code == 302
    response = client_as(admin).get("/admin/")
    assert response.status_code == 200
    assert b"Peace Operations Working Group" in response.content


def test_logout_by_post(client_as, member):
    client = client_as(member)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not client.get("/").context["user"].is_authenticated


def test_user_manager_normalizes_email(db):
    user = User.objects.create_user("Someone@Example.ORG", "pw-123456789")
    assert user.email == "someone@example.org"
    assert user.check_password("pw-123456789")
    superuser = User.objects.create_superuser("boss@example.org", "pw-123456789")
    assert superuser.is_staff and superuser.is_superuser


def test_repeated_failed_logins_are_rate_limited(client, member):
    """allauth's rate limits are on and count through the shared database cache."""
    for _attempt in range(5):
        response = login(client, member.email, "wrong")
        assert response.status_code == 200
    response = login(client, member.email, factories.PASSWORD)
    assert not response.wsgi_request.user.is_authenticated
    assert b"Too many failed login attempts" in response.content
