"""The steering committee's translation parity page: ``/translations/`` in both languages."""

from django.urls import path

from documents import views_translations as views

app_name = "translations"
urlpatterns = [
    path("", views.parity, name="parity"),
    path("gaps.csv", views.gaps_csv, name="gaps-csv"),
    path("<int:pk>/plan/", views.mark_gap, name="plan"),
]
