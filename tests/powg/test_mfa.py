"""Two-factor authentication: required for the steering committee and staff, open to all."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from powg.mfa import ALLOWED_NAMES, ALLOWED_PREFIXES, NEXT_SESSION_KEY
from tests import factories

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def steering_without_mfa(db):
    return factories.steering_user(user__name="Nia NoFactor", user__totp=False)


@pytest.fixture
def admin_without_mfa(db):
    return factories.admin_account(user__name="Abe NoFactor", user__totp=False)


def log_in(client, user, password=factories.PASSWORD, next_url=None):
    data = {"login": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("account_login"), data)


def give_code(client, code=None):
    return client.post(reverse("mfa_authenticate"), {"code": code or factories.totp_code()})


def reauthenticate(client, password=factories.PASSWORD):
    """allauth asks for the password again before a factor is added or removed."""
    return client.post(reverse("account_reauthenticate"), {"password": password})


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- who is sent to the setup ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/members/applications/",  # a review page (steering_only)
        "/recommendations/import/",  # an editing page (steering_only)
        "/admin/",
        "/admin/members/user/",
        "/",  # even an ordinary page: a steering account changes what it shows
        "/library/",
    ],
)
def test_steering_member_without_mfa_is_sent_to_the_setup(client_as, steering_without_mfa, url):
    response = client_as(steering_without_mfa).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={url.replace('/', '%2F')}"
    assert any("requires two-factor authentication" in m for m in messages_of(response))


def test_admin_without_mfa_is_sent_to_the_setup(client_as, admin_without_mfa):
    response = client_as(admin_without_mfa).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_staff_account_without_steering_role_is_required_too(client_as):
    user = factories.member_user(user__is_staff=True, user__totp=False)
    assert client_as(user).get("/").status_code == 302
    assert client_as(factories.member_user(user__is_staff=True)).get("/").status_code == 200


def test_the_setup_message_is_in_french_on_french_pages(
    client_as, steering_without_mfa, french_catalogue
):
    response = client_as(steering_without_mfa).get("/fr/members/applications/")
    assert response["Location"].startswith("/fr/accounts/2fa/totp/activate/?next=")
    assert any("authentification à deux facteurs" in m for m in messages_of(response))


@pytest.mark.parametrize(
    "url", ["/members/applications/", "/recommendations/import/", "/admin/", "/"]
)
def test_with_mfa_the_pages_open(client_as, steering, admin, url):
    if not url.startswith("/admin/"):  # the admin is for staff only
        assert client_as(steering).get(url).status_code == 200
    assert client_as(admin).get(url).status_code == 200


def test_a_member_is_never_asked(client_as, member):
    client = client_as(member)
    for url in ["/", "/members/me/", "/members/", "/library/", "/accounts/2fa/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert not Authenticator.objects.filter(user=member).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/2fa/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
        "/robots.txt",
        "/favicon.ico",
    ],
)
def test_the_allow_list_stays_open_without_mfa(client_as, steering_without_mfa, url):
    response = client_as(steering_without_mfa).get(url)
    assert not response.get("Location", "").startswith(SETUP), url
    assert response.status_code in (200, 301, 302)


def test_logout_stays_open_without_mfa(client_as, steering_without_mfa):
    client = client_as(steering_without_mfa)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302 and not response["Location"].startswith(SETUP)
    assert not client.get("/").wsgi_request.user.is_authenticated


def _plain_url_names(patterns, namespace=""):
    """Every named address without parameters, as (name, path)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _plain_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            try:
                yield pattern.name, reverse(namespace + pattern.name)
            except Exception:  # noqa: BLE001 (an address that needs arguments)
                continue


def test_every_address_outside_the_allow_list_requires_mfa(client_as, steering_without_mfa):
    """The rule covers all pages, so a future steering page cannot be missed."""
    client = client_as(steering_without_mfa)
    checked = 0
    for name, path in _plain_url_names(get_resolver().url_patterns):
        allowed = name in ALLOWED_NAMES or name.startswith(ALLOWED_PREFIXES)
        response = client.get(path)
        sent = response.status_code == 302 and response["Location"].startswith(SETUP)
        assert sent != allowed, (name, path, response.status_code)
        checked += 1
    assert checked > 20


# --- setting it up -------------------------------------------------------------------------


