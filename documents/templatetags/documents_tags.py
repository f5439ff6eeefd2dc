from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from documents.filters import FILTER_PARAMS
from documents.library import attach_themes, reader_language
from documents.models import Document
from powg import formats

register = template.Library()


@register.inclusion_tag("documents/includes/home_latest.html", takes_context=True)
def latest_documents(context, limit=5):
    """The latest publications the viewer may read, a document and its translation once."""
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = Document.objects.visible_to(user)
    documents = list(
        visible.listed()
        .one_version_per_pair(reader_language())
        .for_cards()
        .with_counterpart_slug(visible)
        .newest()[:limit]
    )
    return {"documents": attach_themes(documents), "request": request}


@register.simple_tag(takes_context=True)
def hidden_filters(context, *excluded):
    """Hidden inputs carrying the current filters into a form (search box, sort)."""
    request = context["request"]
    inputs = [
        format_html('<input type="hidden" name="{}" value="{}">', key, value)
        for key, values in request.GET.lists()
        if key not in excluded and key in FILTER_PARAMS
        for value in values[:1]
    ]
    return mark_safe("".join(inputs))


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def filesize_label(size):
    """A file size as people read it (KB / MB), in the page's language."""
    return formats.filesize(size) if size else ""
