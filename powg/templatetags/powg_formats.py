"""Formats Django lacks in the right form for both languages: ``{{ size|filesize }}``."""

from django import template

from powg import formats

register = template.Library()


@register.filter
def filesize(size):
    """A file size in the page's language: ``1.6 MB`` / ``1,6 Mo``."""
    return formats.filesize(size)
