"""Cover thumbnails: a PDF's first page rendered once, in a job, with PDFium (pypdfium2).

The picture is stored through the storage API (``thumbnails/<id>-<hash>.webp``, the
hash of its bytes, so a new cover has a new name) and served by the same check as the
document's file (``documents.views.document_cover``). Cards show it at 120 CSS pixels
wide, the reading page at 160: 240 pixels serve both screens of double density in a
few kilobytes of WebP. A file that cannot be rendered (corrupt, encrypted, not a PDF)
leaves no cover, and the pages show the typed placeholder instead.
"""

import hashlib
import io
import logging

import pypdfium2 as pdfium
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from documents.models import Document

logger = logging.getLogger(__name__)

WIDTH = 240  # pixels stored
QUALITY = 75
EMPTY = {"thumbnail": "", "thumbnail_width": None, "thumbnail_height": None}


def render_for(document_id: int) -> bool:
    """Render the cover of this document's PDF and record it; False when there is none."""
    document = (
        Document.objects.filter(pk=document_id).only("file", "file_type", "thumbnail").first()
    )
    if document is None:
        return False  # deleted since the job was queued
    if not document.file or document.file_type != "pdf":
        forget_thumbnail(document)
        return False
    try:
        with document.file.open("rb") as handle:
            image = _first_page(handle.read())
    except (pdfium.PdfiumError, OSError, ValueError, IndexError) as exc:
        logger.warning("No cover for document %s: %s", document_id, exc)
        forget_thumbnail(document)
        return False
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=QUALITY, method=6)
    data = buffer.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:10]
    name = f"thumbnails/{document_id}-{digest}.webp"
    previous = document.thumbnail.name
    if previous != name or not default_storage.exists(name):  # the same picture: kept
        name = default_storage.save(name, ContentFile(data))
    Document.objects.filter(pk=document_id).update(
        thumbnail=name, thumbnail_width=image.width, thumbnail_height=image.height
    )
    if previous and previous != name:
        default_storage.delete(previous)
    return True


def _first_page(data: bytes):
    """The first page as a Pillow image, ``WIDTH`` pixels wide, on white."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        try:
            width = page.get_width()
            if width <= 0:
                raise ValueError("the first page has no width")
            bitmap = page.render(scale=WIDTH / width, fill_color=(255, 255, 255, 255))
            return bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        pdf.close()


def forget_thumbnail(document) -> None:
    """Remove a document's cover (its file changed, or is gone): no stale picture stays."""
    name = Document.objects.filter(pk=document.pk).values_list("thumbnail", flat=True).first() or ""
    if not name:
        return
    Document.objects.filter(pk=document.pk).update(**EMPTY)
    for field, value in EMPTY.items():
        setattr(document, field, value)
    default_storage.delete(name)
