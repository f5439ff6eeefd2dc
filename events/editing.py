"""Saving an event edited on the site, with its rows, and what the editor's button asks:
publish now, schedule, unpublish or archive (through ``powg.publishing``, each audited),
and a change of visibility audited too. One transaction: all of it or none.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from events.edit_forms import Action
from powg import publishing


def save_event(*, form, formsets, by, action=Action.SAVE, publish_at=None):
    """Save the valid ``form`` and its ``formsets``, then publish, schedule, unpublish or
    archive as ``action`` says. Returns the event."""
    old_visibility = form.initial.get("visibility") if form.instance.pk else None
    with transaction.atomic():
        event = form.instance
        event._change_reason = _("Edited on the site") if event.pk else _("Created on the site")
        event = form.save()
        for formset in formsets:
            formset.instance = event
            formset.save()
        if action == Action.PUBLISH:
            publishing.publish(event, by=by)
        elif action == Action.SCHEDULE:
            publishing.publish(event, by=by, at=publish_at)
        elif action == Action.UNPUBLISH:
            publishing.unpublish(event, by=by)
        elif action == Action.ARCHIVE:
            publishing.archive(event, by=by)
        publishing.audit_visibility_change(event, old_visibility=old_visibility, by=by)
    return event


def available_actions(event):
    """The buttons the page offers for the event as it is saved now, in page order."""
    actions = [Action.SAVE, Action.PREVIEW]
    saved_status = event.status if event.pk else "draft"
    if event.pk and event.is_scheduled:
        return [*actions, Action.PUBLISH, Action.SCHEDULE, Action.UNPUBLISH]
    if saved_status == "draft":
        return [*actions, Action.PUBLISH, Action.SCHEDULE]
    if saved_status == "published":
        return [*actions, Action.UNPUBLISH, Action.ARCHIVE]
    if saved_status == "archived":
        return [*actions, Action.PUBLISH, Action.UNPUBLISH]
    return [*actions, Action.ARCHIVE]  # cancelled
