from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("library/", views.document_list, name="document-list"),
    path("library/<slug:slug>/", views.document_detail, name="document-detail"),
    path("library/<slug:slug>/download/", views.document_download, name="document-download"),
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
]
