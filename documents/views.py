from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from documents.models import ThematicArea


@require_safe
def document_list(request):
    """Browse and search the library (the list arrives with the library itself)."""
    return render(request, "documents/document_list.html")


@require_safe
def theme_list(request):
    """Every thematic area the group works on."""
    return render(request, "documents/theme_list.html", {"themes": ThematicArea.objects.all()})


@require_safe
def theme_detail(request, slug):
    """One thematic area."""
    theme = get_object_or_404(ThematicArea, slug=slug)
    return render(request, "documents/theme_detail.html", {"theme": theme})


@require_safe
def document_detail(request, slug):
    """Read one document (the full reading page arrives with the library pages)."""
    from django.shortcuts import redirect

    from documents.models import Document, DocumentSlugHistory

    visible = Document.objects.visible_to(request.user)
    document = visible.filter(slug=slug).first()
    if document is None:
        old = get_object_or_404(DocumentSlugHistory, slug=slug)
        document = get_object_or_404(visible, pk=old.document_id)
        return redirect(document, permanent=True)
    return render(request, "documents/document_list.html", {"document": document})


@require_safe
def document_download(request, slug):
    """Download a document's file (arrives with the library pages)."""
    from django.http import Http404

    raise Http404
