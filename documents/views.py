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
