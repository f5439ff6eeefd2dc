"""Audit entries for content changed through the Django admin's form.

The site's editing goes through ``powg.publishing``, which records each act itself. The
admin's change form saves status, schedule and visibility as plain fields, so its
``save_model`` reads the stored state first and, after saving, records what changed:
publish, schedule, unpublish, archive, visibility (each once).
"""

from django.utils import formats, timezone

from powg.audit import AuditAction, record
from powg.publishing import audit_visibility_change
from powg.visibility import Status


def stored_state(obj) -> dict | None:
    """The saved status, visibility and publication time of ``obj`` (None: a new one)."""
    if obj.pk is None:
        return None
    return (
        type(obj)
        ._default_manager.filter(pk=obj.pk)
        .values("status", "visibility", "published_at")
        .first()
    )


def record_admin_change(obj, *, before: dict | None, by) -> None:
    """Record the acts a save made, ``before`` being ``stored_state`` taken before it."""
    old_status = before["status"] if before else None
    old_at = before["published_at"] if before else None
    if obj.status == Status.PUBLISHED:
        scheduled = obj.published_at is not None and obj.published_at > timezone.now()
        if scheduled and (old_status != Status.PUBLISHED or old_at != obj.published_at):
            when = formats.date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            record(actor=by, action=AuditAction.SCHEDULE, target=obj, detail=when)
        elif not scheduled and (
            old_status != Status.PUBLISHED or (old_at is not None and old_at > timezone.now())
        ):
            record(actor=by, action=AuditAction.PUBLISH, target=obj)
    elif obj.status == Status.DRAFT and old_status not in (None, Status.DRAFT):
        record(actor=by, action=AuditAction.UNPUBLISH, target=obj)
    elif obj.status == Status.ARCHIVED and old_status != Status.ARCHIVED:
        record(actor=by, action=AuditAction.ARCHIVE, target=obj)
    if before is not None:
        audit_visibility_change(obj, old_visibility=before["visibility"], by=by)
