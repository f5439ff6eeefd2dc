"""RSS and Atom feeds of public, published documents (site-wide and per theme)."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from documents.models import Document, ThematicArea

FEED_SIZE = 30


def public_documents():
    """What anyone may read, newest first: ``DocumentQuerySet.public()``, the one definition,
    through ``visible_to`` (a scheduled document enters the feed at its time)."""
    return Document.objects.visible_to(None).public().without_texts().newest()


class LatestDocumentsFeed(Feed):
    title = _("Peace Operations Working Group: latest publications")
    description = _("Reports, concept notes, submissions and briefs of the working group.")

    def link(self):
        return reverse("documents:document-list")

    def items(self):
        return public_documents()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return datetime.datetime.combine(
            item.publication_date, datetime.time(12), tzinfo=datetime.UTC
        )

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(item.authors) or None


class LatestDocumentsAtomFeed(LatestDocumentsFeed):
    feed_type = Atom1Feed
    subtitle = LatestDocumentsFeed.description


class ThemeDocumentsFeed(LatestDocumentsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(ThematicArea, slug=slug)

    def title(self, obj):
        return _("Peace Operations Working Group: %(theme)s") % {"theme": obj.label}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.localized_description

    def items(self, obj):
        return public_documents().in_theme(obj)[:FEED_SIZE]


class ThemeDocumentsAtomFeed(ThemeDocumentsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return obj.localized_description
