"""The steering committee's recommendation pages and members' follows, under
``recommendations/`` in the ``documents`` namespace."""

from django.urls import path

from documents import recommendation_edit_views as edit_views
from documents import views_recommendation_editing as views

urlpatterns = [
    path("import/", views.recommendation_import, name="recommendation-import"),
    path("suggestions/", views.suggestion_list, name="recommendation-suggestions"),
    path(
        "suggestions/<int:pk>/confirm/",
        views.suggestion_confirm,
        name="recommendation-suggestion-confirm",
    ),
    path(
        "suggestions/<int:pk>/dismiss/",
        views.suggestion_dismiss,
        name="recommendation-suggestion-dismiss",
    ),
    path("following/", views.following, name="recommendation-following"),
    path("follow/", views.follow, name="recommendation-follow"),
    path("<int:pk>/update/", views.recommendation_update, name="recommendation-update"),
    path("<int:pk>/assign/", views.recommendation_assign, name="recommendation-assign"),
    path("<int:pk>/edit/", edit_views.recommendation_edit, name="recommendation-edit"),
    path("<int:pk>/history/", edit_views.recommendation_history, name="recommendation-history"),
    path(
        "<int:pk>/history/<int:history_id>/",
        edit_views.recommendation_revision,
        name="recommendation-revision",
    ),
    path(
        "<int:pk>/history/<int:history_id>/restore/",
        edit_views.recommendation_restore,
        name="recommendation-restore",
    ),
]
