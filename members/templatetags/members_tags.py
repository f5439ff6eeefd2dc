from django import template

from members.models import Member
from powg.roles import is_member

register = template.Library()


@register.inclusion_tag("members/includes/theme_experts.html", takes_context=True)
def theme_experts(context, theme, limit=12):
    """Members with expertise in a thematic area, shown to members on its theme page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    experts = []
    if is_member(user):
        experts = list(
            Member.objects.visible_to(user)
            .in_directory()
            .with_expertise_in(theme)
            .select_related("organization")[:limit]
        )
    return {"experts": experts, "theme": theme, "request": request}
