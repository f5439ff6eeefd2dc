"""Public events for the site's sitemap (the library's SITEMAPS may include EventSitemap).

Every event page exists in both languages (``/events/<slug>/`` and
``/fr/events/<slug>/``, the French one falling back to English text where a
translation is missing), so each is listed in both, with the other as its alternate.
"""

from django.contrib.sitemaps import Sitemap

from events.models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Event.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at
