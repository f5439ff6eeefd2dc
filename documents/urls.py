from django.contrib.sitemaps.views import sitemap
from django.urls import path

from documents import feeds, views
from documents.sitemaps import SITEMAPS

app_name = "documents"
urlpatterns = [
    path("library/", views.document_list, name="document-list"),
    path("library/", ("documents.editing_urls", None, None)),  # = include(); before <slug>
    path("library/import/", ("documents.archive_urls", None, None)),  # = include(); before <slug>
    path("library/feed/rss/", feeds.LatestDocumentsFeed(), name="feed-rss"),
    path("library/feed/atom/", feeds.LatestDocumentsAtomFeed(), name="feed-atom"),
    path("library/<slug:slug>/", views.document_detail, name="document-detail"),
    path("library/<slug:slug>/download/", views.document_download, name="document-download"),
    path("library/<slug:slug>/cover.webp", views.document_cover, name="document-cover"),
    path(
        "library/<slug:slug>/cite.bib",
        views.document_citation,
        {"fmt": "bib"},
        name="document-bibtex",
    ),
    path(
        "library/<slug:slug>/cite.ris",
        views.document_citation,
        {"fmt": "ris"},
        name="document-ris",
    ),
    path("recommendations/", ("documents.recommendation_urls", None, None)),  # = include()
    path("recommendations/", ("documents.recommendation_edit_urls", None, None)),  # = include()
    path("alerts/", ("documents.alert_urls", None, None)),  # = include()
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("themes/<slug:slug>/feed/", feeds.ThemeDocumentsFeed(), name="theme-feed-rss"),
    path("themes/<slug:slug>/feed/atom/", feeds.ThemeDocumentsAtomFeed(), name="theme-feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
