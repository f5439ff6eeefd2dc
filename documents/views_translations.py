"""The steering committee's translation parity page, its CSV, and marking a gap."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from documents import translation_queries as queries
from documents.models import Document, DocumentType, Language, ThematicArea, TranslationPlan
from documents.translation_forms import TranslationPlanForm
from documents.translations import set_translation_plan
from powg.csvexport import csv_response
from powg.links import absolute_url
from powg.params import page_number
from powg.permissions import steering_only
from powg.visibility import Status

# 25 rows, each with its form, keep the page (HTML, CSS and JS) under 100 KB at any size.
PER_PAGE = 25


def _page_query(filters, page):
    """The page's query string (filters and page number): marking forms come back to it."""
    return filters.query_string(page=page if page > 1 else None)


def _render(request, filters, *, bound=None):
    today = timezone.localdate()
    themes = list(ThematicArea.objects.order_by("display_order", "name"))
    parity = queries.parity(
        request.user, include_archived=filters.archived, themes=themes, today=today
    )
    base = reverse("translations:parity")
    parity.link_rows(base, archived=filters.archived)
    page = Paginator(queries.gaps(request.user, filters, today=today), PER_PAGE).get_page(
        page_number(request)
    )
    rows = list(page.object_list)
    listed = False
    for gap in rows:
        queries.describe(gap, today)
        if bound is not None and bound.document.pk == gap.pk:
            gap.plan_form, listed = bound, True
        else:
            gap.plan_form = TranslationPlanForm(document=gap)
    query = _page_query(filters, page.number)
    return render(
        request,
        "documents/translations.html",
        {
            "filters": filters,
            "parity": parity,
            "page_obj": page,
            "gaps": rows,
            # a form with errors whose gap the filters no longer list: shown on its own
            "unlisted_form": None if listed else bound,
            "query": query,
            "late_link": base
            + queries.GapFilters(plan="late", archived=filters.archived).query_string()
            + "#gaps",
            "options": {
                "types": DocumentType.choices,
                "themes": themes,
                "years": queries.year_choices(parity),
                "languages": Language.choices,
                "plans": queries.plan_choices(),
                "sorts": queries.sort_choices(),
            },
            "today": today,
        },
    )


@steering_only
@require_safe
def parity(request):
    """See what exists in one language only, per type, theme and year, and plan its translation."""
    return _render(request, queries.GapFilters.from_params(request.GET))


def _saved_message(document, today):
    values = {"title": document.title}
    if document.translation_plan == TranslationPlan.PLANNED:
        values["date"] = formats.date_format(document.translation_due, "j F Y")
        if document.translation_due < today:
            return messages.WARNING, _(
                "“%(title)s”: translation planned by %(date)s. That date has passed, "
                "so it shows as late."
            ) % values
        return messages.SUCCESS, _("“%(title)s”: translation planned by %(date)s.") % values
    if document.translation_plan == TranslationPlan.NOT_PLANNED:
        return messages.SUCCESS, _("“%(title)s”: no translation planned.") % values
    return messages.SUCCESS, _("“%(title)s”: the translation is back to not decided.") % values


@steering_only
@require_POST
def mark_gap(request, pk):
    """Mark one gap as planned (with a date), not planned, or not decided."""
    document = get_object_or_404(
        Document.objects.visible_to(request.user).only(*queries.GAP_FIELDS), pk=pk
    )
    filters = queries.GapFilters.from_params(request.GET)
    form = TranslationPlanForm(request.POST, document=document)
    if form.is_valid():
        try:
            set_translation_plan(
                document=document,
                plan=form.cleaned_data["plan"],
                due=form.cleaned_data["due"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            level, text = _saved_message(document, timezone.localdate())
            messages.add_message(request, level, text)
            query = _page_query(filters, page_number(request))
            return redirect(reverse("translations:parity") + query)
    messages.error(
        request,
        _("“%(title)s”: the plan was not saved. %(errors)s")
        % {
            "title": document.title,
            "errors": " ".join(message for errors in form.errors.values() for message in errors),
        },
    )
    return _render(request, filters, bound=form)


@steering_only
@require_safe
def gaps_csv(request):
    """Download the gap list, with the page's filters, as CSV."""
    filters = queries.GapFilters.from_params(request.GET)
    today = timezone.localdate()
    # Labels once, not per row (each lazy label is a catalogue lookup).
    languages, types, plans, statuses = (
        {value: str(label) for value, label in choices}
        for choices in (
            Language.choices,
            DocumentType.choices,
            TranslationPlan.choices,
            Status.choices,
        )
    )
    yes, no = _("yes"), _("no")
    # Every address differs only by its slug: resolved once.
    marker = "slug-placeholder"
    address = absolute_url(reverse("documents:document-detail", kwargs={"slug": marker}), request)
    before, after = address.split(marker, 1)
    header = [
        _("Title"),
        _("Address"),
        _("Language"),
        _("Missing language"),
        _("Type"),
        _("Year"),
        _("Status"),
        _("Gap since"),
        _("Gap age (days)"),
        _("Translation"),
        _("Expected by"),
        _("Late"),
    ]
    rows = []
    for gap in queries.gaps(request.user, filters, today=today).iterator(chunk_size=2000):
        queries.describe(gap, today)
        rows.append(
            [
                gap.title,
                f"{before}{gap.slug}{after}",
                languages.get(gap.language, gap.language),
                languages.get(gap.other_language, gap.other_language),
                types.get(gap.document_type, gap.document_type),
                gap.publication_date.year,
                statuses.get(gap.status, gap.status),
                gap.gap_since.isoformat() if gap.gap_since else "",
                gap.age_days,
                plans.get(gap.translation_plan, gap.translation_plan),
                gap.translation_due.isoformat() if gap.translation_due else "",
                yes if gap.is_late else no,
            ]
        )
    return csv_response("translation-gaps.csv", header, rows)
