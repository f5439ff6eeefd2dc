"""The archive import on the site: upload, preview and its corrections, confirmation,
progress and the report, for each role; bad input answers in words."""

import csv
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from documents.models import Document
from documents.models.archive import ArchiveImport, ArchiveImportRow, ImportState, RowOutcome
from tests import archive_files, factories

pytestmark = pytest.mark.django_db

LIST = "/library/import/"
CSV_HEADER = "file,title,type,date,themes,language,visibility,status\n"


def make_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, zip_bytes=None, csv_text=None, url=LIST):
    data = {}
    if zip_bytes is not None:
        data["archive"] = SimpleUploadedFile("papers.zip", zip_bytes, "application/zip")
    if csv_text is not None:
        data["metadata"] = SimpleUploadedFile("papers.csv", csv_text.encode(), "text/csv")
    return client.post(url, data)


def queued(task):
    return list(
        ProcrastinateJob.objects.filter(task_name=f"documents.tasks.{task}").values_list(
            "args", flat=True
        )
    )


def preview_batch(by, rows=2):
    """A batch waiting for confirmation, its rows as the analysis leaves them."""
    theme = factories.ThematicAreaFactory(name="Women, peace and security", slug="wps")
    batch = ArchiveImport.objects.create(created_by=by, state=ImportState.PREVIEW)
    for n in range(rows):
        ArchiveImportRow.objects.create(
            batch=batch,
            position=n,
            path=f"paper-{n}.pdf",
            checksum=f"{n:064d}",
            file_kind="pdf",
            values={
                "file": f"paper-{n}.pdf",
                "title": f"Paper {n}",
                "type": "report",
                "date": "2007",
                "themes": theme.slug if n else "Space piracy",
                "language": "en",
                "visibility": "public",
                "status": "draft",
            },
            problems=[
                {"field": "themes", "code": "unknown_theme", "params": {"value": "Space piracy"}}
            ]
            if n == 0
            else [],
            outcome=RowOutcome.ATTENTION if n == 0 else RowOutcome.PENDING,
        )
    return batch


