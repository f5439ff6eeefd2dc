"""Text recognition of scanned PDFs (OCRmyPDF with Tesseract, English and French), for search.

It runs in a job (``documents.tasks.recognise_text``), never in a request. The stored
file stays as it was, for download: OCRmyPDF writes only a sidecar text file, and the
recognised text goes to ``file_text`` with ``file_text_origin = OCR``. The outcome is the
document's ``ocr_state``: a missing Tesseract leaves it ``unavailable`` (the command
``recognise_text`` queues it again once installed), a file OCRmyPDF cannot read marks it
``failed``; neither raises, so the job is not retried for ever.
"""

import functools
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import transaction

from documents import search_vectors
from documents.files import MAX_EXTRACTED_CHARS
from documents.models import Document, OcrState, TextOrigin

logger = logging.getLogger(__name__)

LANGUAGES = ("eng", "fra")


@functools.cache
def ocr_available() -> bool:
    """Tesseract is installed with its English and French data."""
    tesseract = shutil.which("tesseract")
    if not tesseract:
        return False
    try:
        listed = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    installed = set((listed.stdout + listed.stderr).split())
    return all(language in installed for language in LANGUAGES)


def recognise_document(document_id: int) -> str:
    """Recognise the text of one document's PDF; returns its new ``ocr_state``.

    A document deleted meanwhile, without a PDF any more, or whose new file needs no
    recognition, is left alone (returns "").
    """
    document = (
        Document.objects.filter(pk=document_id).only("pk", "file", "file_text", "ocr_state").first()
    )
    if document is None or not document.file or not document.file.name.lower().endswith(".pdf"):
        return ""
    if document.ocr_state == OcrState.NOT_NEEDED:  # replaced by a text file since queued
        return ""
    if not ocr_available():
        logger.warning(
            "text recognition of document %s: Tesseract (eng, fra) not installed", document_id
        )
        return _set_state(document_id, OcrState.UNAVAILABLE)
    try:
        text = _recognise(document)
    except Exception as exc:  # OCRmyPDF raises many kinds of errors on a broken file
        logger.warning("text recognition of document %s failed: %r", document_id, exc)
        return _set_state(document_id, OcrState.FAILED)
    text = _clean(text)
    changes = {"ocr_state": OcrState.DONE}
    # A sparse text layer (a few words a page) stays if recognition finds even less.
    if len(text) >= len((document.file_text or "").strip()) and text:
        changes.update(file_text=text, file_text_origin=TextOrigin.OCR)
    with transaction.atomic():
        Document.objects.filter(pk=document_id).update(**changes)
        if "file_text" in changes:
            search_vectors.refresh_search_vectors([document_id])
    return OcrState.DONE


def _recognise(document) -> str:
    import ocrmypdf

    # Through the storage API: the file may live in object storage, not on this disk.
    with tempfile.TemporaryDirectory(prefix="powg-ocr-") as folder:
        source = Path(folder) / "original.pdf"
        sidecar = Path(folder) / "text.txt"
        with document.file.open("rb") as stored, source.open("wb") as local:
            shutil.copyfileobj(stored, local)
        ocrmypdf.ocr(
            source,
            "-",
            language=list(LANGUAGES),
            output_type="none",
            sidecar=sidecar,
            progress_bar=False,
            optimize=0,
            force_ocr=True,
        )
        return sidecar.read_text(encoding="utf-8", errors="replace")


def _clean(text: str) -> str:
    # PostgreSQL text holds no NUL; Tesseract marks page breaks with form feeds.
    return text.replace("\x00", " ").replace("\f", "\n")[:MAX_EXTRACTED_CHARS].strip()


def _set_state(document_id: int, state: str) -> str:
    Document.objects.filter(pk=document_id).update(ocr_state=state)
    return state
