"""Idle and absolute session timeouts.

Django alone expresses neither precisely: ``SESSION_COOKIE_AGE`` counts from the
session's last save, so any write (a message, a language choice) extends it, and an
idle timeout through it needs ``SESSION_SAVE_EVERY_REQUEST``, an UPDATE of the session
row on every request. So the session carries two times, when it was opened and when
it was last seen, and ``SessionTimeoutMiddleware`` ends it when either is too old:

- **absolute**: ``SESSION_COOKIE_AGE`` after the login, whatever happened since;
- **idle**: ``SESSION_IDLE_TIMEOUT`` without a request, or the shorter
  ``SESSION_IDLE_TIMEOUT_PRIVILEGED`` for the steering committee and staff.

"Last seen" is written only once it is ``SESSION_ACTIVITY_RESOLUTION`` old, so an
active user costs one session write per few minutes instead of one per request; the
idle timeout is exact to within that resolution.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext_lazy as _

from powg.mfa import mfa_required

SESSION_KEY = "powg_times"


def open_session_times(sender, request, user, **kwargs):
    """At each login (``user_logged_in``, connected in ``PowgConfig.ready``), start the clock."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_KEY] = {"opened": now, "seen": now}


def idle_timeout(user) -> int:
    if mfa_required(user):
        return settings.SESSION_IDLE_TIMEOUT_PRIVILEGED
    return settings.SESSION_IDLE_TIMEOUT


def _expired(times, now, user):
    """Which limit the session passed (None: still open).

    The role is asked only past the shorter idle timeout, so a page that needs no role
    check does not pay for one here.
    """
    if now - times["opened"] > settings.SESSION_COOKIE_AGE:
        return "absolute"
    idle = now - times["seen"]
    if idle > settings.SESSION_IDLE_TIMEOUT_PRIVILEGED and idle > idle_timeout(user):
        return "idle"
    return None


class SessionTimeoutMiddleware:
    """Log out a session past its idle or absolute timeout; note its activity otherwise.

    Goes after ``AuthenticationMiddleware``. A session logged out here carries on as an
    anonymous request, with a message saying why: a page for members sends it to the
    login form as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            times = request.session.get(SESSION_KEY)
            if times is not None:
                reason = _expired(times, now, user)
                if reason is not None:
                    logout(request)
                    messages.info(request, self.MESSAGES[reason])
                elif now - times["seen"] >= settings.SESSION_ACTIVITY_RESOLUTION:
                    request.session[SESSION_KEY] = {**times, "seen": now}
        response = self.get_response(request)
        # A session from before these times existed starts its clock now.
        if request.user.is_authenticated and SESSION_KEY not in request.session:
            now = int(time.time())
            request.session[SESSION_KEY] = {"opened": now, "seen": now}
        return response

    MESSAGES = {
        "idle": _("You were logged out after a while without activity. Please log in again."),
        "absolute": _("Your session has ended. Please log in again."),
    }
