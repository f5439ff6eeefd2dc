"""Who may open a page: the one rule for hidden versus forbidden, used by every app.

- **An item you may not see is hidden: 404.** Documents, events, profiles and their
  files, calendars and sub-pages are fetched through ``visible_to(user)``
  (``get_object_or_404(Model.objects.visible_to(request.user), ...)``), so a hidden
  item answers exactly like one that does not exist. A members-only document the
  steering committee announced to the public shows a "log in to read" notice instead:
  the one exception the design names.
- **A page for a role is forbidden to others.** Pages that exist for everyone to know
  about (the directory, the roster, My profile, My events, the applications queue, an
  event's registrations) send an anonymous visitor to the login page, and answer a
  logged-in user without the role with 403 and the reason in words.

Responses to logged-in users are marked ``Cache-Control: private`` by
``powg.middleware.PrivateForAuthenticatedMiddleware``: no view sets it.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from powg.roles import is_member, is_steering


def _for_role(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


members_only = _for_role(is_member)
"""Members' pages: log in first, then members (and the steering committee) only."""

steering_only = _for_role(is_steering)
"""Steering-committee pages: log in first, then the committee (and admins) only."""

logged_in = login_required
"""Personal pages open to any account (the page itself says what a non-member lacks)."""
