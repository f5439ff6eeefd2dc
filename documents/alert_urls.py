"""Email alerts' pages, under the ``documents`` namespace at /alerts/."""

from django.urls import path

from documents import views_alerts as views

urlpatterns = [
    path("", views.subscribe, name="alert-subscribe"),
    path("check-your-email/", views.check_email, name="alert-check-email"),
    path("confirm/<str:token>/", views.confirm, name="alert-confirm"),
    path("preferences/<str:token>/", views.preferences, name="alert-preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="alert-unsubscribe"),
    path("unsubscribed/", views.unsubscribed, name="alert-unsubscribed"),
    path("subscribers/", views.subscribers, name="alert-subscribers"),
]
