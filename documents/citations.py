"""How to cite a document: plain text, BibTeX, RIS and schema.org JSON-LD.

Citations use the year only: older papers often have no more precise date.
"""

import json
import re

from django.utils.safestring import mark_safe

from documents.models import DocumentType

BIBTEX_TYPES = {DocumentType.REPORT: "techreport", DocumentType.ROUNDTABLE_REPORT: "techreport"}
RIS_TYPES = {DocumentType.REPORT: "RPRT", DocumentType.ROUNDTABLE_REPORT: "RPRT"}


def _publishers(document):
    return [org.name for org in document.publishing_organizations.all()]


def _full_title(document):
    if document.subtitle:
        return f"{document.title}: {document.subtitle}"
    return document.title


def plain(document, request) -> str:
    """Authors (Year). Title: Subtitle. Publishers. URL"""
    creators = document.authors or _publishers(document)
    parts = []
    if creators:
        parts.append(f"{'; '.join(creators)} ({document.year}).")
    else:
        parts.append(f"({document.year}).")
    parts.append(f"{_full_title(document)}.")
    publishers = _publishers(document)
    if publishers and document.authors:
        parts.append(f"{'; '.join(publishers)}.")
    parts.append(request.build_absolute_uri(document.get_absolute_url()))
    return " ".join(parts)


def _bibtex_escape(value: str) -> str:
    return re.sub(r"([{}\\&%$#_])", r"\\\1", value)


def bibtex(document, request) -> str:
    entry = BIBTEX_TYPES.get(document.document_type, "misc")
    key = re.sub(r"[^a-z0-9]+", "", document.slug.lower())[:40] + str(document.year)
    fields = [("title", _full_title(document)), ("year", str(document.year))]
    if document.authors:
        fields.append(("author", " and ".join(document.authors)))
    publishers = _publishers(document)
    if publishers:
        fields.append(
            ("institution" if entry == "techreport" else "publisher", "; ".join(publishers))
        )
    fields.append(("type", str(document.get_document_type_display())))
    fields.append(("language", "french" if document.language == "fr" else "english"))
    fields.append(("url", request.build_absolute_uri(document.get_absolute_url())))
    body = ",\n".join(f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields)
    return f"@{entry}{{{key},\n{body}\n}}\n"


def ris(document, request) -> str:
    lines = [f"TY  - {RIS_TYPES.get(document.document_type, 'GEN')}"]
    lines += [f"AU  - {author}" for author in document.authors]
    lines.append(f"TI  - {document.title}")
    if document.subtitle:
        lines.append(f"T2  - {document.subtitle}")
    lines.append(f"PY  - {document.year}")
    lines += [f"PB  - {name}" for name in _publishers(document)]
    lines.append(f"LA  - {document.language}")
    lines.append(f"UR  - {request.build_absolute_uri(document.get_absolute_url())}")
    if document.summary:
        lines.append(f"AB  - {' '.join(document.summary.split())}")
    lines.append("ER  - ")
    return "\r\n".join(line.replace("\n", " ") for line in lines) + "\r\n"


def json_ld(document, request):
    """schema.org data for sharing and search engines (a data block, not a script)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Report" if document.document_type in RIS_TYPES else "CreativeWork",
        "name": document.title,
        "headline": document.title,
        "datePublished": document.publication_date.isoformat()
        if document.date_precision == "day"
        else str(document.year),
        "inLanguage": document.language,
        "url": request.build_absolute_uri(document.get_absolute_url()),
        "description": document.summary[:500],
        "author": [{"@type": "Person", "name": name} for name in document.authors]
        + [{"@type": "Organization", "name": name} for name in _publishers(document)],
    }
    if document.file:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": request.build_absolute_uri(document.get_download_url()),
        }
    # Escape <, > and & so no text can close the data block early.
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)
