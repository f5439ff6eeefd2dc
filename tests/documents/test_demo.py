"""The library's demo content: idempotent, varied, with real PDFs."""

import pytest

from documents import demo
from documents.models import Document, OcrState
from powg.visibility import Visibility

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_covers_the_brief():
    demo.load(lambda message: None)
    count = Document.objects.count()
    demo.load(lambda message: None)
    assert Document.objects.count() == count >= 12
    assert Document.objects.filter(slug="roundtable-report-future-of-un-peacekeeping-2007").exists()
    assert Document.objects.filter(
        slug="concept-note-webinar-series-future-of-peacekeeping-2020"
    ).exists()
    assert Document.objects.filter(language="fr").count() >= 2
    assert Document.objects.filter(visibility=Visibility.MEMBERS).exists()
    assert Document.objects.filter(visibility=Visibility.STEERING).exists()
    with_files = Document.objects.exclude(file="")
    assert with_files.count() >= 3
    # Text PDFs are read at once; the scanned 2007 report waits for text recognition.
    scanned = with_files.get(slug="roundtable-report-future-of-un-peacekeeping-2007")
    assert scanned.file_text == "" and scanned.ocr_state == OcrState.QUEUED
    assert all(d.file_text for d in with_files.exclude(pk=scanned.pk))
    concept = Document.objects.get(slug="revised-concept-note-peace-operations-working-group-2005")
    assert concept.other_language_version.language == "fr"
    assert concept.display_date == "2005"
    # File search is real: a word only in a generated PDF finds its document.
    assert Document.objects.search("Casques bleus").filter(file_type="pdf").exists()
