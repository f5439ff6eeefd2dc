"""Editing a document on the site: one save per button, in one transaction.

``save_document(form=..., by=..., action=..., revision=...)`` saves what the form holds
and does what the button asked (publish now, schedule, unpublish, archive: through
``powg.publishing``, each audited), as one revision. Then the pair (both sides), the
file's text, the search vectors and the library's cached counts follow.

Lost updates: with ``revision`` (the token the form was opened on), the document's row
is locked first and, when someone saved since, nothing is saved and the result carries
the conflict (``powg.revisions.conflicting_changes``) for the page to show.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from documents import services
from documents.facets import forget_cached_facets
from documents.models import Document
from powg import publishing
from powg.revisions import Conflict, conflicting_changes


@dataclass
class SaveResult:
    document: Document
    conflict: Conflict | None = None
    file_problem: str | None = None


def save_document(*, form, by, action: str, revision: str | None = None) -> SaveResult:
    """Save a valid ``DocumentEditForm`` and apply ``action`` (an ``Action``)."""
    document = form.instance
    with transaction.atomic():
        stored = None
        if document.pk is not None:
            stored = (
                Document.objects.select_for_update()
                .filter(pk=document.pk)
                .values("visibility", "other_language_version_id")
                .first()
            )
            conflict = conflicting_changes(document, revision) if revision is not None else None
            if conflict is not None:
                return SaveResult(document=document, conflict=conflict)
        counterpart = form.cleaned_data.get("other_language_version")
        document = form.save(commit=False)
        document.updated_by = by
        # The pair is written by its service below, which first unlinks any earlier
        # partner: saving the link here could clash with that partner's.
        document.other_language_version_id = stored["other_language_version_id"] if stored else None
        publishing.apply(document, action=action, by=by, at=form.cleaned_data.get("scheduled_for"))
        form.save_m2m()
        if stored is not None:
            publishing.audit_visibility_change(document, old_visibility=stored["visibility"], by=by)
        if getattr(counterpart, "pk", None) != document.other_language_version_id:
            if counterpart is None:
                services.unpair_document(document=document)
            else:
                services.pair_documents(document=document, counterpart=counterpart)
        problem = None
        if "file" in form.changed_data:
            problem = services.extract_file_text(document=document, refresh_vectors=False)
        # The one refresh of this save: file text, themes and keywords are all in now.
        services.refresh_search(documents=[document])
    forget_cached_facets()
    return SaveResult(document=document, file_problem=problem)


def after_restore(document) -> None:
    """A restored revision may bring back another file and other texts: search follows."""
    try:  # the pair that revision names, on both sides again (or none)
        services.link_other_language_versions(document=document)
    except ValidationError:
        services.unpair_document(document=document)
    services.extract_file_text(document=document, refresh_vectors=False)
    services.refresh_search(documents=[document])
    forget_cached_facets()
