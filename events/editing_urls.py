"""The steering committee's event editing addresses (included by events/urls.py before
the event page's own, so ``new`` is never read as a slug)."""

from django.urls import path

from events import views_editing

urlpatterns = [
    path("events/new/", views_editing.event_new, name="event-new"),
    path("events/<slug:slug>/edit/", views_editing.event_edit, name="event-edit"),
    path("events/<slug:slug>/preview/", views_editing.event_preview, name="event-preview"),
    path("events/<slug:slug>/history/", views_editing.event_history, name="event-history"),
    path(
        "events/<slug:slug>/history/<int:history_id>/",
        views_editing.event_revision,
        name="event-revision",
    ),
    path(
        "events/<slug:slug>/history/<int:history_id>/restore/",
        views_editing.event_restore,
        name="event-restore",
    ),
]
