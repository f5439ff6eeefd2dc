"""The archive import on the site: upload a ZIP and its CSV, check and correct the
preview, confirm, follow the import, read and download its report.

Thin views over ``documents.archive`` (reading, checking, the report) and the two jobs
of ``documents.tasks`` (analyse_archive, import_archive). Steering committee only:
members get 403, the public the login page. A batch is the committee's, not one
person's: every member of it sees every batch.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from documents import archive
from documents.archive_forms import EDITABLE, ArchiveUploadForm, RowFormSet, row_initial
from documents.models.archive import ArchiveImport, ArchiveImportRow, ImportState, RowOutcome
from powg import jobs
from powg.permissions import steering_only


def _blocking(row) -> bool:
    return bool(archive.blocking(row.problems or []))


def _messages_by_field(row) -> dict:
    found = {}
    for problem in row.problems or []:
        found.setdefault(problem.get("field") or "", []).append(archive.problem_message(problem))
    return found


def _counts(rows) -> dict:
    skipped = sum(1 for row in rows if row.outcome == RowOutcome.SKIPPED)
    attention = sum(1 for row in rows if row.outcome != RowOutcome.SKIPPED and _blocking(row))
    return {"skipped": skipped, "attention": attention, "ready": len(rows) - skipped - attention}


@steering_only
@require_http_methods(["GET", "HEAD", "POST"])
def archive_list(request):
    """See the archive imports and start one: upload a ZIP of files and, if any, a CSV."""
    bound = request.method == "POST"
    form = ArchiveUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        upload, metadata = form.cleaned_data["archive"], form.cleaned_data.get("metadata")
        with transaction.atomic():
            batch = ArchiveImport(created_by=request.user, archive_name=upload.name[:300])
            batch.archive.save(upload.name, upload, save=False)
            if metadata:
                batch.metadata_name = metadata.name[:300]
                batch.metadata.save(metadata.name, metadata, save=False)
            batch.save()
            jobs.defer("documents.tasks.analyse_archive", batch_id=batch.pk)
        messages.success(request, _("The files are being read. The preview appears here next."))
        for warning in form.warnings:
            messages.warning(request, warning)
        return redirect(batch)
    status = 400 if form.errors else 200
    if form.errors and request.FILES:
        messages.info(
            request, _("For your safety, the browser forgets chosen files: choose them again.")
        )
    batches = ArchiveImport.objects.select_related("created_by")[:100]
    context = {"form": form, "batches": batches}
    return render(request, "documents/archive/list.html", context, status=status)


def _rows(batch):
    return list(ArchiveImportRow.objects.filter(batch=batch).select_related("document"))


def _table(rows, formset):
    """The preview's rows: each with its form, its messages by cell and blocking flag."""
    by_pk = {
        str(form.initial.get("row") or form.data.get(f"{form.prefix}-row")): form
        for form in formset
    }
    table = []
    for row in rows:
        form = by_pk.get(str(row.pk))
        found = _messages_by_field(row)
        cells = [
            {"field": form[name] if form else None, "name": name, "messages": found.get(name, [])}
            for name in EDITABLE
        ]
        table.append(
            {
                "row": row,
                "form": form,
                "cells": cells,
                "messages": [m for ms in found.values() for m in ms],
                "blocking": _blocking(row) and row.outcome != RowOutcome.SKIPPED,
            }
        )
    return table


