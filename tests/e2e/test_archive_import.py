"""The archive import in a real browser: a steering-committee member uploads a ZIP and its
CSV, fixes a flagged row, confirms and follows the progress; then a visitor finds the
scanned report by a word that exists only in its page's image."""

import io
import zipfile

import pytest

from documents.models import ArchiveImport, Document, ImportState, OcrState
from powg.jobs import run_due_jobs
from powg.visibility import Status
from tests import archive_files, factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)

WORD = "quixotrine"  # made up: only text recognition can read it from the scan
CSV = (
    "file,title,type,date,themes,language,visibility,status\n"
    "scans/police-2004.pdf,Civilian police roundtable,roundtable_report,2004-05,"
    "wps,en,public,published\n"
    "mali.docx,Protection of civilians in Mali,briefing_note,2012,Unicorn studies,en,public,\n"
    "mandates-2006.pdf,Mandates and means,report,2006,,en,public,\n"
)


def archive_zip(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "scans/police-2004.pdf",
            archive_files.scanned_pdf(["Roundtable on civilian police", f"The {WORD} mission"]),
        )
        archive.writestr("mali.docx", archive_files.docx_file())
        archive.writestr(
            "mandates-2006.pdf",
            archive_files.text_pdf("Mandates and means", ["Match mandates with means. " * 8]),
        )
    zip_path, csv_path = tmp_path / "papers.zip", tmp_path / "papers.csv"
    zip_path.write_bytes(buffer.getvalue())
    csv_path.write_text(CSV)
    return zip_path, csv_path


def test_committee_imports_an_archive_and_a_visitor_finds_the_scan(page, browser, tmp_path):
    factories.ThematicAreaFactory(name="Women, peace and security", slug="wps")
    steering = factories.steering_user(user__email="chair@example.org")
    zip_path, csv_path = archive_zip(tmp_path)
    log_in(page, steering.email, factories.PASSWORD)

    page.goto("/library/")
    page.get_by_role("link", name="Import an archive (ZIP and CSV)").click()
    page.wait_for_url("**/library/import/")
    assert_accessible(page)
    page.get_by_label("ZIP file").set_input_files(str(zip_path))
    page.get_by_label("Metadata (CSV, optional)").set_input_files(str(csv_path))
    page.get_by_role("button", name="Upload and read the files").click()
    page.get_by_role("heading", name="Reading the files").wait_for()
    assert_accessible(page)  # the progress page, before the job has run

    run_due_jobs()  # the analysis; the page's script sees it finish and reloads
    page.get_by_role("heading", name="Preview: what will be created").wait_for()
    assert_accessible(page)
    flagged = page.locator("tr.archive-row--blocked")
    assert flagged.count() == 1 and "mali.docx" in flagged.inner_text()
    assert "Unicorn studies" in flagged.inner_text()
    themes = page.get_by_label("Themes (mali.docx)")
    assert themes.get_attribute("aria-invalid") == "true"
    themes.fill("Women, peace and security")
    page.get_by_role("button", name="Save and check again").click()
    page.get_by_text("Saved and checked again.").wait_for()
    assert page.locator("tr.archive-row--blocked").count() == 0
    assert Document.objects.count() == 0  # nothing before the committee confirms

    page.get_by_role("button", name="Confirm: import 3 files").click()
    page.get_by_role("heading", name="Importing").wait_for()
    assert page.locator("progress").is_visible()
    run_due_jobs()  # the import, then the jobs it queued (text recognition, covers)
    page.get_by_role("heading", name="Report").wait_for()
    assert_accessible(page)
    assert page.get_by_role("heading", name="Imported (3)").is_visible()
    assert ArchiveImport.objects.get().state == ImportState.DONE

    run_due_jobs()
    scan = Document.objects.get(title="Civilian police roundtable")
    assert scan.ocr_state == OcrState.DONE and scan.status == Status.PUBLISHED
    assert Document.objects.get(title="Mandates and means").status == Status.DRAFT

    visitor = browser.new_context(base_url=page.url.split("/library/")[0])
    try:
        public = visitor.new_page()
        public.goto(f"/library/?q={WORD}")
        public.get_by_role("link", name="Civilian police roundtable").click()
        public.get_by_text("recognised automatically").wait_for()
        assert public.get_by_role("link", name="Mali").count() == 0  # drafts stay hidden
    finally:
        visitor.close()
