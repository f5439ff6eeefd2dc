"""Library pages: the list with facets and search, reading pages, files, themes."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from documents import citations
from documents.facets import pairs_facets_and_page
from documents.files import CONTENT_TYPES, safe_download_name
from documents.filters import SORTS, LibraryFilters, filter_params
from documents.library import (
    PER_PAGE,
    attach_themes,
    library_page,
    localized_url,
    reader_language,
)
from documents.models import Document, DocumentType, Language, ThematicArea
from events.models import Event
from powg.context_processors import language_versions
from powg.markdown import render_markdown
from powg.params import page_number
from powg.roles import is_member
from powg.slugs import find_by_slug

FACET_TITLES = [
    ("theme", _("Thematic area")),
    ("type", _("Type")),
    ("year", _("Year")),
    ("language", _("Language")),
    ("organization", _("Published by")),
]


@require_safe
def document_list(request):
    """Browse, filter and search the library; the site-wide search box lands here."""
    filters = LibraryFilters.from_params(request.GET)
    raw_query = request.GET.get("q", "")
    result = library_page(
        user=request.user,
        filters=filters,
        number=page_number(request),
        path=request.path,
        params=filter_params(request.GET),
    )
    return render(
        request,
        "documents/document_list.html",
        {
            "filters": filters,
            "raw_query": raw_query,
            "query_was_unusable": filters.unusable_query,
            "page_obj": result.page,
            "documents": result.documents,
            "total": result.total,
            "facets": result.facets,
            "active_theme": result.active_theme,
            "active_organization": result.active_organization,
            "sorts": [
                (key, label) for key, label in SORTS.items() if key != "relevance" or filters.q
            ],
            "facet_titles": FACET_TITLES,
            "type_labels": dict(DocumentType.choices),
            "language_labels": dict(Language.choices),
        },
    )


def announced_to_public():
    """Members-only documents announced to the public, once their scheduled time has come."""
    return Document.objects.announced_to_public().exclude(published_at__gt=timezone.now())


@require_safe
def document_detail(request, slug):
    """Read a document, download its file, cite it, find related work."""
    visible = Document.objects.visible_to(request.user)
    document, redirect_response = find_by_slug(
        request, visible.prefetch_related("publishing_organizations"), slug
    )
    if redirect_response is not None:
        return redirect_response
    if document is None:
        if not is_member(request.user):
            announced = announced_to_public().filter(slug=slug).first()
            if announced is not None:
                return render(
                    request, "documents/document_members_only.html", {"document": announced}
                )
        language_versions(request, versions={}, canonical=request.path)  # no equivalents
        raise Http404
    return render(
        request, "documents/document_detail.html", reading_context(request, document, visible)
    )


def reading_context(request, document, visible) -> dict:
    """What the reading page shows of ``document``: the public page and its preview.

    ``visible`` is the viewer's ``visible_to`` queryset (counterpart, related documents).
    """
    body_html, toc_html = render_markdown(document.body, with_toc=True)
    other_version = (
        visible.filter(pk=document.other_language_version_id)
        .only("title", "slug", "language")
        .first()
    )
    reader = reader_language()
    versions = {document.language: localized_url(document)}
    if other_version is not None and other_version.language != document.language:
        versions[other_version.language] = localized_url(other_version)
    # The switcher, hreflang and canonical of base.html read the pair from here.
    language_versions(request, versions=versions, canonical=versions[document.language])
    related_event = (
        Event.objects.visible_to(request.user).filter(pk=document.related_event_id).first()
    )
    related = visible.listed().related_to(document)
    return {
        "document": document,
        "themes": attach_themes([document])[0].theme_list,
        "organizations": list(document.publishing_organizations.all()),
        "body_html": body_html,
        "toc_html": toc_html,
        "other_version": other_version,
        "other_version_url": versions.get(getattr(other_version, "language", None)),
        "only_in_language": (
            document.language if other_version is None and document.language != reader else None
        ),
        "related_event": related_event,
        "related": related,
        "citation": citations.plain(document, request),
        "json_ld": citations.json_ld(document, request),
    }


@require_safe
def document_download(request, slug):
    """Download a document's file, if the viewer may read the document."""
    return _checked_file(
        request,
        slug,
        "file",
        lambda document: FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=safe_download_name(document),
            content_type=CONTENT_TYPES.get(document.file_type, "application/octet-stream"),
        ),
        version=lambda document: document.file_size,
    )


@require_safe
def document_cover(request, slug):
    """See a document's cover thumbnail, if the viewer may download its file."""
    return _checked_file(
        request,
        slug,
        "thumbnail",
        lambda document: FileResponse(document.thumbnail.open("rb"), content_type="image/webp"),
        version=lambda document: document.thumbnail.name,  # a new picture, a new name
    )


def _checked_file(request, slug, field, respond, *, version):
    """A document's file or cover, for whoever may read the document, with ETag and 304.

    One check for both: a cover never shows more than its file. ``respond(document)``
    makes the response from the stored file; ``version(document)`` goes in the ETag.
    """
    document = (
        Document.objects.visible_to(request.user)
        .only("slug", "file_type", "file_size", "updated_at", "visibility", "status", field)
        .filter(slug=slug)
        .first()
    )
    if document is None:
        if not request.user.is_authenticated and announced_to_public().filter(slug=slug).exists():
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not getattr(document, field):
        raise Http404
    etag = quote_etag(f"{document.pk}-{int(document.updated_at.timestamp())}-{version(document)}")
    last_modified = int(document.updated_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        try:
            response = respond(document)
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
    else:
        response = not_modified
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Every copy is checked again each time (a cheap 304 with the ETag). A public file
    # may sit in shared caches (it may have become members-only since: hence no-cache);
    # a restricted one is only ever sent to a logged-in reader, private by the middleware.
    patch_cache_control(
        response, no_cache=True, **({} if document.is_restricted else {"public": True})
    )
    return response


@require_safe
def document_citation(request, slug, fmt):
    """Download a citation of the document (BibTeX or RIS)."""
    document = get_object_or_404(
        Document.objects.visible_to(request.user).prefetch_related("publishing_organizations"),
        slug=slug,
    )
    if fmt == "bib":
        content, content_type = citations.bibtex(document, request), "application/x-bibtex"
    else:
        content, content_type = (
            citations.ris(document, request),
            "application/x-research-info-systems",
        )
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{safe_download_name(document).rsplit(".", 1)[0]}.{fmt}"'
    )
    return response


@require_safe
def theme_list(request):
    """Every thematic area the group works on, with how many documents each has."""
    counts = pairs_facets_and_page(
        Document.objects.visible_to(request.user).listed(), preferred=reader_language()
    )[0]["theme"]
    themes = list(ThematicArea.objects.all())
    for theme in themes:
        theme.document_count = counts.get(str(theme.pk), 0)
    return render(request, "documents/theme_list.html", {"themes": themes})


@require_safe
def theme_detail(request, slug):
    """A thematic area: its description, latest documents, events and experts."""
    theme = get_object_or_404(ThematicArea, slug=slug)
    visible = Document.objects.visible_to(request.user)
    documents = (
        visible.listed()
        .with_theme_id(theme.pk)
        .one_version_per_pair(reader_language())
        .for_cards()
        .with_counterpart_slug(visible)
        .newest()
    )
    page = Paginator(documents, PER_PAGE).get_page(page_number(request))
    return render(
        request,
        "documents/theme_detail.html",
        {"theme": theme, "page_obj": page, "documents": attach_themes(list(page.object_list))},
    )


@require_safe
def robots_txt(request):
    """Where crawlers may go, and where the sitemap is."""
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
