"""The library's repeated HTML (cards, facet options) rendered once per page in Python."""

from django import template

from documents import cards

register = template.Library()


@register.simple_tag
def document_cards(documents):
    """The page's document cards as ``<li>`` items (see documents.cards)."""
    return cards.document_cards(documents)


@register.simple_tag
def facet_items(options):
    """A facet's options as ``<li>`` links (see documents.cards)."""
    return cards.facet_items(options)


@register.simple_tag
def document_cover(document, loading="lazy"):
    """A document's cover thumbnail or its typed placeholder (see documents.cards)."""
    return cards.document_cover(document, loading=loading)
