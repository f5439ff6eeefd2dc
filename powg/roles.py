"""The portal's roles, answered in one place for views, templates and querysets.

Group names are cached on the user object, so asking several times in one request
costs one query at most.
"""

MEMBERS_GROUP = "Members"
STEERING_GROUP = "Steering Committee"


def _group_names(user):
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_powg_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._powg_group_names = cached
    return cached


def is_steering(user) -> bool:
    """Steering-committee members and superusers (admins)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or STEERING_GROUP in _group_names(user)


def is_member(user) -> bool:
    """Members of the working group; the steering committee and admins are members too."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_steering(user) or MEMBERS_GROUP in _group_names(user)


def forget_roles(user) -> None:
    """Drop the cached group names after the user's groups change."""
    user.__dict__.pop("_powg_group_names", None)
