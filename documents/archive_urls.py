"""The archive import's pages, under ``library/import/`` in the ``documents`` namespace."""

from django.urls import path

from documents import views_archive as views

urlpatterns = [
    path("", views.archive_list, name="archive-imports"),
    path("<int:pk>/", views.archive_import, name="archive-import"),
    path("<int:pk>/confirm/", views.archive_confirm, name="archive-confirm"),
    path("<int:pk>/cancel/", views.archive_cancel, name="archive-cancel"),
    path("<int:pk>/progress.json", views.archive_progress, name="archive-progress"),
    path("<int:pk>/report.csv", views.archive_report, name="archive-report"),
]
