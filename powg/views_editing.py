"""The steering committee's editing pages that belong to no app: the site's own pages
(About, the privacy notice, the home page's introduction) and "My drafts"."""

from django.contrib import messages
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.models import Document
from events.models import Event
from powg import pages
from powg.permissions import steering_only
from powg.revision_views import history_page, restore_view, revision_page
from powg.revisions import conflicting_changes, revision_token
from powg.visibility import Status

PAGE_TEMPLATES = {"about": "about.html", "privacy": "privacy.html", "home": "home.html"}
DRAFTS_SHOWN = 100  # per kind in the committee's list; the count says how many in all


def _page_title(page):
    return page.get_name_display()


def _preview(request, form, page, language):
    """The public page's own template, showing the unsaved text in ``language``."""
    unsaved = form.instance
    with translation.override(language):
        context = {
            "site_page": pages.shown(unsaved, language=language),
            "preview": True,
            "preview_form": form,
            "preview_action": request.path,
            "revision": request.POST.get("revision", ""),
        }
        response = render(request, PAGE_TEMPLATES[page.name], context)
    response["X-Robots-Tag"] = "noindex"
    return response


@steering_only
def page_edit(request, name):
    """Edit a site page in English and French side by side, preview it, then save it."""
    page = pages.page_for_editing(pages.page_name(name))
    token = revision_token(page)
    conflict = None
    form = pages.SitePageForm(request.POST or None, instance=page)
    action = request.POST.get("action", "save")
    if request.method == "POST" and form.is_valid():
        if action in ("preview-en", "preview-fr"):
            return _preview(request, form, page, action[-2:])
        if action == "save":
            conflict = conflicting_changes(page, request.POST.get("revision"))
            if conflict is None:
                pages.save_page(form=form, by=request.user)
                messages.success(request, _("The page is saved: the public sees it now."))
                return redirect(pages.public_url(page.name))
    elif request.method == "POST":
        messages.error(request, _("The page was not saved: correct the fields marked below."))
    return render(
        request,
        "editing/page_edit.html",
        {
            "page": page,
            "form": form,
            "revision": token,
            "conflict": conflict,
            "public_url": pages.public_url(page.name),
        },
    )


def _history_urls(name):
    return {
        "base_url": reverse("page-history", args=[name]),
        "edit_url": reverse("page-edit", args=[name]),
    }


@steering_only
def page_history(request, name):
    """See every saved revision of a site page."""
    page = pages.page_for_editing(pages.page_name(name))
    return history_page(request, page, title=_page_title(page), **_history_urls(name))


@steering_only
def page_revision(request, name, history_id):
    """See one revision of a site page beside the live text, and restore it."""
    page = pages.page_for_editing(pages.page_name(name))
    return revision_page(request, page, history_id, title=_page_title(page), **_history_urls(name))


@steering_only
def page_restore(request, name, history_id):
    """Make a past revision of a site page the live text again."""
    page = pages.page_for_editing(pages.page_name(name))
    return restore_view(request, page, history_id, base_url=_history_urls(name)["base_url"])


# --- My drafts -------------------------------------------------------------------------------


def _unpublished(queryset):
    """Drafts and items scheduled for a time still to come."""
    now = timezone.now()
    return queryset.filter(
        Q(status=Status.DRAFT) | Q(status=Status.PUBLISHED, published_at__gt=now)
    )


def _latest_revision(model, column):
    history = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_id")
    return Subquery(history.values(column)[:1])


def _documents():
    return (
        _unpublished(Document.objects.all())
        .select_related("updated_by")
        .only(
            "title",
            "slug",
            "language",
            "status",
            "published_at",
            "updated_at",
            "updated_by__email",
            "updated_by__name",
        )
        .order_by("-updated_at", "-id")
    )


def _events():
    return (
        _unpublished(Event.objects.all())
        .annotate(
            changed_by_id=_latest_revision(Event, "history_user_id"),
            changed_at=_latest_revision(Event, "history_date"),
            changed_by_email=_latest_revision(Event, "history_user__email"),
            changed_by_name=_latest_revision(Event, "history_user__name"),
        )
        .only("title", "title_fr", "slug", "status", "published_at", "starts_at")
        .order_by("-changed_at", "-starts_at", "-id")
    )


def _created_by(model, user):
    return model.history.model.objects.filter(history_type="+", history_user=user).values("id")


@steering_only
def drafts(request):
    """See the drafts and scheduled items you last changed or created, and all the
    committee's, each with its edit link."""
    user = request.user
    my_documents = list(
        _documents().filter(Q(updated_by=user) | Q(pk__in=_created_by(Document, user)))
    )
    my_events = list(
        _events().filter(Q(changed_by_id=user.pk) | Q(pk__in=_created_by(Event, user)))
    )
    all_documents = _documents()
    all_events = _events()
    return render(
        request,
        "editing/drafts.html",
        {
            "my_documents": my_documents,
            "my_events": my_events,
            "all_documents": list(all_documents[:DRAFTS_SHOWN]),
            "all_events": list(all_events[:DRAFTS_SHOWN]),
            "documents_count": all_documents.count(),
            "events_count": all_events.count(),
            "shown_at_most": DRAFTS_SHOWN,
            "now": timezone.now(),
        },
    )
