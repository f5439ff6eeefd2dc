from django import template

register = template.Library()


@register.inclusion_tag("documents/includes/home_latest.html", takes_context=True)
def latest_documents(context, limit=5):
    """The latest publications the viewer may read (filled in by the library)."""
    return {"documents": [], "request": context.get("request")}
