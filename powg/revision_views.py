"""The revision pages every edited model shares: the list of revisions, one revision
compared with the live version, and restoring it.

Apps call these from their own thin views, after checking the role and fetching the
object through ``visible_to``; ``base_url`` is the address of the object's history page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from powg.params import page_number
from powg.revisions import compare, restore, with_changed_labels

REVISIONS_PER_PAGE = 25


def history_page(
    request, obj, *, base_url, edit_url, title, extra=None, template="revisions/history.html"
):
    """Who changed what, and when, newest first (25 a page). An app may extend the
    template (block ``history_extra``) to add, say, an event's agenda changes."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(records, REVISIONS_PER_PAGE).get_page(page_number(request))
    # One more row than the page, to say what the page's oldest revision changed.
    last = page.object_list[len(page.object_list) - 1] if page.object_list else None
    older = (
        obj.history.filter(history_id__lt=last.history_id).order_by("-history_id").first()
        if last is not None
        else None
    )
    context = {
        "object": obj,
        "title": title,
        "base_url": base_url,
        "edit_url": edit_url,
        "page_obj": page,
        "revisions": with_changed_labels(page.object_list, older),
        **(extra or {}),
    }
    return render(request, template, context)


def _revision(obj, history_id):
    found = obj.history.select_related("history_user").filter(history_id=history_id).first()
    if found is None:
        raise Http404(_("There is no such revision of this item."))
    return found


def revision_page(request, obj, history_id, *, base_url, edit_url, title):
    """One revision, and how the live version differs from it."""
    revision = _revision(obj, history_id)
    context = {
        "object": obj,
        "title": title,
        "base_url": base_url,
        "edit_url": edit_url,
        "revision": revision,
        "changes": compare(revision, obj),
        "is_live": obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
        == revision.history_id,
    }
    return render(request, "revisions/revision.html", context)


@require_POST
def restore_view(request, obj, history_id, *, base_url, after_restore=None):
    """Make that revision the live version again (itself a new revision)."""
    revision = _revision(obj, history_id)
    restored = restore(revision, by=request.user)
    if after_restore is not None:
        after_restore(restored)
    messages.success(
        request,
        _("Revision %(number)s is the live version again; the restore is itself a revision.")
        % {"number": revision.history_id},
    )
    if restored.restore_kept:
        messages.warning(
            request,
            _("Kept as they are, because another item now uses the old value: %(fields)s.")
            % {"fields": ", ".join(restored.restore_kept)},
        )
    return redirect(base_url)
