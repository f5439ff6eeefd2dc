"""Import a folder of old papers (PDF, DOCX, ODT, recursively) into the library.

    manage.py import_archive FOLDER [--metadata FILE.csv] [--dry-run]
                                    [--report FILE.csv] [--as EMAIL]

Values come from the CSV where given (its columns: ``documents.archive.COLUMNS``), from
the file otherwise. Documents arrive as drafts unless the CSV says "published". A file
already in the library (same checksum) is skipped, so a run that stopped halfway can
simply be run again. The report (imported, skipped, needing attention and why) is
printed and written as a CSV in the same columns: correct it and feed it back with
``--metadata``. ``--dry-run`` reads everything and writes nothing (the report only
when ``--report`` is given).
"""

import logging
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from documents import archive
from documents.models.archive import ArchiveImport, ImportSource, ImportState, RowOutcome


class Progress:
    """A bar with counts and the current file on a terminal; one line per file otherwise."""

    WIDTH = 30

    def __init__(self, stream, label):
        self.stream = stream
        self.label = label
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.drawn = False

    def __call__(self, done, total, current):
        if self.tty:
            filled = int(self.WIDTH * done / total) if total else self.WIDTH
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            name = current if len(current) <= 50 else "…" + current[-49:]
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total} {name}\x1b[K")
            self.drawn = True
            if done == total and not current:
                self.stream.write("\n")
                self.drawn = False
        elif current:
            self.stream.write(f"{self.label} {done + 1}/{total}: {current}\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import a folder of PDF, Word and OpenDocument papers, with an optional CSV of metadata."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--metadata", metavar="FILE.csv", help="a CSV of the files' metadata")
        parser.add_argument(
            "--dry-run", action="store_true", help="read and check everything, write nothing"
        )
        parser.add_argument("--report", metavar="FILE.csv", help="where to write the report CSV")
        parser.add_argument(
            "--as", dest="as_email", metavar="EMAIL", help="the account the import is made by"
        )

    def handle(self, *args, folder, metadata=None, dry_run=False, report=None, as_email=None, **o):
        # A damaged file's reader warnings would break the progress bar: its row says why.
        for name in ("pypdf", "documents.files", "documents.text"):
            logging.getLogger(name).setLevel(logging.ERROR)
        try:
            source = archive.FolderSource(folder)
        except archive.ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        by = None
        if as_email:
            by = get_user_model().objects.filter(email__iexact=as_email).first()
            if by is None:
                raise CommandError(f"No account with the email {as_email}.")
        meta = self._metadata(metadata)
        for problem in meta.problems:
            self.stderr.write(self.style.WARNING(f"{metadata}: {problem}"))
        stderr = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        batch = ArchiveImport(
            source=ImportSource.COMMAND,
            state=ImportState.ANALYSING,
            folder=str(source.root),
            metadata_name=Path(metadata).name if metadata else "",
            created_by=by,
        )
        if not dry_run:
            batch.save()
        rows = archive.analyse(
            batch, source, meta, save=not dry_run, progress=Progress(stderr, "Reading")
        )
        if dry_run:
            counts = self._planned(rows)
        else:
            batch.state = ImportState.IMPORTING
            batch.save(update_fields=["state"])
            try:
                counts = archive.import_rows(
                    batch, source, by=by, progress=Progress(stderr, "Importing")
                )
            except Exception as exc:
                ArchiveImport.objects.filter(pk=batch.pk).update(
                    state=ImportState.FAILED, error=str(exc)[:2000]
                )
                raise
            ArchiveImport.objects.filter(pk=batch.pk).update(
                state=ImportState.DONE, finished_at=timezone.now(), current_file=""
            )
            rows = list(batch.rows.order_by("position"))
        self._summary(rows, counts, dry_run)
        if report is None and not dry_run:
            report = f"import-report-{timezone.now():%Y%m%d-%H%M%S}.csv"
        if report:
            try:
                with open(report, "w", encoding="utf-8", newline="") as out:
                    archive.write_report(rows, out)
            except OSError as exc:
                raise CommandError(f"The report could not be written to {report}: {exc}") from exc
            self.stdout.write(f"Report written to {Path(report).resolve()}.")

    def _metadata(self, path):
        if not path:
            return archive.Metadata()
        try:
            with open(path, "rb") as handle:
                meta = archive.read_metadata(handle)
        except (OSError, archive.ArchiveError) as exc:
            raise CommandError(f"The metadata file {path} cannot be read: {exc}") from exc
        if "file" not in meta.columns:
            raise CommandError(
                f"The metadata file {path} cannot be used: " + " ".join(meta.problems)
            )
        return meta

    def _planned(self, rows):
        counts = dict.fromkeys(RowOutcome.values, 0)
        for row in rows:
            counts[row.outcome] += 1
        return counts

    def _summary(self, rows, counts, dry_run):
        if dry_run:
            self.stdout.write(
                f"Dry run, nothing written: {counts[RowOutcome.PENDING]} to import, "
                f"{counts[RowOutcome.SKIPPED]} to skip, "
                f"{counts[RowOutcome.ATTENTION]} needing attention."
            )
        else:
            message = (
                f"Imported {counts[RowOutcome.IMPORTED]}, skipped {counts[RowOutcome.SKIPPED]}, "
                f"{counts[RowOutcome.ATTENTION]} needing attention."
            )
            style = self.style.SUCCESS if not counts[RowOutcome.ATTENTION] else self.style.WARNING
            self.stdout.write(style(message))
        for row in rows:
            if row.outcome in (RowOutcome.SKIPPED, RowOutcome.ATTENTION):
                label = RowOutcome(row.outcome).label
                relevant = archive.skipping(row.problems) or archive.blocking(row.problems)
                note = row.outcome_note or " ".join(archive.problem_message(p) for p in relevant)
                self.stdout.write(f"  {label}: {row.path}: {note}")
