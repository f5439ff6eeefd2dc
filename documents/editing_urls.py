"""The steering committee's document pages, under ``library/`` in the ``documents`` namespace."""

from django.urls import path

from documents import views_editing as views

urlpatterns = [
    path("new/", views.document_new, name="document-new"),
    path("<slug:slug>/edit/", views.document_edit, name="document-edit"),
    path("<slug:slug>/preview/", views.document_preview, name="document-preview"),
    path("<slug:slug>/history/", views.document_history, name="document-history"),
    path(
        "<slug:slug>/history/<int:history_id>/",
        views.document_revision,
        name="document-revision",
    ),
    path(
        "<slug:slug>/history/<int:history_id>/restore/",
        views.document_restore,
        name="document-restore",
    ),
]
