"""Uploads too large for the portal are refused before their body is read.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE counts form fields but not files, and
FILE_UPLOAD_MAX_MEMORY_SIZE only decides when an upload goes to a temporary file: by
themselves they let a client stream gigabytes to disk before any validator runs. This
middleware answers 413, with a page in the page's language, to any request whose
declared ``Content-Length`` exceeds ``settings.MAX_UPLOAD_SIZE``. Without a
Content-Length Django reads no body at all, so the declared size is the real bound.
In production the proxy refuses earlier still (nginx ``client_max_body_size``, see
deploy/nginx.conf). One exception, by path: the archive import's upload form
(``/library/import/`` and ``/fr/library/import/``, exactly) accepts up to
``settings.ARCHIVE_MAX_UPLOAD_BYTES``, a ZIP of a whole archive. What gets through
is checked by content: documents by ``documents.files.validate_document_file``, logos
by ``members.validators.validate_logo``.
"""

from django.conf import settings
from django.shortcuts import render

ARCHIVE_UPLOAD_PATHS = frozenset({"/library/import/", "/fr/library/import/"})


def declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def upload_limit(path: str) -> int:
    """The largest body accepted at ``path``: the archive upload's, or everyone's."""
    if path in ARCHIVE_UPLOAD_PATHS:
        return max(settings.MAX_UPLOAD_SIZE, settings.ARCHIVE_MAX_UPLOAD_BYTES)
    return settings.MAX_UPLOAD_SIZE


class UploadSizeLimitMiddleware:
    """413 for a request body larger than MAX_UPLOAD_SIZE; nothing of it is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        size, limit = declared_length(request), upload_limit(request.path)
        if size <= limit:
            return self.get_response(request)
        # After LocaleMiddleware: the page is in the language of the page it came from.
        return render(request, "errors/413.html", {"size": size, "limit": limit}, status=413)
