from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("library/", views.document_list, name="document-list"),
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
]
