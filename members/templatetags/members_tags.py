from django import template

register = template.Library()


@register.inclusion_tag("members/includes/theme_experts.html", takes_context=True)
def theme_experts(context, theme, limit=12):
    """Members with expertise in a thematic area, shown to members on its theme page."""
    return {"experts": [], "theme": theme, "request": context.get("request")}
