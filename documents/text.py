"""The text of a document's file, for search: PDF, Word (DOCX) and OpenDocument (ODT).

A PDF's text comes from its text layer (pypdf). A scan has none, or one of noise (an
old OCR's garbage, stray glyphs): such a file is flagged ``needs_ocr`` and its text is
recognised later, in a job (``documents.ocr``). Word files are read with python-docx,
OpenDocument files with odfpy: paragraphs, headings and table cells, in order.
"""

import io
import logging
import re
from typing import NamedTuple

from django.utils.translation import gettext as _

from documents.files import MAX_EXTRACTED_CHARS, extract_pdf_text

logger = logging.getLogger(__name__)

# A page of real prose has hundreds of letters; a scanned page's stray number or stamp
# has a handful.
MIN_LETTERS_PER_PAGE = 20
# In real text most tokens are words (letters, maybe an apostrophe or a hyphen).
MIN_WORDLIKE_SHARE = 0.6
_TOKEN = re.compile(r"\S+")
_WORDLIKE = re.compile(r"^[(\"'«“]*[^\W\d_]{2,}(?:['’-][^\W\d_]+)*[)\"'»”.,;:!?]*$")


class ExtractedText(NamedTuple):
    text: str
    problem: str | None  # a sentence for the person who uploaded the file, or None
    needs_ocr: bool


def extract_text(fileobj, kind: str) -> ExtractedText:
    """The searchable text of a file of ``kind`` ('pdf', 'docx' or 'odt')."""
    if kind == "pdf":
        return _pdf_text(fileobj)
    if kind in ("docx", "odt"):
        try:
            fileobj.seek(0)
            data = io.BytesIO(fileobj.read())
            text = _docx_text(data) if kind == "docx" else _odt_text(data)
        except Exception as exc:  # both libraries raise many kinds of errors on broken files
            logger.info("%s text extraction failed: %r", kind, exc)
            return ExtractedText("", _("the file could not be read (it may be damaged)"), False)
        text = _clean(text)
        if not text:
            return ExtractedText("", _("the file contains no text"), False)
        return ExtractedText(text, None, False)
    return ExtractedText("", None, False)


def looks_like_noise(text: str) -> bool:
    """True for a text layer that cannot be real text: mostly tokens that are not words."""
    tokens = _TOKEN.findall(text[:20_000])
    if not tokens:
        return True
    wordlike = sum(1 for token in tokens if _WORDLIKE.match(token))
    return wordlike / len(tokens) < MIN_WORDLIKE_SHARE


def is_sparse(text: str, pages: int) -> bool:
    """Too few letters for its pages: scanned pages with a stray number or stamp."""
    return sum(1 for char in text if char.isalpha()) < MIN_LETTERS_PER_PAGE * max(1, pages)


def pdf_page_count(fileobj) -> int:
    from pypdf import PdfReader

    try:
        fileobj.seek(0)
        return len(PdfReader(io.BytesIO(fileobj.read())).pages)
    except Exception:  # a broken file: its text extraction reports the problem
        return 0


def _pdf_text(fileobj) -> ExtractedText:
    """A scan (no text layer, noise, or a few letters a page) also ``needs_ocr``.

    Noise is not kept for search; a sparse text is, until recognition gives more.
    """
    text, problem = extract_pdf_text(fileobj)
    pages = pdf_page_count(fileobj)
    if not pages:  # damaged or encrypted: nothing to recognise either
        return ExtractedText("", problem, False)
    if not text or looks_like_noise(text):
        return ExtractedText("", None, True)
    return ExtractedText(text, None, is_sparse(text, pages))


def _docx_text(data) -> str:
    import docx

    document = docx.Document(data)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _odt_text(data) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    parts = []

    def walk(node):  # headings and paragraphs in reading order, tables and lists included
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname in ((TEXTNS, "h"), (TEXTNS, "p")):
                parts.append(teletype.extractText(child))
            else:
                walk(child)

    walk(load(data).text)
    return "\n".join(parts)


def _clean(text: str) -> str:
    # PostgreSQL text cannot hold NUL characters.
    return text.replace("\x00", " ")[:MAX_EXTRACTED_CHARS].strip()


def first_heading(fileobj, kind: str) -> str:
    """The first heading of a Word or OpenDocument file (a title when none is given)."""
    try:
        fileobj.seek(0)
        data = io.BytesIO(fileobj.read())
        if kind == "docx":
            import docx

            for paragraph in docx.Document(data).paragraphs:
                style = (paragraph.style.name or "") if paragraph.style is not None else ""
                if paragraph.text.strip() and (style.startswith(("Heading", "Title"))):
                    return paragraph.text.strip()
        elif kind == "odt":
            from odf import teletype
            from odf.opendocument import load
            from odf.text import H

            for heading in load(data).text.getElementsByType(H):
                if teletype.extractText(heading).strip():
                    return teletype.extractText(heading).strip()
    except Exception as exc:  # a broken file has no heading to offer
        logger.info("reading the first heading failed: %r", exc)
    return ""
