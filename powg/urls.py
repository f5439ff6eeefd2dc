from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from powg import health, views

admin.site.site_header = _("Peace Operations Working Group: administration")
admin.site.site_title = _("PO Working Group admin")
admin.site.index_title = _("Portal administration")
# The admin's own login form would skip allauth's rate limits: send it through allauth.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),  # no language prefix or redirect
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
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
