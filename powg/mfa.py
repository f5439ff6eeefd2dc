"""Two-factor authentication (``allauth.mfa``): who must have it, and what they may do without.

Everyone may protect an account with an authenticator app (TOTP) and recovery codes,
from My profile. The accounts that matter must: a steering-committee member or a staff
account (``mfa_required``) without a second factor is sent to set one up, and cannot
remove its last one.

**The rule** (``RequireMFAMiddleware``): such an account can open nothing but the
allow-list until it has a factor: the account pages (``account_*``: log out, log in,
email, password change and reset, reauthentication), the MFA pages (``mfa_*``) and the
few pages with nothing personal (favicon, robots.txt, the sitemap, the health check).
Static files never reach the middleware. Every other page, public ones included, sends
it to the authenticator-app setup with ``next`` and a message saying why. Not only the
steering pages and the admin: a steering account changes what ordinary pages show
(drafts, steering-only documents and events on their usual addresses), so no list of
"public" URLs is safe, and a rule that covers everything cannot miss a future page.
A member who is neither is never asked.

Secrets (TOTP keys, recovery-code seeds) are stored encrypted with a key derived from
``SECRET_KEY`` (``MFAAdapter.encrypt``), so a database dump or backup alone does not
give anyone's second factor. Rotating ``SECRET_KEY`` keeps them readable while the old
key is in ``SECRET_KEY_FALLBACKS``.

Passkeys (WebAuthn) stay off: allauth 65's key-removal view does not consult
``can_delete_authenticator``, so a steering member could remove their last factor
there; TOTP and recovery codes cover the need.
"""

import base64
from urllib.parse import urlencode

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from powg.roles import is_steering

#: Factors that count as a second factor (recovery codes only back one up).
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]

#: URL-name prefixes and names a required account may open before it has a factor.
ALLOWED_PREFIXES = ("account_", "mfa_")
ALLOWED_NAMES = {"favicon", "robots-txt", "sitemap", "healthz", "set_language"}

#: Where the page that sent someone to the setup is kept, for a "Continue" link.
NEXT_SESSION_KEY = "powg_mfa_next"
#: Set in the session once the account is known to have a second factor.
FACTOR_SESSION_KEY = "powg_mfa_factor"


def mfa_required(user) -> bool:
    """Steering-committee members and staff accounts must have a second factor."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_staff or is_steering(user)


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user, SECOND_FACTORS)


def note_second_factor(sender, request, user, **kwargs):
    """At each login (``user_logged_in``, connected in ``PowgConfig.ready``), note a factor.

    The middleware then needs no query per request. A required account cannot remove
    its last factor; one that an admin deletes in the admin keeps this session's note
    until the user logs out (the next login has no factor, so it is sent to the setup).
    """
    if request is not None and hasattr(request, "session") and mfa_required(user):
        if has_second_factor(user):
            request.session[FACTOR_SESSION_KEY] = True


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter, refusing to remove the last factor of a required account."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Two-factor authentication is required for the steering committee and "
            "administrators: you cannot remove your only authenticator."
        ),
    }

    PREFIX = "fernet:"

    @staticmethod
    def _fernet():
        from cryptography.fernet import Fernet, MultiFernet

        def key(secret):
            digest = salted_hmac("powg.mfa.secrets", "", secret=secret, algorithm="sha256")
            return Fernet(base64.urlsafe_b64encode(digest.digest()))

        return MultiFernet([key(settings.SECRET_KEY), *map(key, settings.SECRET_KEY_FALLBACKS)])

    def encrypt(self, text):
        return self.PREFIX + self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        if not encrypted_text.startswith(self.PREFIX):
            return encrypted_text  # stored before encryption
        return self._fernet().decrypt(encrypted_text[len(self.PREFIX) :].encode()).decode()

    def can_delete_authenticator(self, authenticator):
        if authenticator.type not in SECOND_FACTORS or not mfa_required(authenticator.user):
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTORS
        ).exclude(pk=authenticator.pk)
        return others.exists()


def _allowed(match) -> bool:
    name = match.url_name or ""
    return name in ALLOWED_NAMES or name.startswith(ALLOWED_PREFIXES)


class RequireMFAMiddleware:
    """Send a steering or staff account without a second factor to the TOTP setup.

    Runs after ``AuthenticationMiddleware`` and allauth's ``AccountMiddleware``. It asks
    only whether a factor exists, noted in the session at login or on the first page
    after the setup (so no query per request; the role check reuses the groups the
    page loads anyway): whether this session gave the code is allauth's login stage's
    business, so a session opened without it (``force_login`` in tests) is not asked again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if _allowed(match):
            self._remember_next(request, match)
            return None
        user = getattr(request, "user", None)
        if not mfa_required(user) or self._has_factor(request, user):
            if NEXT_SESSION_KEY in getattr(request, "session", {}):
                del request.session[NEXT_SESSION_KEY]  # the setup is over
            return None
        messages.warning(
            request,
            _(
                "Your role on the steering committee or as an administrator requires "
                "two-factor authentication. Set up an authenticator app to continue."
            ),
        )
        setup = reverse("mfa_activate_totp")
        return HttpResponseRedirect(f"{setup}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _has_factor(request, user):
        if request.session.get(FACTOR_SESSION_KEY):
            return True
        if has_second_factor(user):
            request.session[FACTOR_SESSION_KEY] = True
            return True
        return False

    @staticmethod
    def _remember_next(request, match):
        """Keep the setup page's ``next`` (allauth's view drops it) for the recovery codes page."""
        if match.url_name != "mfa_activate_totp" or request.method != "GET":
            return
        target = request.GET.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            request.session[NEXT_SESSION_KEY] = target