def formset_data(batch, changes=None, skip=()):
    rows = list(batch.rows.order_by("position"))
    data = {
        "row-TOTAL_FORMS": str(len(rows)),
        "row-INITIAL_FORMS": str(len(rows)),
        "row-MIN_NUM_FORMS": "0",
        "row-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data[f"row-{n}-row"] = str(row.pk)
        for name in ("title", "type", "date", "themes", "language", "visibility", "status"):
            data[f"row-{n}-{name}"] = row.values.get(name, "")
        data[f"row-{n}-counterpart"] = ""
        if row.position in skip:
            data[f"row-{n}-skip"] = "on"
    for (position, name), value in (changes or {}).items():
        data[f"row-{position}-{name}"] = value
    return data


# --- who may open the pages ------------------------------------------------------------


@pytest.mark.parametrize("role", ["public", "member", "steering", "admin"])
def test_only_the_steering_committee_opens_the_import_pages(role, client_as, steering):
    makers = {
        "public": lambda: None,
        "member": factories.member_user,
        "steering": lambda: steering,
        "admin": factories.admin_account,
    }
    batch = preview_batch(steering)
    client = client_as(makers[role]())
    urls = [LIST, batch.get_absolute_url(), f"{batch.get_absolute_url()}progress.json"]
    for url in urls:
        response = client.get(url)
        if role == "public":
            assert response.status_code == 302 and "/accounts/login/" in response.url
        elif role == "member":
            assert response.status_code == 403
        else:
            assert response.status_code == 200, url
    response = client.post(reverse("documents:archive-confirm", args=[batch.pk]))
    assert (response.status_code in (302, 403)) and queued("import_archive") == (
        [{"batch_id": batch.pk}] if role in ("steering", "admin") else []
    )


def test_the_library_links_the_steering_committee_to_the_import(client_as, steering, member):
    assert LIST.encode() in client_as(steering).get("/library/").content
    assert LIST.encode() not in client_as(member).get("/library/").content


def test_the_list_shows_the_form_and_each_batch(client_as, steering):
    batch = preview_batch(steering)
    batch.archive_name = "old-papers.zip"
    batch.save()
    body = client_as(steering).get(LIST).content.decode()
    assert 'type="file" name="archive"' in body
    assert "old-papers.zip" in body and "Waiting for confirmation" in body


# --- upload ----------------------------------------------------------------------------


def test_upload_makes_a_batch_and_queues_its_analysis(client_as, steering):
    zip_bytes = make_zip({"a.pdf": archive_files.text_pdf("A paper")})
    response = upload(
        client_as(steering), zip_bytes, CSV_HEADER + "a.pdf,A paper,report,2007,,en,,\n"
    )
    batch = ArchiveImport.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    assert batch.created_by == steering and batch.archive_name == "papers.zip"
    assert batch.state == ImportState.ANALYSING and batch.metadata_name == "papers.csv"
    assert batch.archive.read() == zip_bytes
    assert queued("analyse_archive") == [{"batch_id": batch.pk}]


@pytest.mark.parametrize(
    ("zip_bytes", "csv_text", "message"),
    [
        (None, None, "This field is required."),
        (b"not a zip at all", None, "This file is not a ZIP archive."),
        (make_zip({"a.pdf": b"%PDF"}), "", "The submitted file is empty."),
        (make_zip({"a.pdf": b"%PDF"}), "title\nA\n", "no “file” column"),
        (make_zip({"a.pdf": b"%PDF"}), "\x00\x01binary", "not a CSV text file"),
    ],
)
def test_bad_uploads_are_explained_not_500(client_as, steering, zip_bytes, csv_text, message):
    response = upload(client_as(steering), zip_bytes, csv_text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ArchiveImport.objects.exists() and not queued("analyse_archive")


def test_a_zip_too_large_is_refused_in_words(client_as, steering, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 100
    response = upload(client_as(steering), make_zip({"a.pdf": b"x" * 500}))
    assert response.status_code == 400 and "The ZIP file is too large" in response.content.decode()


def test_the_archive_upload_alone_may_exceed_the_portal_limit(client_as, steering, settings):
    settings.MAX_UPLOAD_SIZE = 1000
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 100_000
    client = client_as(steering)
    big = make_zip({"a.pdf": archive_files.text_pdf("A paper", ["word " * 3000])})
    assert 1000 < len(big) < 100_000
    assert upload(client, big).status_code == 302
    assert upload(client, big, url="/library/new/").status_code == 413
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1500
    assert upload(client, big).status_code == 413


# --- preview ---------------------------------------------------------------------------


def test_the_preview_flags_blocking_rows_in_words(client_as, steering):
    batch = preview_batch(steering)
    body = client_as(steering).get(batch.get_absolute_url()).content.decode()
    assert "“Space piracy” is not a thematic area of the library." in body
    assert "Needs attention" in body and "archive-row--blocked" in body
    assert body.count('aria-invalid="true"') == 1
    assert "1 file will be imported." in body and "1 needs attention" in body


def test_saving_the_preview_checks_the_rows_again(client_as, steering):
    batch = preview_batch(steering)
    client = client_as(steering)
    response = client.post(batch.get_absolute_url(), formset_data(batch, {(0, "themes"): "wps"}))
    assert response.status_code == 302
    first, second = batch.rows.order_by("position")
    assert first.values["themes"] == "wps" and first.problems == []
    assert first.outcome == RowOutcome.PENDING
    body = client.get(batch.get_absolute_url()).content.decode()
    assert "Space piracy" not in body and "2 files will be imported." in body
    # A new mistake is found as soon as it is saved.
    client.post(batch.get_absolute_url(), formset_data(batch, {(1, "title"): ""}))
    second.refresh_from_db()
    assert [p["code"] for p in second.problems] == ["missing_title"]
    assert second.outcome == RowOutcome.ATTENTION


def test_skipping_a_file_leaves_it_out(client_as, steering):
    batch = preview_batch(steering)
    client_as(steering).post(batch.get_absolute_url(), formset_data(batch, skip={1}))
    row = batch.rows.get(position=1)
    assert row.outcome == RowOutcome.SKIPPED and row.outcome_note == "Left out in the preview."


def test_a_forged_preview_changes_nothing_and_answers(client_as, steering):
    batch = preview_batch(steering)
    client = client_as(steering)
    response = client.post(batch.get_absolute_url(), {"row-TOTAL_FORMS": "x"})
    assert response.status_code == 200
    assert batch.rows.get(position=0).values["themes"] == "Space piracy"


def test_the_preview_of_a_large_archive_can_be_saved(client_as, steering):
    batch = preview_batch(steering, rows=150)  # about 1,500 fields, past Django's default
    data = formset_data(batch, {(149, "title"): "The last paper"})
    assert len(data) > 1000
    response = client_as(steering).post(batch.get_absolute_url(), data, follow=True)
    assert response.status_code == 200
    assert batch.rows.get(position=149).values["title"] == "The last paper"


def test_saving_the_preview_runs_as_many_queries_for_5_files_as_for_40(client_as, steering):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (5, 40):
        batch = preview_batch(steering, rows=rows)
        client = client_as(steering)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(batch.get_absolute_url(), formset_data(batch))
        assert response.status_code in (200, 302)
        counts.append(len(queries))
        ArchiveImport.objects.filter(pk=batch.pk).delete()
        factories.ThematicAreaFactory._meta.model.objects.filter(slug="wps").delete()
    assert counts[0] == counts[1]


# --- confirm, cancel -------------------------------------------------------------------


def test_confirming_queues_the_import_once(client_as, steering):
    batch = preview_batch(steering)
    client = client_as(steering)
    url = reverse("documents:archive-confirm", args=[batch.pk])
    first = client.post(url, follow=True)
    assert "Importing 1 file" in first.content.decode()
    second = client.post(url, follow=True)
    assert "already confirmed" in second.content.decode()
    assert queued("import_archive") == [{"batch_id": batch.pk}]
    batch.refresh_from_db()
    assert batch.state == ImportState.IMPORTING
    # And the preview can no longer be edited.
    client.post(batch.get_absolute_url(), formset_data(batch, {(0, "title"): "Changed"}))
    assert batch.rows.get(position=0).values["title"] == "Paper 0"


def test_cancel_before_confirming(client_as, steering):
    batch = preview_batch(steering)
    batch.archive.save("papers.zip", ContentFile(make_zip({"a.pdf": b"%PDF-1.4"})))
    stored = batch.archive.name
    assert default_storage.exists(stored)
    client = client_as(steering)
    response = client.post(reverse("documents:archive-cancel", args=[batch.pk]), follow=True)
    assert "nothing was imported" in response.content.decode()
    batch.refresh_from_db()
    assert batch.state == ImportState.CANCELLED
    assert not batch.archive and not default_storage.exists(stored)  # the upload is deleted
    confirm = client.post(reverse("documents:archive-confirm", args=[batch.pk]), follow=True)
    assert confirm.status_code == 200 and not queued("import_archive")


def test_a_missing_batch_is_404(client_as, steering):
    client = client_as(steering)
    assert client.get("/library/import/999999/").status_code == 404
    assert client.post("/library/import/999999/confirm/").status_code == 404
    assert client.get("/library/import/999999/progress.json").status_code == 404


# --- progress, failure, report ---------------------------------------------------------


def test_progress_json_and_the_page_while_working(client_as, steering):
    batch = ArchiveImport.objects.create(
        created_by=steering,
        state=ImportState.IMPORTING,
        progress_done=3,
        progress_total=12,
        current_file="reports/2007-roundtable.pdf",
    )
    client = client_as(steering)
    data = client.get(f"{batch.get_absolute_url()}progress.json").json()
    assert data["working"] is True and (data["done"], data["total"]) == (3, 12)
    assert data["percent"] == 25 and data["current_file"] == "reports/2007-roundtable.pdf"
    body = client.get(batch.get_absolute_url()).content.decode()
    assert '<progress id="archive-progress-bar" max="12" value="3">' in body
    assert 'aria-live="polite"' in body and "3 of 12 files" in body
    assert "js/archive-progress.js" in body and "http-equiv" not in body
    assert "Refresh to see the progress" in body


def test_a_failed_job_shows_its_error(client_as, steering):
    batch = ArchiveImport.objects.create(
        created_by=steering, state=ImportState.FAILED, error="The ZIP file is damaged."
    )
    body = client_as(steering).get(batch.get_absolute_url()).content.decode()
    assert "The import stopped" in body and "The ZIP file is damaged." in body


def test_the_report_lists_outcomes_and_its_csv_can_be_read_again(client_as, steering):
    from documents import archive

    batch = preview_batch(steering, rows=3)
    document = factories.DocumentFactory(title="Imported paper")
    batch.state = ImportState.DONE
    batch.save()
    batch.rows.filter(position=0).update(
        outcome=RowOutcome.ATTENTION, outcome_note="Unknown theme."
    )
    batch.rows.filter(position=1).update(outcome=RowOutcome.IMPORTED, document=document)
    batch.rows.filter(position=2).update(
        outcome=RowOutcome.SKIPPED, outcome_note="Left out in the preview."
    )
    client = client_as(steering)
    body = client.get(batch.get_absolute_url()).content.decode()
    assert reverse("documents:document-edit", args=[document.slug]) in body
    assert "Unknown theme." in body and "Left out in the preview." in body
    response = client.get(f"{batch.get_absolute_url()}report.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(archive.REPORT_COLUMNS) and len(rows) == 4
    metadata = archive.read_metadata(io.BytesIO(response.content))
    assert set(metadata.rows) == {"paper-0.pdf", "paper-1.pdf", "paper-2.pdf"}


# --- the whole journey, with the real jobs ---------------------------------------------


def test_upload_preview_confirm_import_with_the_jobs(client, run_jobs):
    steering = factories.steering_user()
    factories.ThematicAreaFactory(name="Women, peace and security", slug="wps")
    client.force_login(steering)
    zip_bytes = make_zip(
        {
            "reports/mission.pdf": archive_files.text_pdf(
                "Report on the mission", ["Peacekeeping needs civilian experts. " * 20]
            ),
            "notes/brief.docx": archive_files.docx_file(
                "A Word brief", ["Civilian protection in Mali needs more police. " * 20]
            ),
        }
    )
    csv_text = (
        CSV_HEADER
        + "reports/mission.pdf,Report on the mission,report,2007,wps,en,public,published\n"
        + "notes/brief.docx,A Word brief,briefing note,2010,Space piracy,en,public,\n"
    )
    assert upload(client, zip_bytes, csv_text).status_code == 302
    batch = ArchiveImport.objects.get()
    run_jobs()
    batch.refresh_from_db()
    assert batch.state == ImportState.PREVIEW, batch.error
    body = client.get(batch.get_absolute_url()).content.decode()
    assert "“Space piracy” is not a thematic area of the library." in body
    rows = list(batch.rows.order_by("position"))
    position = next(n for n, row in enumerate(rows) if row.path == "notes/brief.docx")
    data = formset_data(batch, {(position, "themes"): "wps"})
    assert client.post(batch.get_absolute_url(), data).status_code == 302
    assert "2 files will be imported." in client.get(batch.get_absolute_url()).content.decode()
    client.post(reverse("documents:archive-confirm", args=[batch.pk]))
    run_jobs()
    batch.refresh_from_db()
    assert batch.state == ImportState.DONE, batch.error
    mission = Document.objects.get(title="Report on the mission")
    brief = Document.objects.get(title="A Word brief")
    assert mission.status == "published" and brief.status == "draft"
    body = client.get(batch.get_absolute_url()).content.decode()
    assert "Imported (2)" in body and "report.csv" in body