def test_steering_member_logs_in_sets_up_totp_and_continues(client, steering_without_mfa):
    user = steering_without_mfa
    response = log_in(client, user, next_url="/members/applications/")
    assert response["Location"] == "/members/applications/"  # no code asked: none yet
    response = client.get("/members/applications/")
    assert response["Location"] == f"{SETUP}?next=%2Fmembers%2Fapplications%2F"

    confirm = client.get(response["Location"])  # allauth: the password again first
    assert confirm["Location"].startswith(reverse("account_reauthenticate"))
    back = client.post(confirm["Location"], {"password": factories.PASSWORD})
    assert back["Location"] == f"{SETUP}?next=%2Fmembers%2Fapplications%2F"
    page = client.get(back["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="site-header"' in html
    secret = page.context["form"].secret
    assert secret in html

    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=user).exists()
    done = client.post(SETUP, {"code": factories.totp_code(secret)})
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()

    codes = client.get(done["Location"]).content.decode()
    assert 'href="/members/applications/"' in codes  # the way back
    assert client.get("/members/applications/").status_code == 200
    assert NEXT_SESSION_KEY not in client.session


def test_an_offsite_next_is_not_kept(client, steering_without_mfa):
    log_in(client, steering_without_mfa)
    client.get(f"{SETUP}?next=https://evil.example.com/")
    assert NEXT_SESSION_KEY not in client.session


def test_any_member_can_set_up_totp(client, member):
    log_in(client, member)
    reauthenticate(client)
    page = client.get(SETUP)
    secret = page.context["form"].secret
    client.post(SETUP, {"code": factories.totp_code(secret)})
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    client.post(reverse("account_logout"))
    assert log_in(client, member)["Location"] == reverse("mfa_authenticate")


def test_the_mfa_page_is_in_the_site_layout_in_both_languages(
    client_as, steering, french_catalogue
):
    client = client_as(steering)
    english = client.get("/accounts/2fa/").content.decode()
    assert 'class="site-header"' in english and "Two-Factor Authentication" in english
    french = client.get("/fr/accounts/2fa/").content.decode()
    assert '<html lang="fr">' in french and "deux facteurs" in french


def test_my_profile_links_to_the_mfa_page(client_as, member):
    assert 'href="/accounts/2fa/"' in client_as(member).get("/members/me/").content.decode()


# --- the last factor -----------------------------------------------------------------------


def test_steering_member_cannot_remove_the_last_factor(client, steering):
    log_in(client, steering)
    give_code(client)
    reauthenticate(client)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert page.status_code == 200
    assert "you cannot remove your only authenticator" in page.content.decode()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=steering, type=Authenticator.Type.TOTP).exists()


def test_admin_cannot_remove_the_last_factor(client, admin):
    log_in(client, admin)
    give_code(client)
    reauthenticate(client)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 200
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()


def test_a_member_can_remove_theirs(client):
    member = factories.member_user(user__totp=True)
    log_in(client, member)
    give_code(client)
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member).exists()


# --- logging in ----------------------------------------------------------------------------


