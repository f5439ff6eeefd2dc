"""The recommendations tracker's reading pages: the list, the summary, one recommendation."""

import json
from contextlib import nullcontext

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from documents import recommendation_queries as queries
from powg.csvexport import csv_response
from powg.links import absolute_url
from powg.markdown import render_markdown
from powg.params import page_number
from powg.search import index_scans_for_search

PER_PAGE = 20


def _search_context(filters):
    """A search's queries with sequential scans discouraged (see powg.search)."""
    return index_scans_for_search() if filters.q else nullcontext()


@require_safe
def recommendation_list(request):
    """Filter and search every recommendation the group made, and export the result."""
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        return recommendation_export_csv(request)
    if fmt == "json":
        return recommendation_export_json(request)
    filters = queries.RecommendationFilters.from_params(request.GET)
    with _search_context(filters):
        page = Paginator(queries.filtered_list(request.user, filters), PER_PAGE).get_page(
            page_number(request)
        )
        recommendations = list(page.object_list)
    counts = queries.status_counts(request.user, filters, request.path)
    return render(
        request,
        "documents/recommendations/recommendation_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "recommendations": recommendations,
            "status_counts": counts,
            "options": queries.filter_options(request.user),
            "export_query": filters.query_string(),
        },
    )


def _export_rows(request):
    filters = queries.RecommendationFilters.from_params(request.GET)
    with _search_context(filters):
        return list(queries.filtered_list(request.user, filters))


@require_safe
def recommendation_export_csv(request):
    """Download the filtered list as CSV: one row per recommendation and addressee."""
    header = [
        _("Address"),
        _("Source document"),
        _("Year"),
        _("Number"),
        _("Text"),
        _("Thematic areas"),
        _("Addressee"),
        _("Response"),
        _("Implementation status"),
        _("Progress (%)"),
        _("Latest evidence"),
    ]
    rows = []
    for recommendation in _export_rows(request):
        common = [
            absolute_url(recommendation.get_absolute_url(), request),
            recommendation.document.title,
            recommendation.document.publication_date.year,
            recommendation.number,
            recommendation.text,
            "; ".join(theme.label for theme in recommendation.themes.all()),
        ]
        assignments = recommendation.assignments.all() or [None]
        for assignment in assignments:
            if assignment is None:
                rows.append([*common, "", "", "", "", ""])
                continue
            rows.append(
                [
                    *common,
                    assignment.addressee.label,
                    assignment.get_response_display(),
                    assignment.get_status_display(),
                    assignment.progress,
                    assignment.last_update_on.isoformat() if assignment.last_update_on else "",
                ]
            )
    return csv_response("recommendations.csv", header, rows)


@require_safe
def recommendation_export_json(request):
    """Download the filtered list as JSON, each recommendation with its addressees."""
    items = [
        {
            "id": recommendation.pk,
            "url": absolute_url(recommendation.get_absolute_url(), request),
            "document": {
                "title": recommendation.document.title,
                "url": absolute_url(recommendation.document_url, request),
                "date": recommendation.document.publication_date.isoformat(),
            },
            "number": recommendation.number,
            "parent": recommendation.parent.number if recommendation.parent_id else None,
            "text": recommendation.text,
            "themes": [theme.slug for theme in recommendation.themes.all()],
            "progress": recommendation.progress,
            "addressees": [
                {
                    "addressee": assignment.addressee.slug,
                    "name": assignment.addressee.label,
                    "response": assignment.response,
                    "status": assignment.status,
                    "progress": assignment.progress,
                    "latest_evidence": (
                        assignment.last_update_on.isoformat() if assignment.last_update_on else None
                    ),
                }
                for assignment in recommendation.assignments.all()
            ],
        }
        for recommendation in _export_rows(request)
    ]
    response = HttpResponse(
        json.dumps(items, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="recommendations.json"'
    return response


@require_safe
def recommendation_summary(request):
    """See, per addressee and per theme, how far the recommendations have come."""
    data = queries.summary(request.user, reverse("documents:recommendation-list"))
    return render(request, "documents/recommendations/recommendation_summary.html", data)


@require_safe
def recommendation_detail(request, pk):
    """Read one recommendation: to whom, what each did with it, the evidence, its links."""
    recommendation = queries.for_detail(request.user, pk)
    if recommendation is None:
        raise Http404
    text_html = render_markdown(recommendation.text)
    assignments = queries.panels(request.user, recommendation)
    for assignment in assignments:
        for update in assignment.updates.all():
            update.note_html = render_markdown(update.note)
    parent_html = render_markdown(recommendation.parent.text) if recommendation.parent_id else ""
    return render(
        request,
        "documents/recommendations/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "document": recommendation.document,
            "text_html": text_html,
            "parent_html": parent_html,
            "children": queries.children_of(recommendation),
            "assignments": assignments,
            "related": queries.related(request.user, recommendation),
        },
    )
