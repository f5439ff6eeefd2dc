"""The archive import (documents.archive) and manage.py import_archive, on real files."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents import archive
from documents.files import file_checksum
from documents.models import Document, ThematicArea
from documents.models.archive import ArchiveImport, ArchiveImportRow, ImportState, RowOutcome
from members.models import Organization
from powg.models import AuditEntry
from powg.visibility import Status
from tests import archive_files
from tests.concurrency import at_once
from tests.factories import DocumentFactory, OrganizationFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

ENGLISH = (
    "The working group met in Ottawa to discuss the protection of civilians in United "
    "Nations peace operations, the training of police officers and the deployment of "
    "civilian experts to missions in the field."
)
FRENCH = (
    "Le groupe de travail s’est réuni à Montréal pour discuter de la protection des civils "
    "dans les opérations de paix des Nations unies et du déploiement d’experts civils."
)


@pytest.fixture
def themes(db):
    return {
        "wps": ThematicAreaFactory(
            name="Women, peace and security", name_fr="Femmes, paix et sécurité", slug="wps"
        ),
        "poc": ThematicAreaFactory(
            name="Protection of civilians", name_fr="Protection des civils", slug="poc"
        ),
    }


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Peacebuild Canada", acronym="PBC")


def write(path: Path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture
def folder(tmp_path):
    """Two text PDFs, a scan, a DOCX, an ODT, a duplicate, a corrupt file, one with no
    metadata, plus things that must be ignored (hidden files, __MACOSX, a text file)."""
    root = tmp_path / "archive"
    first = archive_files.text_pdf("Roundtable on peacekeeping", [ENGLISH], info_title="Roundtable")
    write(root / "2007" / "roundtable.pdf", first)
    write(root / "2007" / "copy-of-roundtable.pdf", first)  # the duplicate
    write(
        root / "rapport-fr.pdf",
        archive_files.text_pdf("Rapport sur la protection des civils", [FRENCH]),
    )
    write(root / "scans" / "mission-report.pdf", archive_files.scanned_pdf())
    write(root / "word" / "note.docx", archive_files.docx_file("Briefing on Mali", [ENGLISH]))
    write(root / "odt" / "wps.odt", archive_files.odt_file("Women and peace", [ENGLISH]))
    write(root / "broken.pdf", archive_files.corrupt_pdf())
    write(
        root / "untitled-2012.pdf",  # no CSV row: a year from its name, no title
        archive_files.text_pdf("Untitled", [ENGLISH]),
    )
    write(root / ".hidden.pdf", first)
    write(root / "__MACOSX" / "roundtable.pdf", first)
    write(root / "notes.txt", b"not a document")
    return root


CSV_ROWS = [
    ["file", "title", "type", "date", "authors", "organizations", "themes", "language"],
    ["2007/roundtable.pdf", "Roundtable report", "Roundtable report", "2007-05", "A. B; C. D",
     "PBC", "Protection des civils", "en"],
    ["rapport-fr.pdf", "Rapport", "Rapport", "2008", "", "", "wps", "fr"],
    ["mission-report.pdf", "Mission report", "report", "2003-02-01", "", "", "", "en"],
    ["note.docx", "Briefing on Mali", "Briefing note", "2010", "", "Peacebuild Canada", "", "en"],
    ["odt/wps.odt", "Women and peace", "fact sheet", "2011", "", "", "Unknown theme", "en"],
    ["broken.pdf", "Broken", "", "2001", "", "", "", "en"],
]  # fmt: skip


@pytest.fixture
def metadata_csv(tmp_path):
    path = tmp_path / "metadata.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(CSV_ROWS)
    return path


def metadata(path):
    with open(path, "rb") as handle:
        return archive.read_metadata(handle)


def by_path(rows):
    return {row.path: row for row in rows}


def codes(row):
    return sorted(p["code"] for p in row.problems)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_archive", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    """Every table an import writes to."""
    return {
        "documents": Document.objects.count(),
        "batches": ArchiveImport.objects.count(),
        "rows": ArchiveImportRow.objects.count(),
        "themes": Document.themes.through.objects.count(),
        "organizations": Document.publishing_organizations.through.objects.count(),
        "history": Document.history.count(),
        "audit": AuditEntry.objects.count(),
        "themes_total": ThematicArea.objects.count(),
        "organizations_total": Organization.objects.count(),
        "jobs": _count_jobs(),
    }


def _count_jobs():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs")
        return cursor.fetchone()[0]


def stored_files(media):
    return (
        sorted(str(p) for p in Path(media).rglob("*") if p.is_file())
        if Path(media).exists()
        else []
    )


# --- sources ---------------------------------------------------------------------------


def test_folder_lists_documents_only(folder):
    assert archive.FolderSource(folder).files() == [
        "2007/copy-of-roundtable.pdf",
        "2007/roundtable.pdf",
        "broken.pdf",
        "odt/wps.odt",
        "rapport-fr.pdf",
        "scans/mission-report.pdf",
        "untitled-2012.pdf",
        "word/note.docx",
    ]


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(archive.ArchiveError):
        archive.FolderSource(tmp_path / "nowhere")


def make_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_zip_source_reads_documents_and_skips_the_rest():
    pdf = archive_files.text_pdf("Zipped", [ENGLISH])
    source = archive.ZipSource(
        make_zip(
            {
                "papers/a.pdf": pdf,
                "papers/b.docx": archive_files.docx_file(),
                "__MACOSX/papers/._a.pdf": b"junk",
                ".DS_Store": b"junk",
                "readme.txt": b"hello",
            }
        )
    )
    assert source.files() == ["papers/a.pdf", "papers/b.docx"]
    assert source.open("papers/a.pdf").read() == pdf


@pytest.mark.parametrize("name", ["../evil.pdf", "/etc/evil.pdf", "papers/../../evil.pdf"])
def test_zip_with_an_unsafe_path_is_refused(name):
    with pytest.raises(archive.ArchiveError, match="unsafe path"):
        archive.ZipSource(make_zip({"good.pdf": archive_files.text_pdf(), name: b"%PDF-1.4"}))


def test_zip_bomb_is_refused():
    with pytest.raises(archive.ArchiveError, match="expands"):
        archive.ZipSource(make_zip({"bomb.pdf": b"%PDF-1.4\n" + b"\x00" * (20 * 1024 * 1024)}))


def test_not_a_zip_is_refused():
    with pytest.raises(archive.ArchiveError):
        archive.ZipSource(io.BytesIO(b"%PDF-1.4 not a zip"))


# --- the CSV ---------------------------------------------------------------------------


def test_metadata_problems_are_explained():
    text = "File;Title;Colour\nA.pdf;One;red\na.pdf;Again;blue\n;Nothing;\n"
    meta = archive.read_metadata(io.BytesIO(text.encode("utf-8")))
    assert list(meta.rows) == ["a.pdf"]
    assert meta.rows["a.pdf"]["title"] == "One"
    problems = " ".join(meta.problems)
    assert "“Colour” is not known" in problems
    assert "named twice" in problems
    assert "Row 4" in problems


def test_metadata_in_windows_1252_is_read_and_flagged():
    text = "file,title\nrapport.pdf,Opérations de paix\n"
    meta = archive.read_metadata(io.BytesIO(text.encode("cp1252")))
    assert meta.rows["rapport.pdf"]["title"] == "Opérations de paix"
    assert any("UTF-8" in p for p in meta.problems)


def test_french_headers_are_understood():
    text = "\ufeffFichier;Titre;Année;Langue;Thèmes\nrapport.pdf;Rapport;2008;français;wps\n"
    meta = archive.read_metadata(io.BytesIO(text.encode("utf-8")))
    assert meta.problems == []
    assert meta.rows["rapport.pdf"] == {
        "file": "rapport.pdf", "title": "Rapport", "date": "2008", "language": "français",
        "themes": "wps",
    }  # fmt: skip
    assert archive.parse_language("français") == "fr"


def test_metadata_without_a_file_column():
    meta = archive.read_metadata(io.BytesIO(b"title,date\nOne,2001\n"))
    assert meta.rows == {}
    assert any("“file” column" in p for p in meta.problems)


def test_matching_by_path_then_by_unique_basename():
    meta = archive.read_metadata(io.BytesIO(b"file,title\nsub/a.pdf,A\nb.pdf,B\nx/c.pdf,C1\n"))
    assert meta.match("sub/a.pdf")[1]["title"] == "A"
    assert meta.match("deep/down/b.pdf")[1]["title"] == "B"
    assert meta.match("SUB\\A.PDF")[1]["title"] == "A"
    assert meta.match("other/a.pdf")[1]["title"] == "A"  # one a.pdf in the CSV: unique
    assert meta.match("nothing.pdf") == (None, None)


# --- analysis --------------------------------------------------------------------------


def analysed(folder, metadata_csv, save=True):
    batch = ArchiveImport.objects.create(folder=str(folder))
    rows = archive.analyse(batch, archive.FolderSource(folder), metadata(metadata_csv), save=save)
    return batch, by_path(rows)


def test_analysis_rows_values_and_problems(folder, metadata_csv, themes, organization):
    batch, rows = analysed(folder, metadata_csv)
    assert batch.rows.count() == 8

    roundtable = rows["2007/roundtable.pdf"]
    assert roundtable.values["title"] == "Roundtable report"  # the CSV wins over the file
    assert roundtable.file_kind == "pdf" and len(roundtable.checksum) == 64
    assert roundtable.problems == [] and roundtable.outcome == RowOutcome.PENDING

    assert "duplicate_in_import" in codes(rows["2007/copy-of-roundtable.pdf"])
    assert rows["2007/copy-of-roundtable.pdf"].outcome == RowOutcome.SKIPPED
    assert rows["2007/copy-of-roundtable.pdf"].values["title"] == "Roundtable"  # PDF info

    scan = rows["scans/mission-report.pdf"]
    assert scan.needs_ocr and scan.problems == []

    assert rows["word/note.docx"].file_kind == "docx"
    assert codes(rows["odt/wps.odt"]) == ["unknown_theme"]
    assert rows["odt/wps.odt"].outcome == RowOutcome.ATTENTION
    assert codes(rows["broken.pdf"]) == ["unreadable_file"]

    untitled = rows["untitled-2012.pdf"]  # no metadata: a year from the name, no title
    assert untitled.values["date"] == "2012"
    assert "missing_title" in codes(untitled)
    assert untitled.outcome == RowOutcome.ATTENTION


def test_first_heading_gives_the_title(folder, tmp_path, themes):
    empty = tmp_path / "empty.csv"
    empty.write_text("file,title\n", encoding="utf-8")
    _, rows = analysed(folder, empty, save=False)
    assert rows["word/note.docx"].values["title"] == "Briefing on Mali"
    assert rows["odt/wps.odt"].values["title"] == "Women and peace"


def test_a_csv_row_for_a_missing_file(folder, metadata_csv, themes, organization):
    with metadata_csv.open("a", encoding="utf-8", newline="") as out:
        csv.writer(out).writerow(["lost.pdf", "Lost", "", "2000", "", "", "", "en"])
    _, rows = analysed(folder, metadata_csv)
    assert codes(rows["lost.pdf"]) == ["missing_file"]
    assert rows["lost.pdf"].outcome == RowOutcome.ATTENTION


def test_a_file_already_in_the_library(folder, metadata_csv, themes, organization):
    existing = DocumentFactory(title="Old copy")
    first = (folder / "2007" / "roundtable.pdf").read_bytes()
    Document.objects.filter(pk=existing.pk).update(file_checksum=file_checksum(io.BytesIO(first)))
    _, rows = analysed(folder, metadata_csv)
    problem = next(p for p in rows["2007/roundtable.pdf"].problems)
    assert problem["code"] == "already_in_library"
    assert problem["params"]["title"] == "Old copy"
    assert problem["params"]["url"] == existing.get_absolute_url()
    assert "Old copy" in archive.problem_message(problem)


def test_check_row_again_after_an_edit(folder, metadata_csv, themes, organization):
    batch, rows = analysed(folder, metadata_csv)
    row = ArchiveImportRow.objects.get(batch=batch, path="odt/wps.odt")
    row.values["themes"] = "femmes, paix et securite"  # French name, no accents, any case
    assert archive.check_row(row) == []
    row.values.update(date="March 2001", type="memo", status="maybe", language="de")
    found = sorted(p["code"] for p in archive.check_row(row))
    assert found == ["bad_date", "unknown_language", "unknown_status", "unknown_type"]
    broken = ArchiveImportRow.objects.get(batch=batch, path="broken.pdf")
    broken.values["title"] = "Fixed title"
    assert [p["code"] for p in archive.check_row(broken)] == ["unreadable_file"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2007", "year"), ("2007-05", "month"), ("2007-05-15", "day"), ("2007-13", None)],
)
def test_dates_and_their_precision(value, expected):
    parsed = archive.parse_date(value)
    assert (parsed[1] if parsed else None) == expected


def test_problem_messages_in_french(french_catalogue):
    from django.utils import translation

    with translation.override("fr"):
        message = archive.problem_message({"code": "missing_title", "params": {}})
    assert message != "No title: give one."


def test_dry_run_writes_nothing(folder, metadata_csv, themes, organization, private_media):
    before, files_before = counts(), stored_files(private_media)
    batch = ArchiveImport(folder=str(folder))
    rows = archive.analyse(batch, archive.FolderSource(folder), metadata(metadata_csv), save=False)
    assert len(rows) == 8
    out, _ = run(str(folder), "--metadata", str(metadata_csv), "--dry-run")
    assert "Dry run" in out
    assert counts() == before
    assert stored_files(private_media) == files_before


# --- import ----------------------------------------------------------------------------


def test_import_creates_drafts_with_their_metadata(
    folder, metadata_csv, themes, organization, tmp_path, steering
):
    report = tmp_path / "report.csv"
    out, err = run(
        str(folder), "--metadata", str(metadata_csv), "--report", str(report),
        "--as", steering.email,
    )  # fmt: skip
    assert "Imported 4, skipped 1, 3 needing attention." in out
    assert "untitled-2012.pdf" in out and "No title" in out
    assert "scans/mission-report.pdf" in err  # one progress line per file (not a TTY)

    batch = ArchiveImport.objects.get()
    assert batch.state == ImportState.DONE and batch.created_by == steering
    rows = by_path(batch.rows.all())
    assert {p: r.outcome for p, r in rows.items()} == {
        "2007/copy-of-roundtable.pdf": RowOutcome.SKIPPED,
        "2007/roundtable.pdf": RowOutcome.IMPORTED,
        "broken.pdf": RowOutcome.ATTENTION,
        "odt/wps.odt": RowOutcome.ATTENTION,
        "rapport-fr.pdf": RowOutcome.IMPORTED,
        "scans/mission-report.pdf": RowOutcome.IMPORTED,
        "untitled-2012.pdf": RowOutcome.ATTENTION,
        "word/note.docx": RowOutcome.IMPORTED,
    }
    assert Document.objects.count() == 4
    assert set(Document.objects.values_list("status", flat=True)) == {Status.DRAFT}

    roundtable = rows["2007/roundtable.pdf"].document
    assert roundtable.title == "Roundtable report"
    assert roundtable.document_type == "roundtable_report"
    assert str(roundtable.publication_date) == "2007-05-01"
    assert roundtable.date_precision == "month"
    assert roundtable.authors == ["A. B", "C. D"]
    assert list(roundtable.themes.all()) == [themes["poc"]]
    assert list(roundtable.publishing_organizations.all()) == [organization]
    assert roundtable.file_checksum == rows["2007/roundtable.pdf"].checksum
    assert roundtable.file.read().startswith(b"%PDF")
    french = rows["rapport-fr.pdf"].document
    assert french.language == "fr" and list(french.themes.all()) == [themes["wps"]]

    scan = rows["scans/mission-report.pdf"].document
    assert scan.ocr_state == "queued" and scan.file_text == ""
    assert _count_jobs() >= 4  # text recognition for the scan, a cover for each PDF

    note = rows["word/note.docx"].document
    assert "Ottawa" in note.file_text
    assert list(Document.objects.search("Ottawa").filter(pk=note.pk)) == [note]
    assert AuditEntry.objects.filter(object_id=str(batch.pk), actor=steering).exists()
    with report.open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert [line["file"] for line in lines] == sorted(rows)
    assert {line["outcome"] for line in lines} == {"Imported", "Skipped", "Needs attention"}


def test_published_when_the_csv_says_so(folder, metadata_csv, themes, organization, tmp_path):
    rows = [list(r) for r in CSV_ROWS]
    rows[0].append("status")
    for row in rows[1:]:
        row.append("published" if row[0] == "word/note.docx" or row[0] == "note.docx" else "")
    with metadata_csv.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    run(str(folder), "--metadata", str(metadata_csv), "--report", str(tmp_path / "r.csv"))
    note = Document.objects.get(title="Briefing on Mali")
    assert note.status == Status.PUBLISHED and note.published_at is not None
    assert AuditEntry.objects.filter(action="publish", object_id=str(note.pk)).exists()
    assert Document.objects.filter(status=Status.DRAFT).count() == 3


def test_re_run_imports_nothing_new(folder, metadata_csv, themes, organization, tmp_path):
    run(str(folder), "--metadata", str(metadata_csv), "--report", str(tmp_path / "1.csv"))
    before = Document.objects.count()
    out, _ = run(str(folder), "--metadata", str(metadata_csv), "--report", str(tmp_path / "2.csv"))
    assert Document.objects.count() == before
    assert "Imported 0, skipped 5, 3 needing attention." in out
    second = ArchiveImport.objects.order_by("-pk").first()
    skipped = [r for r in second.rows.all() if r.outcome == RowOutcome.SKIPPED]
    assert all(r.document_id for r in skipped if "copy-of" not in r.path)


def test_report_fed_back_as_metadata(folder, metadata_csv, themes, organization, tmp_path):
    first = tmp_path / "first.csv"
    run(str(folder), "--metadata", str(metadata_csv), "--report", str(first))
    with first.open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert list(lines[0]) == list(archive.REPORT_COLUMNS)
    for line in lines:  # the committee corrects the flagged rows
        if line["file"] == "odt/wps.odt":
            line["themes"] = "Women, peace and security"
        if line["file"] == "untitled-2012.pdf":
            line["title"] = "=A paper with no title"  # also a formula, kept safe
            line["language"] = "English"
    corrected = tmp_path / "corrected.csv"
    with corrected.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=archive.REPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(lines)
    second = tmp_path / "second.csv"
    out, _ = run(str(folder), "--metadata", str(corrected), "--report", str(second))
    assert "Imported 2, skipped 5, 1 needing attention." in out
    assert Document.objects.get(title="=A paper with no title").publication_date.year == 2012
    assert "'=A paper" in second.read_text(encoding="utf-8")  # formula-safe in the CSV
    assert list(Document.objects.get(title="Women and peace").themes.all()) == [themes["wps"]]


def test_interrupted_import_resumes(folder, metadata_csv, themes, organization, tmp_path):
    """A first run stopped after some files: the next imports only the rest."""
    batch = ArchiveImport.objects.create(folder=str(folder))
    source = archive.FolderSource(folder)
    archive.analyse(batch, source, metadata(metadata_csv))
    # The interruption: only the first rows were imported.
    batch.rows.filter(position__gt=3).delete()
    archive.import_rows(batch, source)
    done = set(Document.objects.values_list("file_checksum", flat=True))
    assert len(done) == 1  # roundtable (its copy skipped, broken.pdf needs attention)
    out, _ = run(str(folder), "--metadata", str(metadata_csv), "--report", str(tmp_path / "r.csv"))
    assert Document.objects.count() == 4
    assert Document.objects.filter(file_checksum__in=done).count() == 1
    assert "Imported 3" in out


def test_a_row_left_out_in_the_preview_stays_out(folder, metadata_csv, themes, organization):
    batch = ArchiveImport.objects.create(folder=str(folder))
    source = archive.FolderSource(folder)
    archive.analyse(batch, source, metadata(metadata_csv))
    batch.rows.filter(path="word/note.docx").update(
        outcome=RowOutcome.SKIPPED, outcome_note="Left out in the preview."
    )
    result = archive.import_rows(batch, source)
    assert result[RowOutcome.IMPORTED] == 3
    assert not Document.objects.filter(title="Briefing on Mali").exists()
    assert batch.rows.get(path="word/note.docx").outcome_note == "Left out in the preview."


def test_default_report_in_the_working_folder(folder, metadata_csv, themes, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    out, _ = run(str(folder), "--metadata", str(metadata_csv))
    reports = list(work.glob("import-report-*.csv"))
    assert len(reports) == 1 and reports[0].name in out
    run(str(folder), "--dry-run")  # a dry run writes no report unless asked
    assert len(list(work.glob("import-report-*.csv"))) == 1


def test_counterparts_are_paired(folder, metadata_csv, themes, organization, tmp_path):
    rows = [list(r) for r in CSV_ROWS]
    rows[0].append("counterpart")
    for row in rows[1:]:
        row.append("rapport-fr.pdf" if row[0] == "2007/roundtable.pdf" else "")
    with metadata_csv.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    run(str(folder), "--metadata", str(metadata_csv), "--report", str(tmp_path / "r.csv"))
    english = Document.objects.get(title="Roundtable report")
    french = Document.objects.get(title="Rapport")
    assert english.other_language_version == french
    assert french.other_language_version == english


def test_unknown_counterpart_is_flagged(folder, metadata_csv, themes, organization):
    batch, rows = analysed(folder, metadata_csv)
    row = ArchiveImportRow.objects.get(batch=batch, path="rapport-fr.pdf")
    row.values["counterpart"] = "no-such-document"
    assert [p["code"] for p in archive.check_row(row)] == ["unknown_counterpart"]
    row.values["counterpart"] = "note.docx"  # another file of the import
    assert archive.check_row(row) == []


# --- the jobs --------------------------------------------------------------------------


def test_jobs_from_a_stored_zip(folder, themes, organization, private_media):
    from django.core.files.base import ContentFile

    members = {
        "papers/roundtable.pdf": (folder / "2007" / "roundtable.pdf").read_bytes(),
        "papers/note.docx": (folder / "word" / "note.docx").read_bytes(),
    }
    batch = ArchiveImport.objects.create(archive_name="papers.zip")
    batch.archive.save("papers.zip", ContentFile(make_zip(members).getvalue()))
    batch.metadata.save(
        "papers.csv",
        ContentFile(
            b"file,title,date,language\nroundtable.pdf,Roundtable,2007,en\nnote.docx,Note,2010,en\n"
        ),
    )
    assert archive.analyse_batch(batch.pk) == 2
    batch.refresh_from_db()
    assert batch.state == ImportState.PREVIEW
    assert (batch.progress_done, batch.progress_total) == (2, 2)
    assert archive.import_batch(batch.pk)[RowOutcome.IMPORTED] == 2
    batch.refresh_from_db()
    assert batch.state == ImportState.DONE and batch.finished_at is not None
    assert not batch.archive and not batch.metadata
    assert not (Path(private_media) / "imports").exists() or not any(
        (Path(private_media) / "imports").rglob("*.zip")
    )


def test_jobs_leave_a_cancelled_batch_alone(folder, private_media):
    from django.core.files.base import ContentFile

    members = {"a.pdf": (folder / "2007" / "roundtable.pdf").read_bytes()}
    batch = ArchiveImport.objects.create(archive_name="a.zip", state=ImportState.CANCELLED)
    batch.archive.save("a.zip", ContentFile(make_zip(members).getvalue()))
    assert archive.analyse_batch(batch.pk) == 0
    assert archive.import_batch(batch.pk) == {}
    batch.refresh_from_db()
    assert batch.state == ImportState.CANCELLED and batch.rows.count() == 0
    assert Document.objects.count() == 0


def test_job_fails_readably_on_a_bad_zip(private_media):
    from django.core.files.base import ContentFile

    batch = ArchiveImport.objects.create(archive_name="bad.zip")
    batch.archive.save("bad.zip", ContentFile(make_zip({"../x.pdf": b"%PDF-"}).getvalue()))
    assert archive.analyse_batch(batch.pk) == 0
    batch.refresh_from_db()
    assert batch.state == ImportState.FAILED and "unsafe path" in batch.error


# --- the command's errors --------------------------------------------------------------


def test_command_errors(tmp_path, folder):
    with pytest.raises(CommandError, match="no folder"):
        run(str(tmp_path / "missing"))
    with pytest.raises(CommandError, match="cannot be read"):
        run(str(folder), "--metadata", str(tmp_path / "missing.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("title,date\nA,2001\n", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot be used"):
        run(str(folder), "--metadata", str(bad))
    with pytest.raises(CommandError, match="No account"):
        run(str(folder), "--as", "nobody@example.org")


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_never_duplicate(folder, metadata_csv, themes, organization):
    """Two runs over the same files at the same time: each file is imported once."""
    batches = []
    for _ in range(2):
        batch = ArchiveImport.objects.create(folder=str(folder))
        archive.analyse(batch, archive.FolderSource(folder), metadata(metadata_csv))
        batches.append(batch)
    results, errors = at_once(
        [
            lambda batch=batch: archive.import_rows(batch, archive.FolderSource(folder))
            for batch in batches
        ]
    )
    assert errors == []
    assert Document.objects.count() == 4
    assert sum(r[RowOutcome.IMPORTED] for r in results) == 4
    checksums = list(Document.objects.values_list("file_checksum", flat=True))
    assert len(set(checksums)) == len(checksums)


def test_language_detected_when_the_csv_says_nothing(folder, tmp_path, themes):
    empty = tmp_path / "empty.csv"
    empty.write_text("file,title\n", encoding="utf-8")
    _, rows = analysed(folder, empty, save=False)
    english, french = rows["untitled-2012.pdf"], rows["rapport-fr.pdf"]
    assert (english.values["language"], english.detected_language) == ("en", "en")
    assert (french.values["language"], french.detected_language) == ("fr", "fr")
    assert french.language_confidence > 0.5
    scan = rows["scans/mission-report.pdf"]  # no text yet: the language must be given
    assert scan.values["language"] == "" and "unknown_language" in codes(scan)


def test_a_doubtful_language_is_a_warning(french_catalogue):
    from django.utils import translation

    from documents.language_detection import DOUBTFUL_BELOW

    values = archive._empty_values("a.pdf")
    values.update(title="A", date="2001", language="en")
    row = ArchiveImportRow(
        position=1,
        path="a.pdf",
        values=values,
        detected_language="en",
        language_confidence=DOUBTFUL_BELOW - 0.2,
    )
    problems = archive.check_row(row, batch_rows=[])
    assert [p["code"] for p in problems] == ["doubtful_language"]
    assert not archive.blocking(problems)
    assert "English" in archive.problem_message(problems[0])
    with translation.override("fr"):
        assert "anglais" in archive.problem_message(problems[0]).lower()
    row.language_confidence = DOUBTFUL_BELOW
    assert archive.check_row(row, batch_rows=[]) == []
    row.values["language"] = "fr"  # the committee's choice, not the detector's
    row.language_confidence = 0.1
    assert archive.check_row(row, batch_rows=[]) == []


def test_progress_bar_on_a_terminal():
    from documents.management.commands.import_archive import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    progress = Progress(screen, "Importing")
    progress(0, 4, "2007/roundtable.pdf")
    progress(2, 4, "word/note.docx")
    progress(4, 4, "")
    text = screen.getvalue()
    assert "\r" in text and "[" + "#" * 15 + "-" * 15 + "] 2/4 word/note.docx" in text
    assert text.endswith("4/4 \x1b[K\n")
    lines = io.StringIO()
    plain = Progress(lines, "Reading")
    plain(0, 2, "a.pdf")
    plain(1, 2, "b.pdf")
    plain(2, 2, "")
    assert lines.getvalue() == "Reading 1/2: a.pdf\nReading 2/2: b.pdf\n"
