"""How many applications to join one client address may send, counted in the shared cache.

allauth already limits logins per address with counters in Django's cache (the database
cache here, so every worker and machine shares them): its limiter is reused with our own
rate, under our own key, rather than a second one written by hand. allauth's public
``allauth.core.ratelimit`` reads its rates from allauth's settings only, hence its
internal module; it is pinned to allauth 65 in requirements.txt and tested here.

The address is what allauth uses for its own limits: ``REMOTE_ADDR``, or the header its
``ALLAUTH_TRUSTED_PROXY_COUNT`` / ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` settings name
behind a proxy; IPv6 addresses count per /64 network.
"""

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings

# Five applications an hour from one address: a household or an office sending a few
# is fine; a script filling the review queue is not. "" turns the limit off.
JOIN_RATE = "5/1h"
ACTION = "join"


def join_rate():
    """``MEMBERS_JOIN_RATE_LIMIT`` in the settings overrides the default (allauth's syntax)."""
    return getattr(settings, "MEMBERS_JOIN_RATE_LIMIT", JOIN_RATE)


def join_allowed(request, *, count):
    """Whether this address may send an application now; ``count`` records this one.

    With ``count=False`` nothing is recorded: the answer only says whether the limit is
    already reached.
    """
    usage = allauth_ratelimit.consume(
        request,
        app="members",
        action=ACTION,
        config={ACTION: join_rate()},
        dry_run=not count,
    )
    return usage is not None


def retry_after():
    """Seconds until the longest window ends, for the ``Retry-After`` header."""
    rates = allauth_ratelimit.parse_rates(join_rate())
    return int(max((rate.duration for rate in rates), default=0))
