"""Publishing, scheduling, unpublishing and archiving: one home for the documents and
events edited on the site (and anything else with ``VisibilityModel``), each act audited.

The apps' services call these inside their own ``transaction.atomic()`` and then do their
own follow-up (a document's search vectors and the library's cached counts).
A schedule is only a ``published_at`` to come: ``visible_to`` hides the item until then,
so nothing has to run at that time.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from powg.audit import AuditAction, record
from powg.visibility import Status, Visibility


class Action:
    """The edit pages' buttons (``name="action"``): save, preview, or one of the acts."""

    SAVE = "save"
    PREVIEW = "preview"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    UNPUBLISH = "unpublish"
    ARCHIVE = "archive"
    ALL = (SAVE, PREVIEW, PUBLISH, SCHEDULE, UNPUBLISH, ARCHIVE)


def available_actions(obj) -> list[str]:
    """The buttons that make sense for an item as it is saved now (None: a new one)."""
    actions = [Action.SAVE, Action.PREVIEW]
    if obj is None or obj.pk is None or obj.status == Status.DRAFT:
        return [*actions, Action.PUBLISH, Action.SCHEDULE]
    if obj.is_scheduled:
        return [*actions, Action.PUBLISH, Action.SCHEDULE, Action.UNPUBLISH]
    if obj.status == Status.PUBLISHED:
        return [*actions, Action.UNPUBLISH, Action.ARCHIVE]
    if obj.status == Status.ARCHIVED:
        return [*actions, Action.PUBLISH, Action.UNPUBLISH]
    return [*actions, Action.ARCHIVE]  # an event's own statuses (cancelled)


def apply(obj, *, action, by, at=None):
    """Save ``obj`` once, as the button asks (save and preview keep its status)."""
    if action == Action.PUBLISH:
        return publish(obj, by=by)
    if action == Action.SCHEDULE:
        return publish(obj, by=by, at=at)
    if action == Action.UNPUBLISH:
        return unpublish(obj, by=by)
    if action == Action.ARCHIVE:
        return archive(obj, by=by)
    obj.save()
    return obj


def _save(obj, *, by, reason):
    if hasattr(obj, "updated_by_id"):
        obj.updated_by = by
    obj._change_reason = reason
    obj.save()


def publish(obj, *, by, at=None):
    """Publish now, or at ``at`` when it is still to come (a schedule)."""
    now = timezone.now()
    scheduled = at is not None and at > now
    obj.status = Status.PUBLISHED
    obj.published_at = at if scheduled else (obj.published_at if _already_out(obj, now) else now)
    if scheduled:
        when = formats.date_format(timezone.localtime(at), "DATETIME_FORMAT")
        _save(obj, by=by, reason=_("Scheduled for %(when)s") % {"when": when})
        record(actor=by, action=AuditAction.SCHEDULE, target=obj, detail=when)
    else:
        _save(obj, by=by, reason=_("Published"))
        record(actor=by, action=AuditAction.PUBLISH, target=obj)
    return obj


def _already_out(obj, now):
    """Published before and not waiting for a schedule: its date stays."""
    stored = type(obj)._default_manager.filter(pk=obj.pk).values("status", "published_at").first()
    return (
        stored is not None
        and stored["status"] in (Status.PUBLISHED, Status.ARCHIVED)
        and stored["published_at"] is not None
        and stored["published_at"] <= now
    )


def unpublish(obj, *, by):
    """Back to a draft: only the steering committee sees it."""
    obj.status = Status.DRAFT
    obj.published_at = None
    _save(obj, by=by, reason=_("Unpublished"))
    record(actor=by, action=AuditAction.UNPUBLISH, target=obj)
    return obj


def archive(obj, *, by):
    """Still readable at its address, marked as archived; out of the listings."""
    obj.status = Status.ARCHIVED
    _save(obj, by=by, reason=_("Archived"))
    record(actor=by, action=AuditAction.ARCHIVE, target=obj)
    return obj


def audit_visibility_change(obj, *, old_visibility, by):
    """Record a change of who may see ``obj`` (call after saving it)."""
    if old_visibility is None or old_visibility == obj.visibility:
        return None
    labels = dict(Visibility.choices)
    detail = _("%(old)s → %(new)s") % {
        "old": labels.get(old_visibility, old_visibility),
        "new": labels.get(obj.visibility, obj.visibility),
    }
    return record(actor=by, action=AuditAction.VISIBILITY, target=obj, detail=str(detail))
