"""Absolute addresses of the site's pages, for emails, calendars, feeds and citations.

With a request, the address the visitor used (scheme and host as Django resolved them,
so behind a TLS proxy ``SECURE_PROXY_SSL_HEADER`` decides). Without one (a background
job, a management command), the Site's domain, in https unless ``HTTPS=0``.
"""

from django.conf import settings
from django.contrib.sites.models import Site


def absolute_url(path: str, request=None) -> str:
    """``path`` (starting with one ``/``) as an absolute URL."""
    path = "/" + path.lstrip("/")
    if request is not None:
        return request.build_absolute_uri(path)
    scheme = "https" if getattr(settings, "HTTPS", True) else "http"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"
