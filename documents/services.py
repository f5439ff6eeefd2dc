"""Writes to the library that touch more than one row: each in one transaction."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from documents import search_vectors
from documents.facets import forget_cached_facets
from documents.files import extract_pdf_text
from documents.models import Document
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
    """Fill ``file_text`` from the document's PDF; returns a problem to report, or None.

    A corrupt or encrypted PDF leaves the text empty: the document stays saved.
    ``refresh_vectors=False`` when the caller refreshes once afterwards (the admin,
    after the themes and keywords are saved too).
    """
    problem = None
    text = ""
    if document.file and document.file_type == "pdf":
        with document.file.open("rb") as handle:
            text, problem = extract_pdf_text(handle)
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(file_text=text)
        document.file_text = text
        if refresh_vectors:
            search_vectors.refresh_search_vectors([document.pk])
    return problem


def link_other_language_versions(*, document: Document) -> None:
    """Make the other-language link go both ways, and drop links to anything else."""
    with transaction.atomic():
        other = document.other_language_version
        Document.objects.filter(other_language_version=document).exclude(
            pk=getattr(other, "pk", None)
        ).update(other_language_version=None)
        if other is not None and other.other_language_version_id != document.pk:
            Document.objects.filter(other_language_version=other).exclude(pk=document.pk).update(
                other_language_version=None
            )
            Document.objects.filter(pk=other.pk).update(other_language_version=document)


def set_status(*, documents, status: str, by=None) -> int:
    """Publish or archive several documents at once (admin actions)."""
    if status not in Status.values:
        raise ValueError(f"Unknown status: {status!r}")
    with transaction.atomic():
        # update() skips auto_now: set the timestamp that feeds, sitemap and ETags read.
        count = documents.update(status=status, updated_by=by, updated_at=timezone.now())
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