def test_admin_login_asks_for_the_code(client, admin):
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"].startswith(reverse("account_login"))
    response = log_in(client, admin, next_url="/admin/")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not logged in before the code
    assert not client.get("/").wsgi_request.user.is_authenticated
    wrong = give_code(client, "000000")
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()
    response = give_code(client)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_once(client, steering):
    code = factories.totp_code()
    log_in(client, steering)
    assert give_code(client, code).status_code == 302
    client.post(reverse("account_logout"))
    log_in(client, steering)
    assert give_code(client, code).status_code == 200
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_password_reset_does_not_bypass_mfa(client, steering):
    client.post(reverse("account_reset_password"), {"email": steering.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    new = "a-brand-new-password-7"
    response = client.post(action, {"password1": new, "password2": new})
    assert response.status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated  # a reset never logs in
    response = log_in(client, steering, password=new)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get("/members/applications/").wsgi_request.user.is_authenticated
    give_code(client)
    assert client.get("/members/applications/").status_code == 200


def test_recovery_codes_log_in_once_each(client, steering):
    codes = RecoveryCodes.activate(steering).generate_codes()
    log_in(client, steering)
    assert give_code(client, codes[0])["Location"] == "/"
    assert client.get("/members/applications/").status_code == 200
    client.post(reverse("account_logout"))
    log_in(client, steering)
    assert give_code(client, codes[0]).status_code == 200  # used
    assert give_code(client, codes[1])["Location"] == "/"


def test_force_login_session_is_not_asked_again(client_as, steering):
    """Tests open sessions with force_login: allauth asks for the code only at login."""
    client = client_as(steering)
    assert client.get("/members/applications/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


# --- the demo -----------------------------------------------------------------------------


def test_demo_steering_and_admin_accounts_have_the_printed_totp_secret(client, settings):
    from io import StringIO

    from django.core.management import call_command

    from members.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from members.models import User

    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=StringIO())  # idempotent: still one authenticator
    assert DEMO_TOTP_SECRET in out.getvalue()
    for email in ["steering@example.org", "admin@example.org"]:
        user = User.objects.get(email=email)
        assert Authenticator.objects.filter(user=user).count() == 1
        log_in(client, user, password=DEMO_PASSWORD)
        assert give_code(client, factories.totp_code(DEMO_TOTP_SECRET))["Location"] == "/"
        client.post(reverse("account_logout"))
    assert not Authenticator.objects.filter(user__email="member@example.org").exists()


def test_the_admin_lists_factors_without_their_secrets(client_as, admin, steering):
    factor = Authenticator.objects.get(user=steering, type=Authenticator.Type.TOTP)
    client = client_as(admin)
    listing = client.get("/admin/mfa/authenticator/")
    assert listing.status_code == 200 and "Sam Steering" in listing.content.decode()
    page = client.get(f"/admin/mfa/authenticator/{factor.pk}/change/")
    assert page.status_code == 200
    assert factories.TOTP_SECRET not in page.content.decode()
    client.post(f"/admin/mfa/authenticator/{factor.pk}/change/", {"data": "{}"})
    factor.refresh_from_db()
    assert "secret" in factor.data
    assert client.get("/admin/mfa/authenticator/add/").status_code == 403


# --- secrets at rest ------------------------------------------------------------------------


def test_totp_secrets_are_stored_encrypted(steering):
    stored = Authenticator.objects.get(user=steering, type=Authenticator.Type.TOTP).data
    assert stored["secret"].startswith("fernet:")
    assert factories.TOTP_SECRET not in str(stored)
    codes = RecoveryCodes.activate(steering)
    assert codes.instance.data["seed"].startswith("fernet:")


def test_a_secret_stored_in_clear_still_works(client):
    user = factories.steering_user(user__totp=False)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": factories.TOTP_SECRET}
    )
    log_in(client, user)
    assert give_code(client)["Location"] == "/"


def test_secrets_survive_a_secret_key_rotation_with_the_old_key_kept(client, steering, settings):
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    settings.SECRET_KEY_FALLBACKS = [old]
    log_in(client, steering)
    assert give_code(client)["Location"] == "/"


# --- valid HTML -----------------------------------------------------------------------------


def test_the_mfa_pages_are_valid_html(tmp_path):
    """allauth's pages in our layout, as the Nu Html Checker reads them, in both languages."""
    import os
    import shutil

    from django.test import Client

    from tests.powg.test_html_valid import skipped_heading_levels, vnu_problems

    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("the Nu Html Checker needs Java (apt-get install default-jre-headless)")
        pytest.skip("the Nu Html Checker needs Java")
    steering = factories.steering_user()
    RecoveryCodes.activate(steering)
    member = factories.member_user()
    files = {}

    def keep(name, response):
        assert response.status_code == 200, (name, response.status_code)
        assert not skipped_heading_levels(response.content), (name, "heading levels")
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[str(path)] = name

    for prefix in ("", "/fr"):
        client = Client()
        log_in(client, steering)
        keep(f"{prefix}authenticate", client.get(f"{prefix}/accounts/2fa/authenticate/"))
        give_code(
            client,
            RecoveryCodes(
                Authenticator.objects.get(user=steering, type="recovery_codes")
            ).get_unused_codes()[0],
        )
        keep(f"{prefix}index", client.get(f"{prefix}/accounts/2fa/"))
        keep(f"{prefix}reauthenticate", client.get(f"{prefix}/accounts/reauthenticate/"))
        reauthenticate(client)
        keep(f"{prefix}codes", client.get(f"{prefix}/accounts/2fa/recovery-codes/"))
        keep(f"{prefix}generate", client.get(f"{prefix}/accounts/2fa/recovery-codes/generate/"))
        keep(f"{prefix}deactivate", client.get(f"{prefix}/accounts/2fa/totp/deactivate/"))
        other = Client()
        log_in(other, member)
        reauthenticate(other)
        keep(f"{prefix}activate", other.get(f"{prefix}/accounts/2fa/totp/activate/"))
    assert len(files) == 14
    problems = vnu_problems(files)
    assert not problems, "\n".join(problems)
