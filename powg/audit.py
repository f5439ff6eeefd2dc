"""The audit log's one writer: ``record(actor=..., action=..., target=...)``.

Services call it inside their own transaction, so an act and its entry land together
or not at all. Signals never call it: the act's own function does.
"""

from django.contrib.contenttypes.models import ContentType

from powg.models import AuditAction, AuditEntry

__all__ = ["AuditAction", "record"]


def _label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{name} <{user.email}>" if name else user.email


def record(*, actor, action: str, target=None, detail: str = "") -> AuditEntry:
    """Write one entry: ``actor`` did ``action`` (an ``AuditAction``) to ``target``."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_label(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:500] if target is not None else "",
        detail=detail[:500],
    )
