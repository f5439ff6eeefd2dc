"""Scanned PDFs: their text is recognised in a job (real OCRmyPDF and Tesseract) and found
by search; the stored file stays as it was. Each recognition costs about a second, so
the scans here are few and of one page."""

import io

import pytest
from django.core.files.base import ContentFile

from documents import ocr, services
from documents.models import Document, OcrState, TextOrigin
from tests import archive_files
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORD = "quixotrine"


def with_file(content, name):
    document = DocumentFactory(title="Mission report", slug="mission-report")
    document.file.save(name, ContentFile(content))
    services.extract_file_text(document=document)
    document.refresh_from_db()
    return document


def test_tesseract_is_installed_with_english_and_french():
    assert ocr.ocr_available()


def test_a_scan_is_found_by_a_word_of_its_image_after_the_job(run_jobs, client):
    scan = archive_files.scanned_pdf(lines=["Report on the mission", f"The word is {WORD}"])
    document = with_file(scan, "scan.pdf")
    assert document.ocr_state == OcrState.QUEUED
    assert not Document.objects.visible_to(None).search(WORD).exists()

    run_jobs()

    document.refresh_from_db()
    assert document.ocr_state == OcrState.DONE
    assert document.file_text_origin == TextOrigin.OCR
    assert WORD in document.file_text.lower()
    assert list(Document.objects.visible_to(None).search(WORD)) == [document]
    assert "Mission report" in client.get(f"/library/?q={WORD}").content.decode()
    page = client.get(document.get_absolute_url()).content.decode()
    assert "recognised automatically (OCR)" in page
    download = client.get(f"/library/{document.slug}/download/")
    assert b"".join(download.streaming_content) == scan


def test_a_text_pdf_is_never_queued_nor_recognised():
    document = with_file(archive_files.text_pdf(), "paper.pdf")
    assert document.ocr_state == OcrState.NOT_NEEDED
    assert document.file_text_origin == TextOrigin.FILE
    # A job queued for the scan this file replaced leaves the new file's text alone.
    assert ocr.recognise_document(document.pk) == ""
    assert Document.objects.get(pk=document.pk).file_text == document.file_text


def test_a_file_ocrmypdf_cannot_read_fails_without_raising():
    document = with_file(archive_files.corrupt_pdf(), "broken.pdf")
    assert document.ocr_state == OcrState.NOT_NEEDED  # pypdf finds no page to recognise
    Document.objects.filter(pk=document.pk).update(ocr_state=OcrState.QUEUED)  # queued again
    assert ocr.recognise_document(document.pk) == OcrState.FAILED
    document.refresh_from_db()
    assert document.ocr_state == OcrState.FAILED
    assert document.file_text_origin == TextOrigin.NONE


def test_a_deleted_document_is_left_alone():
    assert ocr.recognise_document(987654) == ""


def test_only_the_steering_committee_is_told_that_recognition_waits(client_as, steering):
    document = DocumentFactory(title="Waiting scan", slug="waiting-scan")
    document.file.save("scan.pdf", ContentFile(archive_files.text_pdf()))
    Document.objects.filter(pk=document.pk).update(ocr_state=OcrState.QUEUED)
    note = "Text recognition is waiting to run."
    assert note in client_as(steering).get(document.get_absolute_url()).content.decode()
    assert note not in client_as(None).get(document.get_absolute_url()).content.decode()
    french = client_as(steering).get(f"/fr/library/{document.slug}/").content.decode()
    assert "La reconnaissance du texte est en attente." in french


def test_the_command_queues_failed_and_waiting_scans_again():
    from django.core.management import call_command
    from procrastinate.contrib.django.models import ProcrastinateJob

    failed = DocumentFactory(title="Failed scan", slug="failed-scan")
    failed.file.save("failed.pdf", ContentFile(archive_files.corrupt_pdf()))
    done = DocumentFactory(title="Done scan", slug="done-scan")
    done.file.save("done.pdf", ContentFile(archive_files.corrupt_pdf()))
    Document.objects.filter(pk=failed.pk).update(ocr_state=OcrState.FAILED)
    Document.objects.filter(pk=done.pk).update(ocr_state=OcrState.DONE)
    out = io.StringIO()
    call_command("recognise_text", stdout=out)
    assert "Queued 1 text recognition job(s)." in out.getvalue()
    queued = ProcrastinateJob.objects.filter(task_name="documents.tasks.recognise_text")
    assert [job.args["document_id"] for job in queued] == [failed.pk]
    assert Document.objects.get(pk=failed.pk).ocr_state == OcrState.QUEUED
    call_command("recognise_text", "--all", "--dry-run", stdout=out)
    assert "Would queue 2 text recognition job(s)." in out.getvalue()
