"""The steering committee's document pages: write, preview, publish, and the revisions.

Thin views over ``documents.editing`` (the one save), ``powg.revisions`` (tokens,
conflicts) and ``powg.revision_views`` (the history pages). Steering committee only:
members get 403, the public the login page.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from documents.edit_forms import DocumentEditForm
from documents.editing import after_restore, save_document
from documents.models import Document
from documents.views import reading_context
from powg import revision_views
from powg.permissions import steering_only
from powg.publishing import Action, available_actions
from powg.revisions import revision_token
from powg.slugs import find_by_slug
from powg.visibility import Visibility


def _document(request, slug):
    """The document at ``slug`` (or a redirect from an old slug); 404 when there is none."""
    document, moved = find_by_slug(request, Document.objects.visible_to(request.user), slug)
    if moved is None and document is None:
        raise Http404
    return document, moved


def _edit_page(request, form, document, *, conflict=None, status=200):
    file_chosen = bool(request.FILES.get("file"))
    context = {
        "form": form,
        "document": document,
        "actions": available_actions(document),
        "revision": revision_token(document),
        "conflict": conflict,
        "file_lost": file_chosen and (conflict is not None or form.errors),
        "error_links": form.error_links() if form.is_bound else [],
    }
    return render(request, "documents/edit/form.html", context, status=status)


def _after_save(request, result, action):
    document = result.document
    done = {
        Action.SAVE: _("Saved."),
        Action.PREVIEW: _("Saved. This is the preview."),
        Action.PUBLISH: _("Published: readers see it now."),
        Action.SCHEDULE: _("Scheduled: it becomes visible at the time you chose."),
        Action.UNPUBLISH: _(
            "Unpublished: it is a draft again, seen by the steering committee only."
        ),
        Action.ARCHIVE: _("Archived: still readable at its address, out of the listings."),
    }
    messages.success(request, done[action])
    if result.file_problem:
        messages.warning(
            request,
            _("The file's text could not be read for search: %(problem)s.")
            % {"problem": result.file_problem},
        )
    if action == Action.PREVIEW:
        return redirect("documents:document-preview", slug=document.slug)
    return redirect("documents:document-edit", slug=document.slug)


def _action(request):
    action = request.POST.get("action", Action.SAVE)
    return action if action in Action.ALL else Action.SAVE


@steering_only
@require_http_methods(["GET", "HEAD", "POST"])
def document_new(request):
    """Write a new document: save it as a draft, preview it, publish or schedule it."""
    action = _action(request)
    if request.method != "POST":
        form = DocumentEditForm(user=request.user, initial={"visibility": Visibility.PUBLIC})
        return _edit_page(request, form, None)
    form = DocumentEditForm(request.POST, request.FILES, user=request.user, action=action)
    if not form.is_valid():
        return _edit_page(request, form, None)
    return _after_save(request, save_document(form=form, by=request.user, action=action), action)


@steering_only
@require_http_methods(["GET", "HEAD", "POST"])
def document_edit(request, slug):
    """Change a document, its file and its links; publish, schedule, unpublish, archive it."""
    document, moved = _document(request, slug)
    if moved is not None:
        return moved
    action = _action(request)
    if request.method != "POST":
        return _edit_page(request, DocumentEditForm(instance=document, user=request.user), document)
    form = DocumentEditForm(
        request.POST, request.FILES, instance=document, user=request.user, action=action
    )
    if not form.is_valid():
        return _edit_page(request, form, document)
    result = save_document(
        form=form, by=request.user, action=action, revision=request.POST.get("revision", "")
    )
    if result.conflict is not None:
        fresh = Document.objects.get(pk=document.pk)
        return _edit_page(request, form, fresh, conflict=result.conflict)
    return _after_save(request, result, action)


@steering_only
@require_safe
def document_preview(request, slug):
    """See a document exactly as its readers will, drafts and scheduled ones included."""
    document, moved = _document(request, slug)
    if moved is not None:
        return moved
    # The public's own view of what surrounds it (counterpart, related documents).
    viewer = None if document.visibility == Visibility.PUBLIC else request.user
    visible = Document.objects.visible_to(viewer)
    context = reading_context(request, document, visible)
    context["preview"] = True
    return render(request, "documents/document_detail.html", context)


def _history_urls(document):
    return {
        "base_url": reverse("documents:document-history", kwargs={"slug": document.slug}),
        "edit_url": reverse("documents:document-edit", kwargs={"slug": document.slug}),
    }


@steering_only
@require_safe
def document_history(request, slug):
    """Every saved revision of a document: who, when, what changed."""
    document, moved = _document(request, slug)
    if moved is not None:
        return moved
    return revision_views.history_page(
        request, document, title=document.title, **_history_urls(document)
    )


@steering_only
@require_safe
def document_revision(request, slug, history_id):
    """One revision of a document compared with the live version, to restore it."""
    document, moved = _document(request, slug)
    if moved is not None:
        return moved
    return revision_views.revision_page(
        request, document, history_id, title=document.title, **_history_urls(document)
    )


@steering_only
@require_POST
def document_restore(request, slug, history_id):
    """Make a past revision of a document the live one again (a new revision)."""
    document, moved = _document(request, slug)
    if moved is not None:
        return moved
    return revision_views.restore_view(
        request,
        document,
        history_id,
        base_url=_history_urls(document)["base_url"],
        after_restore=after_restore,
    )
