"""The recommendations tracker's reading pages, under the ``documents`` namespace."""

from django.urls import path

from documents import views_recommendations as views

urlpatterns = [
    path("", views.recommendation_list, name="recommendation-list"),
    path("summary/", views.recommendation_summary, name="recommendation-summary"),
    path("export.csv", views.recommendation_export_csv, name="recommendation-export-csv"),
    path("export.json", views.recommendation_export_json, name="recommendation-export-json"),
    path("<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
]
