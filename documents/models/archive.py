"""Archive imports: a folder or a ZIP of old papers, with a spreadsheet of what they are.

An ``ArchiveImport`` is one batch, started from ``manage.py import_archive`` or from
the site (a ZIP and a CSV). Each file of it is an ``ArchiveImportRow``: the values
read from the CSV and the file (editable in the site's preview), the problems found,
and, once the import has run, what became of it. The rows are the report: they are
what the command prints and what the correctable CSV is written from. The work is
done by ``documents.archive``; the site runs it in background jobs.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    ANALYSING = "analysing", _("Reading the files")
    PREVIEW = "preview", _("Waiting for confirmation")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ImportSource(models.TextChoices):
    SITE = "site", _("Uploaded on the site")
    COMMAND = "command", _("Command line")


class ArchiveImport(models.Model):
    """One batch of files brought into the library together."""

    source = models.CharField(
        _("source"), max_length=8, choices=ImportSource.choices, default=ImportSource.SITE
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.ANALYSING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The uploaded ZIP (site), kept in the storage until the import is done, or the
    # folder's path (command line).
    archive = models.FileField(_("ZIP file"), upload_to="imports/%Y/", max_length=300, blank=True)
    archive_name = models.CharField(_("ZIP file name"), max_length=300, blank=True)
    # The uploaded CSV of metadata (site), read with the ZIP when the rows are made.
    metadata = models.FileField(
        _("metadata file"), upload_to="imports/%Y/", max_length=300, blank=True
    )
    folder = models.CharField(_("folder"), max_length=1000, blank=True)
    metadata_name = models.CharField(_("metadata file name"), max_length=300, blank=True)
    # Progress of the job at work (reading the files, then importing them).
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    current_file = models.CharField(max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.archive_name or self.folder or f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("documents:archive-import", kwargs={"pk": self.pk})

    @property
    def is_working(self) -> bool:
        return self.state in (ImportState.ANALYSING, ImportState.IMPORTING)

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class RowOutcome(models.TextChoices):
    PENDING = "pending", _("To import")
    IMPORTED = "imported", _("Imported")
    SKIPPED = "skipped", _("Skipped")
    ATTENTION = "attention", _("Needs attention")


class ArchiveImportRow(models.Model):
    """One file of a batch: its metadata (the CSV's columns), problems and outcome.

    ``values`` holds the CSV's columns as text, keyed by ``documents.archive.COLUMNS``
    (title, subtitle, type, date, authors, organizations, themes, language,
    visibility, status, counterpart): what the steering committee sees and corrects.
    ``problems`` is a list of ``{"field", "code", "params"}``; the message is written
    in the reader's language when shown (``documents.archive.problem_message``).
    """

    batch = models.ForeignKey(
        ArchiveImport, on_delete=models.CASCADE, related_name="rows", verbose_name=_("import")
    )
    position = models.PositiveIntegerField(_("position"))
    path = models.CharField(_("file"), max_length=1000, blank=True)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    file_kind = models.CharField(_("file type"), max_length=8, blank=True)
    values = models.JSONField(_("metadata"), default=dict, blank=True)
    detected_language = models.CharField(_("detected language"), max_length=2, blank=True)
    language_confidence = models.FloatField(_("confidence of the language"), null=True, blank=True)
    needs_ocr = models.BooleanField(_("needs text recognition"), default=False)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=RowOutcome.choices, default=RowOutcome.PENDING
    )
    outcome_note = models.TextField(_("note"), blank=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )

    class Meta:
        verbose_name = _("archive import row")
        verbose_name_plural = _("archive import rows")
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="unique_import_row")
        ]

    def __str__(self):
        return self.path or f"#{self.position}"
