"""Writes to the library that touch more than one row: each in one transaction."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents import search_vectors
from documents.facets import forget_cached_facets
from documents.files import file_checksum
from documents.models import Document, OcrState, TextOrigin, TranslationPlan
from powg import jobs, publishing
from powg.visibility import Status


def save_document(*, document: Document, **save_kwargs) -> Document:
    """Save a document and refresh its search vectors once (save() itself does not)."""
    with transaction.atomic():
        document.save(**save_kwargs)
        search_vectors.refresh_search_vectors([document.pk])
    return document


def refresh_search(*, documents) -> int:
    """Refresh the search vectors of these documents (or ids), e.g. after their links changed."""
    return search_vectors.refresh_search_vectors([getattr(d, "pk", d) for d in documents])


def extract_file_text(*, document: Document, refresh_vectors: bool = True) -> str | None:
    """Read a new file: its checksum and its text for search; returns a problem, or None.

    Every path that stores a file calls this (the admin, the edit pages, the archive
    import, the demo). The text comes from the file itself (``documents.text``): a PDF's
    text layer, a Word or OpenDocument file's paragraphs. A PDF with no text layer, or
    one of noise, is queued for text recognition (``documents.ocr``), and every PDF for
    its cover thumbnail (``documents.thumbnails``): both run in jobs, never here.
    A corrupt or encrypted file leaves the text empty: the document stays saved.
    ``refresh_vectors=False`` when the caller refreshes once afterwards (the admin,
    after the themes and keywords are saved too).
    """
    from documents import text as file_text

    extracted = file_text.ExtractedText("", None, False)
    checksum = ""
    if document.file:
        with document.file.open("rb") as handle:
            checksum = file_checksum(handle)
            extracted = file_text.extract_text(handle, document.file_type)
    changes = {
        "file_text": extracted.text,
        "file_checksum": checksum,
        "file_text_origin": TextOrigin.FILE if extracted.text else TextOrigin.NONE,
        "ocr_state": OcrState.QUEUED if extracted.needs_ocr else OcrState.NOT_NEEDED,
    }
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(**changes)
        for name, value in changes.items():
            setattr(document, name, value)
        if refresh_vectors:
            search_vectors.refresh_search_vectors([document.pk])
        if extracted.needs_ocr:
            jobs.defer("documents.tasks.recognise_text", document_id=document.pk)
        if document.file and document.file_type == "pdf":
            jobs.defer("documents.tasks.render_thumbnail", document_id=document.pk)
        else:  # removed, or now a Word file: the old cover would show another file
            from documents.thumbnails import forget_thumbnail

            forget_thumbnail(document)
    return extracted.problem


def validate_pairing(
    *, document: Document, counterpart: Document | None, translation_plan=None, translation_due=None
) -> None:
    """The one check of a pair and of a translation plan, for the admin and every form.

    Raises ``ValidationError`` keyed by field: a counterpart must be another document in
    the other language; a target date belongs to a planned translation; a translation
    is planned (or not) only while there is no counterpart. ``translation_plan`` and
    ``translation_due`` are checked when given (a form's cleaned values).
    """
    errors = {}
    if counterpart is not None:
        if document.pk is not None and counterpart.pk == document.pk:
            errors["other_language_version"] = _("A document cannot be its own other version.")
        elif counterpart.language == document.language:
            errors["other_language_version"] = _(
                "The other-language version must be in the other language."
            )
    if translation_due and translation_plan != TranslationPlan.PLANNED:
        errors["translation_due"] = _("A target date only makes sense for a planned translation.")
    if counterpart is not None and translation_plan:
        errors["translation_plan"] = _(
            "This document has its other-language version: there is no translation to plan."
        )
    if errors:
        raise ValidationError(errors)


def pair_documents(*, document: Document, counterpart: Document) -> None:
    """Make two documents one pair, seen from both sides.

    Any earlier partner of either is unlinked, and the translation plans of both are
    cleared (the translation exists now), in one transaction.
    """
    with transaction.atomic():
        rows = {
            d.pk: d
            for d in Document.objects.select_for_update().filter(
                pk__in=[document.pk, counterpart.pk]
            )
        }
        validate_pairing(document=rows[document.pk], counterpart=rows[counterpart.pk])
        pair = [document.pk, counterpart.pk]
        Document.objects.filter(other_language_version__in=pair).exclude(pk__in=pair).update(
            other_language_version=None
        )
        for one, other in ((document, counterpart), (counterpart, document)):
            Document.objects.filter(pk=one.pk).update(
                other_language_version=other.pk, translation_plan="", translation_due=None
            )
            one.other_language_version_id = other.pk
            one.translation_plan, one.translation_due = "", None
    forget_cached_facets()  # a pair is listed once: the counts change


def unpair_document(*, document: Document) -> None:
    """Undo a document's pair, on both sides."""
    with transaction.atomic():
        Document.objects.filter(Q(pk=document.pk) | Q(other_language_version=document.pk)).update(
            other_language_version=None
        )
        document.other_language_version_id = None
    forget_cached_facets()


def link_other_language_versions(*, document: Document) -> None:
    """Make the pair that ``document.other_language_version`` names (or none) the stored one."""
    if document.other_language_version_id is None:
        unpair_document(document=document)
    else:
        pair_documents(document=document, counterpart=document.other_language_version)


def set_status(*, documents, status: str, by=None) -> int:
    """Publish, archive or unpublish several documents at once (admin actions).

    One document at a time through ``powg.publishing``, so each keeps a revision, a
    publication date and its audit entry, as when it is done on the site.
    """
    acts = {
        Status.PUBLISHED: publishing.publish,
        Status.ARCHIVED: publishing.archive,
        Status.DRAFT: publishing.unpublish,
    }
    if status not in acts:
        raise ValueError(f"Unknown status: {status!r}")
    count = 0
    with transaction.atomic():
        for document in documents.select_for_update():
            if document.status != status:
                acts[status](document, by=by)
                count += 1
    forget_cached_facets()
    return count


def delete_documents(*, documents) -> None:
    """Delete documents (and their files, links and old slugs)."""
    with transaction.atomic():
        files = [d.file.name for d in documents if d.file]
        documents.delete()
        transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
    forget_cached_facets()


def theme_renamed(*, theme) -> int:
    """A thematic area's names changed: its documents' vectors carry the new names.

    Called by the theme admin; returns how many documents were refreshed.
    """
    with transaction.atomic():
        return search_vectors.refresh_documents_of_theme(theme.pk)


def delete_themes(*, themes) -> None:
    """Delete thematic areas; their documents lose the names and the links' copies."""
    with transaction.atomic():
        ids = list(themes.values_list("pk", flat=True))
        themes.delete()
        for pk in ids:
            search_vectors.refresh_documents_of_theme(pk)


def organization_renamed(*, organization) -> int:
    """An organization's name or acronym changed: what it published is found by the new one.

    For the organization admin and any service that renames an organization.
    """
    with transaction.atomic():
        return search_vectors.refresh_documents_of_organization(organization.pk)