@steering_only
@require_http_methods(["GET", "HEAD", "POST"])
def archive_import(request, pk):
    """Follow a batch: its progress, its preview to correct and confirm, or its report."""
    batch = get_object_or_404(ArchiveImport.objects.select_related("created_by"), pk=pk)
    rows = _rows(batch)
    formset = None
    if batch.state == ImportState.PREVIEW:
        if request.method == "POST":
            formset = RowFormSet(request.POST, prefix="row")
            if formset.is_valid():
                _save_edits(rows, formset)
                messages.success(request, _("Saved and checked again."))
                return redirect(batch)
        else:
            formset = RowFormSet(initial=[row_initial(row) for row in rows], prefix="row")
    elif request.method == "POST":
        messages.warning(request, _("This import is no longer waiting for changes."))
        return redirect(batch)
    context = {
        "batch": batch,
        "rows": rows,
        "formset": formset,
        "table": _table(rows, formset) if formset is not None else None,
        "counts": _counts(rows),
        "imported": [r for r in rows if r.outcome == RowOutcome.IMPORTED],
        "skipped": [r for r in rows if r.outcome == RowOutcome.SKIPPED],
        "attention": [r for r in rows if r.outcome == RowOutcome.ATTENTION],
    }
    return render(request, "documents/archive/batch.html", context)


def _save_edits(rows, formset) -> None:
    """Apply the corrected cells, then check every row again (duplicates, counterparts)."""
    by_pk = {row.pk: row for row in rows}
    left_out = set()
    for form in formset:
        row = by_pk.get(form.cleaned_data.get("row"))
        if row is None or row.outcome == RowOutcome.IMPORTED:
            continue
        values = dict(row.values or {})
        values.update({name: form.cleaned_data.get(name, "").strip() for name in EDITABLE})
        row.values = values
        if form.cleaned_data.get("skip"):
            left_out.add(row.pk)
    archive.recheck_rows(rows, left_out=left_out)


@steering_only
@require_POST
def archive_confirm(request, pk):
    """Start the import of a previewed batch (once: a second click changes nothing)."""
    with transaction.atomic():
        batch = get_object_or_404(ArchiveImport.objects.select_for_update(), pk=pk)
        if batch.state != ImportState.PREVIEW:
            messages.warning(request, _("This import was already confirmed or cancelled."))
            return redirect(batch)
        counts = _counts(_rows(batch))
        batch.state = ImportState.IMPORTING
        batch.progress_done, batch.progress_total, batch.current_file = 0, 0, ""
        batch.save(update_fields=["state", "progress_done", "progress_total", "current_file"])
        jobs.defer("documents.tasks.import_archive", batch_id=batch.pk)
    messages.success(
        request,
        ngettext(
            "Importing %(count)d file as a draft unless the CSV says otherwise.",
            "Importing %(count)d files as drafts unless the CSV says otherwise.",
            counts["ready"],
        )
        % {"count": counts["ready"]},
    )
    return redirect(batch)


@steering_only
@require_POST
def archive_cancel(request, pk):
    """Cancel a batch before it is confirmed: nothing is imported."""
    with transaction.atomic():
        batch = get_object_or_404(ArchiveImport.objects.select_for_update(), pk=pk)
        if batch.state not in (ImportState.PREVIEW, ImportState.FAILED):
            messages.warning(
                request, _("Only an import waiting for confirmation can be cancelled.")
            )
            return redirect(batch)
        batch.state = ImportState.CANCELLED
        batch.finished_at = timezone.now()
        archive.discard_uploads(batch)  # an archive may be large: nothing keeps it
        batch.save(update_fields=["state", "finished_at", "archive", "metadata"])
    messages.success(request, _("Import cancelled: nothing was imported."))
    return redirect("documents:archive-imports")


@steering_only
@require_safe
def archive_progress(request, pk):
    """The batch's progress as JSON, for the page's progress bar."""
    batch = get_object_or_404(ArchiveImport, pk=pk)
    return JsonResponse(
        {
            "state": batch.state,
            "state_label": batch.get_state_display(),
            "working": batch.is_working,
            "done": batch.progress_done,
            "total": batch.progress_total,
            "percent": batch.percent,
            "current_file": batch.current_file,
            "error": batch.error,
        }
    )


@steering_only
@require_safe
def archive_report(request, pk):
    """The batch's report as a CSV that can be corrected and uploaded again."""
    batch = get_object_or_404(ArchiveImport, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-report.csv"'
    archive.write_report(_rows(batch), response)
    return response
