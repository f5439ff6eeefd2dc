"""Document files: checked by their content, named safely, their text extracted for search.

Files live in the default storage under MEDIA_ROOT, which no URL serves: the download
view (which checks ``visible_to``) is the only way out.
"""

import hashlib
import io
import logging
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from powg.formats import filesize

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAX_EXTRACTED_CHARS = 500_000
MAX_EXTRACTED_PAGES = 400


def document_upload_to(instance, filename):
    """documents/<year>/<safe-name>.<ext>: no path, no odd characters from the uploader."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:80] or "document"
    ext = path.suffix.lower().lstrip(".")[:8]
    return f"documents/{timezone.now():%Y}/{stem}.{ext}" if ext else f"documents/{stem}"


def file_checksum(fileobj) -> str:
    """The SHA-256 of a file's bytes, in hex: the same file is never imported twice."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(position)
    return digest.hexdigest()


def sniff_kind(fileobj) -> str | None:
    """'pdf', 'docx' or 'odt' judged from the bytes, or None for anything else."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        fileobj.seek(0)
        head = fileobj.read(1024)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"%PDF-":
            return "pdf"
        if head[:4] != b"PK\x03\x04":
            return None
        fileobj.seek(0)
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    with archive.open("mimetype") as member:
                        mimetype = member.read(100).decode("ascii", "replace").strip()
                    if mimetype == CONTENT_TYPES["odt"] and "content.xml" in names:
                        return "odt"
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    with archive.open("[Content_Types].xml") as member:
                        types = member.read(200_000).decode("utf-8", "replace")
                    if DOCX_MAIN in types:
                        return "docx"
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
            return None
        return None
    finally:
        fileobj.seek(position)


def validate_document_file(value):
    """Refuse anything but a real PDF, DOCX or ODT within the size limit."""
    if getattr(value, "_committed", False):
        return  # already stored and checked when it was uploaded
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if value.size is not None and value.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest file accepted is %(limit)s.")
            % {"size": filesize(value.size), "limit": filesize(limit)},
            code="too_large",
        )
    kind = sniff_kind(value)
    if kind is None:
        raise ValidationError(
            _(
                "This file is not a PDF, Word (DOCX) or OpenDocument (ODT) document, "
                "whatever its name says. Please upload one of those."
            ),
            code="bad_type",
        )
    ext = PurePath(value.name or "").suffix.lower().lstrip(".")
    if ext != kind:
        raise ValidationError(
            _("This file's content is %(kind)s but its name ends in '.%(ext)s'. Rename it.")
            % {"kind": kind.upper(), "ext": ext},
            code="bad_extension",
        )


def extract_pdf_text(fileobj) -> tuple[str, str | None]:
    """The text of a PDF for search, and a problem description when there is none.

    A corrupt or encrypted file gives ("", reason): the document is saved all the same.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        fileobj.seek(0)
        reader = PdfReader(io.BytesIO(fileobj.read()))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return "", _("the PDF is encrypted")
            except (PyPdfError, NotImplementedError, ValueError):
                return "", _("the PDF is encrypted")
        parts, total = [], 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_EXTRACTED_PAGES or total >= MAX_EXTRACTED_CHARS:
                break
            text = page.extract_text() or ""
            parts.append(text)
            total += len(text)
    except (PyPdfError, NotImplementedError, ValueError, TypeError, KeyError, OSError) as exc:
        logger.info("PDF text extraction failed: %s", exc)
        return "", _("the PDF could not be read (it may be damaged)")
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        logger.warning("PDF text extraction failed unexpectedly: %r", exc)
        return "", _("the PDF could not be read (it may be damaged)")
    # PostgreSQL text cannot hold NUL characters.
    text = "\n".join(parts).replace("\x00", " ")[:MAX_EXTRACTED_CHARS].strip()
    if not text:
        return "", _("the PDF contains no extractable text (it may be a scan)")
    return text, None


def safe_download_name(document) -> str:
    """An ASCII-safe file name for Content-Disposition, from the slug."""
    ext = document.file_type or PurePath(document.file.name).suffix.lstrip(".")
    return f"{slugify(document.slug)[:120] or 'document'}.{ext}"
