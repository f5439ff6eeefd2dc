"""Forms of the archive import on the site: the upload (a ZIP and its CSV) and the
preview's editable rows."""

import zipfile

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from documents import archive
from powg.formats import filesize

# The preview's editable cells: the CSV's columns shown in the table.
EDITABLE = (
    "title",
    "type",
    "date",
    "themes",
    "language",
    "visibility",
    "status",
    "counterpart",
)


class ArchiveUploadForm(forms.Form):
    archive = forms.FileField(
        label=_("ZIP file"),
        help_text=_("The PDF, Word (DOCX) and OpenDocument (ODT) files, in folders or not."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    metadata = forms.FileField(
        label=_("Metadata (CSV, optional)"),
        required=False,
        help_text=_(
            "One row per file, with the columns of the report's CSV: a corrected report "
            "can be uploaded again here. Without it, titles and dates are read from the files."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The ZIP file is too large (%(size)s); the most accepted is %(limit)s.")
                % {"size": filesize(upload.size), "limit": filesize(limit)}
            )
        try:
            upload.seek(0)
            valid = zipfile.is_zipfile(upload)
        finally:
            upload.seek(0)
        if not valid:
            raise forms.ValidationError(
                _("This file is not a ZIP archive. Compress the folder as a .zip and try again.")
            )
        return upload

    def clean_metadata(self):
        """A CSV with no usable row is refused with its problems; other problems are
        kept in ``warnings`` for the page to show."""
        self.warnings = []
        upload = self.cleaned_data.get("metadata")
        if not upload:
            return upload
        try:
            upload.seek(0)
            result = archive.read_metadata(upload)
        except archive.ArchiveError as error:
            raise forms.ValidationError(str(error)) from None
        except (ValueError, OSError):
            raise forms.ValidationError(
                _("The CSV file could not be read. Save it as CSV (UTF-8) and try again.")
            ) from None
        finally:
            upload.seek(0)
        problems = [str(problem) for problem in result.problems]
        if not result.rows:
            raise forms.ValidationError(problems or [_("The CSV file has no rows.")])
        self.warnings = problems
        return upload


class RowForm(forms.Form):
    """One file of the preview: its editable cells and whether to leave it out."""

    row = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    type = forms.CharField(label=_("Type"), required=False, max_length=100)
    date = forms.CharField(label=_("Date"), required=False, max_length=20)
    themes = forms.CharField(label=_("Themes"), required=False, max_length=1000)
    language = forms.CharField(label=_("Language"), required=False, max_length=10)
    visibility = forms.CharField(label=_("Visibility"), required=False, max_length=20)
    status = forms.CharField(label=_("Status"), required=False, max_length=20)
    counterpart = forms.CharField(label=_("Counterpart"), required=False, max_length=500)
    skip = forms.BooleanField(label=_("Skip this file"), required=False)


RowFormSet = forms.formset_factory(RowForm, extra=0, max_num=100_000, absolute_max=100_000)


def row_initial(row) -> dict:
    values = row.values or {}
    initial = {"row": row.pk, "skip": row.outcome == "skipped"}
    initial.update({name: values.get(name, "") for name in EDITABLE})
    return initial
