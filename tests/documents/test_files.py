"""Uploaded files are checked by content; PDF text is extracted; admin keeps the form."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.files import extract_pdf_text, sniff_kind, validate_document_file
from documents.models import Document
from tests.documents.conftest import docx_bytes, odt_bytes, pdf_bytes
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("paper.pdf", pdf_bytes(), "pdf"),
        ("paper.docx", docx_bytes(), "docx"),
        ("paper.odt", odt_bytes(), "odt"),
    ],
)
def test_real_documents_accepted(name, content, kind):
    file = upload(name, content)
    assert sniff_kind(file) == kind
    validate_document_file(file)


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body>Not a PDF</body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"#!/bin/sh\nrm -rf /\n",
        b"<script>alert(1)</script>",
        b"PK\x03\x04 not really a zip",
        b"",
    ],
)
def test_impostors_renamed_pdf_refused(content):
    with pytest.raises(ValidationError) as error:
        validate_document_file(upload("report.pdf", content))
    assert "not a PDF, Word (DOCX) or OpenDocument (ODT)" in str(error.value)


def test_plain_zip_is_not_a_docx():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError):
        validate_document_file(upload("report.docx", buffer.getvalue()))


def test_extension_must_match_content():
    with pytest.raises(ValidationError) as error:
        validate_document_file(upload("report.docx", pdf_bytes()))
    assert "Rename it" in str(error.value)


def test_size_limit(settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_document_file(upload("report.pdf", b"%PDF-1.4" + b"0" * 200))
    assert "largest file accepted is 100" in str(error.value)


def test_text_extraction_and_failures():
    text, problem = extract_pdf_text(io.BytesIO(pdf_bytes("Rapid deployment matters.")))
    assert "Rapid deployment matters." in text and problem is None
    text, problem = extract_pdf_text(io.BytesIO(b"%PDF-1.4\n%garbage that is not a pdf"))
    assert text == "" and "could not be read" in problem


def encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes("Secret text"))))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_encrypted_pdf_gives_no_text():
    text, problem = extract_pdf_text(io.BytesIO(encrypted_pdf()))
    assert text == "" and "encrypted" in problem


def admin_form_data(**overrides):
    data = {
        "title": "Uploaded paper",
        "subtitle": "",
        "slug": "uploaded-paper",
        "document_type": "report",
        "language": "en",
        "publication_date": "2024-05-01",
        "date_precision": "day",
        "authors": "First Author\nSecond Author",
        "visibility": "public",
        "status": "published",
        "summary": "A summary kept when the file is refused.",
        "body": "",
        "themes": [],
        "keywords": "",
        "old_slugs-TOTAL_FORMS": "0",
        "old_slugs-INITIAL_FORMS": "0",
        "old_slugs-MIN_NUM_FORMS": "0",
        "old_slugs-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_admin_upload_extracts_text(client_as, admin):
    client = client_as(admin)
    data = admin_form_data(file=upload("paper.pdf", pdf_bytes("Ceasefire monitoring works.")))
    response = client.post("/admin/documents/document/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get(slug="uploaded-paper")
    assert "Ceasefire monitoring works." in document.file_text
    assert document.authors == ["First Author", "Second Author"]
    assert document.file_type == "pdf" and document.file_size > 0
    assert document.updated_by == admin
    assert list(Document.objects.search("ceasefire")) == [document]
    assert document.file.name.startswith("documents/")


@pytest.mark.parametrize("content", [b"%PDF-1.4\nthis is broken", "encrypted"])
def test_admin_corrupt_or_encrypted_pdf_saves_with_warning(client_as, admin, content):
    client = client_as(admin)
    content = encrypted_pdf() if content == "encrypted" else content
    data = admin_form_data(file=upload("broken.pdf", content))
    response = client.post("/admin/documents/document/add/", data, follow=True)
    assert response.status_code == 200
    document = Document.objects.get(slug="uploaded-paper")
    assert document.file_text == ""
    messages = [str(m) for m in response.context["messages"]]
    assert any("could not be read for search" in m for m in messages), messages


def test_admin_refuses_html_renamed_pdf_and_keeps_the_form(client_as, admin):
    client = client_as(admin)
    data = admin_form_data(file=upload("evil.pdf", b"<html><script>alert(1)</script></html>"))
    response = client.post("/admin/documents/document/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a PDF, Word (DOCX) or OpenDocument (ODT)" in html
    assert "A summary kept when the file is refused." in html
    assert 'value="Uploaded paper"' in html
    assert not Document.objects.filter(slug="uploaded-paper").exists()


def test_admin_refuses_oversized_file(client_as, admin, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1000
    client = client_as(admin)
    data = admin_form_data(file=upload("big.pdf", b"%PDF-1.4\n" + b"0" * 5000))
    response = client.post("/admin/documents/document/add/", data)
    assert response.status_code == 200
    assert "the largest file accepted is 1,000\xa0bytes" in response.content.decode()


def test_download_name_is_safe(client):
    document = DocumentFactory(slug="report-2007")
    document.file.save('../../etc/"passwd" <x>.pdf', io.BytesIO(pdf_bytes()))
    assert ".." not in document.file.name and '"' not in document.file.name
    response = client.get(document.get_download_url())
    assert response["Content-Disposition"] == 'attachment; filename="report-2007.pdf"'
