"""Recommendation boxes on other pages: a document's, a theme's and an event's."""

from django import template

from documents import recommendation_queries as queries

register = template.Library()


@register.inclusion_tag("documents/includes/recommendations_document.html", takes_context=True)
def document_recommendations(context, document):
    """The document's recommendations the visitor may see, by addressee: two queries."""
    groups = queries.of_document(context["request"].user, document)
    return {"document": document, "groups": groups}


@register.inclusion_tag("documents/includes/recommendations_theme.html", takes_context=True)
def theme_recommendations(context, theme):
    """A theme's newest visible recommendations and its counts per status."""
    recommendations, counts = queries.of_theme(context["request"].user, theme)
    return {"theme": theme, "recommendations": recommendations, "counts": counts}


@register.inclusion_tag("documents/includes/recommendations_event.html", takes_context=True)
def event_recommendations(context, outcome_documents):
    """The visible recommendations of an event's outcome documents (as the page lists
    them, each already through ``visible_to``)."""
    return {"documents": queries.of_event(context["request"].user, outcome_documents)}
