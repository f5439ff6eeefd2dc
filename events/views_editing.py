"""The steering committee's event pages: create, edit (with participants, agenda and
questions), preview, publish, and the revision history."""

import copy

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from events import editing
from events.edit_forms import (
    PREFIXES,
    EventEditForm,
    error_summary,
    event_formsets,
    with_added_row,
    without_errors,
)
from events.models import AgendaItem, Event, EventQuestion, Participant
from events.views import _find, event_page_context
from powg import revision_views
from powg.permissions import steering_only
from powg.publishing import Action, available_actions
from powg.revisions import conflicting_changes, revision_token

DONE_MESSAGES = {
    Action.SAVE: gettext_lazy("The event is saved."),
    Action.PREVIEW: gettext_lazy("The event is saved. This is how it will look."),
    Action.PUBLISH: gettext_lazy("The event is published."),
    Action.SCHEDULE: gettext_lazy(
        "The event is scheduled: it becomes visible at the time you chose."
    ),
    Action.UNPUBLISH: gettext_lazy("The event is unpublished: it is a draft again."),
    Action.ARCHIVE: gettext_lazy(
        "The event is archived: it stays at its address, out of the lists."
    ),
}


def _edit_page(request, event):
    """The form for a new or a saved event; saves, publishes or adds a row as asked."""
    actions = available_actions(event)
    token = revision_token(event)
    conflict = None
    # The page speaks of the event as saved; validating the form changes ``event``.
    saved = copy.copy(event)
    if request.method != "POST":
        form = EventEditForm(instance=event)
        formsets = event_formsets(instance=event)
    else:
        action = request.POST.get("action", Action.SAVE)
        added = action.removeprefix("add-") if action.startswith("add-") else None
        if added in PREFIXES:
            data = with_added_row(request.POST, added)
            form = EventEditForm(data, instance=event)
            formsets = event_formsets(data, instance=event)
            without_errors(form, formsets)
            token = request.POST.get("revision", token)  # still the state it was opened on
        else:
            if action not in Action.ALL:
                action = Action.SAVE
            form = EventEditForm(request.POST, instance=event, action=action)
            formsets = event_formsets(request.POST, instance=event)
            # Every part validated, so the summary lists all that needs correcting.
            checks = [form.is_valid(), *(formset.is_valid() for formset in formsets)]
            if not all(checks):
                token = request.POST.get("revision", token)
            elif (conflict := conflicting_changes(saved, request.POST.get("revision"))) is None:
                event = editing.save_event(
                    form=form,
                    formsets=formsets,
                    by=request.user,
                    action=action,
                    publish_at=form.cleaned_data.get("publish_at"),
                )
                messages.success(request, str(DONE_MESSAGES[action]))
                if action == Action.PREVIEW:
                    return redirect("events:event-preview", slug=event.slug)
                return redirect("events:event-edit", slug=event.slug)
    context = {
        "event": saved,
        "form": form,
        "formsets": formsets,
        "errors": error_summary(form, formsets) if form.is_bound else [],
        "actions": actions,
        "revision": token,
        "conflict": conflict,
    }
    return render(request, "events/edit/event_form.html", context)


def _editable(request, slug):
    """``(event, None)``, or ``(None, redirect)`` from an old slug; 404 when neither."""
    return _find(request, Event.objects.visible_to(request.user), slug)


@require_http_methods(["GET", "HEAD", "POST"])
@steering_only
def event_new(request):
    """Steering committee: write a new event, as a draft to publish now or later."""
    return _edit_page(request, Event())


@require_http_methods(["GET", "HEAD", "POST"])
@steering_only
def event_edit(request, slug):
    """Steering committee: edit an event, its participants, agenda and questions; publish,
    schedule, unpublish or archive it."""
    event, moved = _editable(request, slug)
    if moved is not None:
        return moved
    return _edit_page(request, event)


@require_safe
@steering_only
def event_preview(request, slug):
    """Steering committee: see the event exactly as its public page shows it."""
    event, moved = _find(request, Event.objects.visible_to(request.user).for_detail(), slug)
    if moved is not None:
        return moved
    context = event_page_context(request, event)
    context["preview"] = True
    return render(request, "events/event_detail.html", context)


def _history_urls(event):
    return {
        "base_url": reverse("events:event-history", kwargs={"slug": event.slug}),
        "edit_url": reverse("events:event-edit", kwargs={"slug": event.slug}),
    }


ROWS_SHOWN = 50  # the latest changes of the event's rows on its history page


def _row_changes(event):
    """The latest revisions of the event's participants, agenda items and questions
    (deleted rows included), newest first."""
    kinds = [
        (AgendaItem, _("Agenda item"), lambda r: r.title),
        (Participant, _("Participant"), lambda r: r.name),
        (EventQuestion, _("Question"), lambda r: r.text[:80]),
    ]
    rows = []
    for model, kind, describe in kinds:
        records = (
            model.history.filter(event_id=event.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:ROWS_SHOWN]
        )
        rows += [{"kind": kind, "what": describe(r), "record": r} for r in records]
    rows.sort(key=lambda row: row["record"].history_date, reverse=True)
    return rows[:ROWS_SHOWN]


@require_safe
@steering_only
def event_history(request, slug):
    """Steering committee: every saved revision of the event, and its rows' changes."""
    event, moved = _editable(request, slug)
    if moved is not None:
        return moved
    return revision_views.history_page(
        request,
        event,
        title=event.title,
        template="events/edit/history.html",
        extra={"row_changes": _row_changes(event)},
        **_history_urls(event),
    )


@require_safe
@steering_only
def event_revision(request, slug, history_id):
    """Steering committee: one revision of the event compared with the live version."""
    event, moved = _editable(request, slug)
    if moved is not None:
        return moved
    return revision_views.revision_page(
        request, event, history_id, title=event.title, **_history_urls(event)
    )


@require_http_methods(["POST"])
@steering_only
def event_restore(request, slug, history_id):
    """Steering committee: make a past revision of the event the live version again."""
    event, moved = _editable(request, slug)
    if moved is not None:
        return moved
    restored = revision_views.restore_view(
        request, event, history_id, base_url=_history_urls(event)["base_url"]
    )
    # A restored revision may bring back an older slug: its history page lives there.
    event.refresh_from_db(fields=["slug"])
    return redirect(_history_urls(event)["base_url"]) if restored.status_code == 302 else restored
