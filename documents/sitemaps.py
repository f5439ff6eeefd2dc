"""The site's sitemap: public documents, the theme pages and public events, nothing else."""

from django.contrib.sitemaps import Sitemap

from documents.models import Document, ThematicArea
from events.sitemaps import EventSitemap


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        # Through visible_to: a scheduled document is listed from its time on.
        return Document.objects.visible_to(None).public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ThemeSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ThematicArea.objects.all()


SITEMAPS = {"documents": DocumentSitemap, "themes": ThemeSitemap, "events": EventSitemap}
