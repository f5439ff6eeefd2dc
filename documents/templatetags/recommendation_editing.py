"""One-line hooks for the reading pages: a member's Follow button, the steering
committee's editing links. Each renders nothing for those who may not use it."""

from django import template
from django.utils.translation import gettext

from documents.models import Addressee, Follow, Recommendation, ThematicArea
from powg.roles import is_member, is_steering

register = template.Library()
STEERING_ACTIONS = "documents/recommendations/edit/status_update_form.html"


def _target(item):
    """(kind, form value, filter) for a recommendation, an addressee or a theme."""
    if isinstance(item, Recommendation):
        return Follow.Kind.RECOMMENDATION, item.pk, {"recommendation": item}
    if isinstance(item, Addressee):
        return Follow.Kind.ADDRESSEE, item.slug, {"addressee": item}
    if isinstance(item, ThematicArea):
        return Follow.Kind.THEME, item.slug, {"theme": item}
    raise template.TemplateSyntaxError("follow_button takes a recommendation, addressee or theme.")


@register.inclusion_tag("documents/recommendations/edit/follow_button.html", takes_context=True)
def follow_button(context, item, label=""):
    """``{% follow_button recommendation %}``: Follow / Stop following, for members only
    (one query)."""
    request = context["request"]
    if not is_member(request.user):
        return {"show": False}
    kind, value, target = _target(item)
    if not label:
        label = getattr(item, "label", None) or _recommendation_label(item)
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
        "target": value,
        "label": label,
        "followed": Follow.objects.of(request.user).target(**target).exists(),
    }


def _recommendation_label(item):
    return gettext("recommendation %(number)s") % {"number": item.number}


@register.inclusion_tag(
    "documents/recommendations/edit/status_update_form.html", takes_context=True
)
def steering_recommendation_actions(context, recommendation, assignment=None):
    """``{% steering_recommendation_actions recommendation assignment %}``: the link to add
    a status update (for that addressee) or an addressee, for the steering committee."""
    return {
        "show": is_steering(context["request"].user),
        "recommendation": recommendation,
        "assignment": assignment,
    }
