"""The text of a file for search: PDF text layers, scans told apart, Word and OpenDocument."""

import io

import pytest

from documents.text import extract_text, first_heading, looks_like_noise
from tests import archive_files

# Not for the database: the shared fixtures (an emptied cache, an empty job queue) need one.
pytestmark = pytest.mark.django_db


def test_a_word_file_gives_its_text_and_first_heading():
    data = archive_files.docx_file("Civilians first", ["Protection in Mali and beyond."])
    extracted = extract_text(io.BytesIO(data), "docx")
    assert "Protection in Mali and beyond." in extracted.text
    assert (extracted.problem, extracted.needs_ocr) == (None, False)
    assert first_heading(io.BytesIO(data), "docx") == "Civilians first"


def test_an_opendocument_file_gives_its_text_and_first_heading():
    data = archive_files.odt_file("Femmes, paix et sécurité", ["Une résolution de 2000."])
    extracted = extract_text(io.BytesIO(data), "odt")
    assert "Une résolution de 2000." in extracted.text
    assert (extracted.problem, extracted.needs_ocr) == (None, False)
    assert first_heading(io.BytesIO(data), "odt") == "Femmes, paix et sécurité"


def test_a_text_pdf_gives_its_text_and_needs_no_recognition():
    text = "Peacekeeping missions need civilian experts, police and a mandate they can carry out."
    extracted = extract_text(io.BytesIO(archive_files.text_pdf(paragraphs=[text])), "pdf")
    assert "civilian experts" in extracted.text
    assert extracted.needs_ocr is False


def test_a_scan_needs_recognition():
    extracted = extract_text(io.BytesIO(archive_files.scanned_pdf()), "pdf")
    assert extracted == ("", None, True)


def test_a_text_layer_of_noise_is_dropped_and_the_file_recognised():
    noise = "~#% 3 ¤ ^^ ||| 0x7 @@ }{ 12 ;; ¬¬ 4/ ** == ## \\ 9 _ ++ ~ ## ¤¤ ::"
    extracted = extract_text(io.BytesIO(archive_files.text_pdf(paragraphs=[noise])), "pdf")
    assert extracted.text == ""
    assert extracted.needs_ocr is True
    assert looks_like_noise(noise)
    assert not looks_like_noise("The protection of civilians comes first.")


def test_a_damaged_word_file_gives_a_problem_not_an_exception():
    data = archive_files.docx_file()[:300]  # a ZIP cut short
    extracted = extract_text(io.BytesIO(data), "docx")
    assert extracted.text == ""
    assert extracted.problem == "the file could not be read (it may be damaged)"
    assert first_heading(io.BytesIO(data), "docx") == ""
