"""Saving an event edited on the site, with its rows, and what the editor's button asks:
publish now, schedule, unpublish or archive (through ``powg.publishing``, each audited),
and a change of visibility audited too. One transaction: all of it or none.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from powg import publishing
from powg.publishing import Action


def save_event(*, form, formsets, by, action=Action.SAVE, publish_at=None):
    """Save the valid ``form`` and its ``formsets``, then publish, schedule, unpublish or
    archive as ``action`` says. Returns the event."""
    old_visibility = form.initial.get("visibility") if form.instance.pk else None
    with transaction.atomic():
        event = form.save(commit=False)
        event._change_reason = _("Edited on the site") if event.pk else _("Created on the site")
        publishing.apply(event, action=action, by=by, at=publish_at)  # one save, one revision
        form.save_m2m()
        for formset in formsets:
            formset.instance = event
            formset.save()
        publishing.audit_visibility_change(event, old_visibility=old_visibility, by=by)
    return event
