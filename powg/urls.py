from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from documents import oai
from powg import health, views, views_audit, views_editing

admin.site.site_header = _("Peace Operations Working Group: administration")
admin.site.site_title = _("PO Working Group admin")
admin.site.index_title = _("Portal administration")
# The admin's own login form would skip allauth's rate limits: send it through allauth.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),  # no language prefix or redirect
    path("oai/", oai.oai, name="oai"),  # OAI-PMH: one address for harvesters
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("pages/<str:name>/edit/", views_editing.page_edit, name="page-edit"),
    path("pages/<str:name>/history/", views_editing.page_history, name="page-history"),
    path(
        "pages/<str:name>/history/<int:history_id>/",
        views_editing.page_revision,
        name="page-revision",
    ),
    path(
        "pages/<str:name>/history/<int:history_id>/restore/",
        views_editing.page_restore,
        name="page-restore",
    ),
    path("drafts/", views_editing.drafts, name="drafts"),
    path("audit/", views_audit.audit_log, name="audit"),
    path("audit/export.csv", views_audit.audit_export, name="audit-export"),
    path("accounts/", include("allauth.urls")),
    path("", include("documents.urls")),
    path("translations/", include("documents.translation_urls")),
    path("", include("events.urls")),
    path("", include("members.urls")),
    prefix_default_language=False,
)

handler400 = "powg.views.bad_request"
handler403 = "powg.views.permission_denied"
handler404 = "powg.views.page_not_found"
handler500 = "powg.views.server_error"
