"""Cover thumbnails: rendered from the PDF into storage, served exactly as the file is,
shown on cards and the reading page, or a typed placeholder when there is none."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from documents import services, thumbnails
from documents.cards import CardRenderer
from documents.models import Document
from powg.visibility import Status, Visibility
from tests.archive_files import corrupt_pdf, docx_file, text_pdf
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def with_file(content=None, name="paper.pdf", **fields):
    document = DocumentFactory(**fields)
    document.file.save(name, ContentFile(content if content is not None else text_pdf()))
    return document


def rendered(**fields):
    document = with_file(**fields)
    assert thumbnails.render_for(document.pk) is True
    document.refresh_from_db()
    return document


def test_render_stores_a_small_webp_with_its_size():
    document = with_file()
    revisions = document.history.count()
    assert thumbnails.render_for(document.pk) is True
    document.refresh_from_db()
    name = document.thumbnail.name
    assert name.startswith(f"thumbnails/{document.pk}-") and name.endswith(".webp")
    with default_storage.open(name) as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP"
    assert (image.width, image.height) == (document.thumbnail_width, document.thumbnail_height)
    assert image.width == thumbnails.WIDTH and image.height > image.width  # a portrait page
    assert len(data) < 20_000
    assert document.history.count() == revisions  # no revision for a cover


def test_a_new_file_replaces_the_old_cover():
    document = rendered()
    old = document.thumbnail.name
    document.file.save("other.pdf", ContentFile(text_pdf("Another paper", ["Different."] * 30)))
    assert thumbnails.render_for(document.pk) is True
    document.refresh_from_db()
    assert document.thumbnail.name != old
    assert not default_storage.exists(old)
    assert default_storage.exists(document.thumbnail.name)


def test_rendering_twice_keeps_one_file():
    document = rendered()
    assert thumbnails.render_for(document.pk) is True
    document.refresh_from_db()
    assert default_storage.listdir("thumbnails")[1] == [document.thumbnail.name.split("/")[1]]


def test_corrupt_pdf_has_no_cover_and_the_card_a_placeholder(caplog):
    document = with_file(corrupt_pdf())
    assert thumbnails.render_for(document.pk) is False
    assert "No cover" in caplog.text
    document.refresh_from_db()
    assert not document.thumbnail
    html = CardRenderer().card(document)
    assert "<img" not in html
    assert '<span class="cover cover--placeholder" aria-hidden="true"><span>Report</span>' in html
    assert "<span>PDF</span>" in html


def encrypted_pdf():
    import pikepdf

    source, out = io.BytesIO(text_pdf()), io.BytesIO()
    with pikepdf.open(source) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    return out.getvalue()


def test_encrypted_pdf_has_no_cover(caplog):
    document = with_file(encrypted_pdf())
    assert thumbnails.render_for(document.pk) is False
    assert "No cover" in caplog.text
    document.refresh_from_db()
    assert not document.thumbnail and document.thumbnail_width is None


def test_deleted_document_is_quietly_false():
    document = with_file()
    pk = document.pk
    document.delete()
    assert thumbnails.render_for(pk) is False


def test_a_word_file_in_place_of_the_pdf_drops_the_cover():
    document = rendered()
    old = document.thumbnail.name
    document.file.save("paper.docx", ContentFile(docx_file()))
    services.extract_file_text(document=document)
    document.refresh_from_db()
    assert not document.thumbnail and document.thumbnail_width is None
    assert not default_storage.exists(old)


def test_a_removed_file_drops_the_cover():
    document = rendered()
    old = document.thumbnail.name
    document.file.delete(save=True)
    services.extract_file_text(document=document)
    document.refresh_from_db()
    assert not document.thumbnail
    assert not default_storage.exists(old)


def test_command_queues_pdfs_without_a_cover(capsys, run_jobs):
    done = rendered()
    waiting = with_file()
    with_file(docx_file(), name="paper.docx")
    call_command("render_thumbnails")
    assert "Queued 1 cover thumbnail job(s)." in capsys.readouterr().out
    run_jobs()
    waiting.refresh_from_db()
    assert waiting.thumbnail and waiting.thumbnail_width == thumbnails.WIDTH
    call_command("render_thumbnails", "--all", "--dry-run")
    assert "Would queue 2" in capsys.readouterr().out
    assert done.pk


# --- served by the download's own check --------------------------------------------------

CASES = {
    "public": {"visibility": Visibility.PUBLIC},
    "members": {"visibility": Visibility.MEMBERS},
    "members announced": {"visibility": Visibility.MEMBERS, "listed_publicly": True},
    "steering": {"visibility": Visibility.STEERING},
    "draft": {"status": Status.DRAFT},
}
ALLOWED = {
    "public": {"public", "member", "steering", "admin"},
    "members": {"member", "steering", "admin"},
    "members announced": {"member", "steering", "admin"},
    "steering": {"steering", "admin"},
    "draft": {"steering", "admin"},
}


@pytest.mark.parametrize("case", list(CASES))
def test_cover_answers_as_the_download_does(case, role_user, client_as):
    role, user = role_user
    document = rendered(**CASES[case])
    client = client_as(user)
    download = client.get(document.get_download_url())
    cover = client.get(f"{document.get_absolute_url()}cover.webp")
    assert cover.status_code == download.status_code
    assert cover.get("Location") == (
        download.get("Location", "").replace("download/", "cover.webp")
        if download.status_code == 302
        else None
    )
    allowed = role in ALLOWED[case]
    assert (cover.status_code == 200) is allowed
    if allowed:
        assert cover["Content-Type"] == "image/webp"
        assert b"".join(cover.streaming_content)[8:12] == b"WEBP"
        private = "private" in cover["Cache-Control"]
        assert private == ("private" in download["Cache-Control"])
        assert private is (case != "public" or user is not None)
        assert "public" in cover["Cache-Control"] if user is None else True


def test_cover_etag_gives_304_and_changes_with_the_picture(client):
    document = rendered()
    url = f"{document.get_absolute_url()}cover.webp"
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    document.file.save("other.pdf", ContentFile(text_pdf("Changed", ["New words."] * 20)))
    thumbnails.render_for(document.pk)
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200 and again["ETag"] != etag


def test_no_cover_is_404(client):
    document = with_file(corrupt_pdf())
    thumbnails.render_for(document.pk)
    assert client.get(f"{document.get_absolute_url()}cover.webp").status_code == 404
    assert client.get("/library/no-such-paper/cover.webp").status_code == 404


# --- shown on the pages -------------------------------------------------------------------


def test_card_shows_the_lazy_cover_with_its_text_alternative(client):
    document = rendered(title="Rapid deployment & standing capacity")
    html = client.get("/library/").content.decode()
    assert (
        f'<img class="cover" src="/library/{document.slug}/cover.webp" width="240" '
        f'height="{document.thumbnail_height}" '
        'alt="Cover of “Rapid deployment &amp; standing capacity”" loading="lazy" '
        'decoding="async">'
    ) in html


def test_card_without_a_file_shows_the_typed_placeholder(client):
    DocumentFactory(document_type="briefing_note")
    html = client.get("/library/").content.decode()
    assert '<span class="cover cover--placeholder" aria-hidden="true">' in html
    assert "<span>Briefing note</span></span>" in html
    assert "cover.webp" not in html


def test_reading_page_shows_the_cover_eagerly_in_both_languages(client):
    document = rendered(title="Mandates")
    html = client.get(document.get_absolute_url()).content.decode()
    assert 'alt="Cover of “Mandates”" loading="eager"' in html
    html = client.get(f"/fr{document.get_absolute_url()}").content.decode()
    assert 'alt="Couverture de «\u00a0Mandates\u00a0»"' in html


def test_reading_page_of_a_corrupt_pdf_has_the_placeholder(client):
    document = with_file(corrupt_pdf())
    thumbnails.render_for(document.pk)
    html = client.get(document.get_absolute_url()).content.decode()
    assert "cover--placeholder" in html and "cover.webp" not in html


def test_library_list_queries_do_not_grow_with_covers(client, django_assert_num_queries):
    for _ in range(3):
        rendered()
    client.get("/library/")
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get("/library/")
    for _ in range(5):
        rendered()
    DocumentFactory()
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get("/library/").content.decode()
    assert html.count('class="cover"') == 8
    assert Document.objects.exclude(thumbnail="").count() == 8
