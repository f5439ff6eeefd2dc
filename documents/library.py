"""The library list: one page of filtered, searched documents with its facet counts.

Query plan per page, whatever the number of documents: the thematic areas (also
used for the cards), one query for the facet counts and the page's ids (served by
the ``document_facets`` covering index, or by the GIN index when searching), the
page's 20 documents, their snippets when searching, and the organizations named in
the facets. Without a search or a filter the facet counts come from the cache,
shared by everyone with the same access (public / members / steering committee) and
the same language, and forgotten whenever a document changes (``forget_cached_facets``).

A document and its translation are one card: the version in the reader's language
where the reader may see it, otherwise the other, found when either version matches;
the card names the other version when the reader may see it (``counterpart_slug``).
"""

from contextlib import nullcontext
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from documents import facets as facet_queries
from documents.models import Document, DocumentType, Language, ThematicArea
from documents.search import headlines
from members.models import Organization
from powg.search import index_scans_for_search

PER_PAGE = 20


def attach_themes(documents, themes_by_id=None):
    """Give each document ``theme_list`` from its stored ``theme_ids``: one query at most."""
    if themes_by_id is None:
        wanted = {pk for document in documents for pk in document.theme_ids}
        themes_by_id = ThematicArea.objects.in_bulk(wanted) if wanted else {}
    for document in documents:
        themes = [themes_by_id[pk] for pk in document.theme_ids if pk in themes_by_id]
        document.theme_list = sorted(themes, key=lambda t: (t.display_order, t.name))
    return documents


class _Counted:
    """A stand-in sequence of known length: the page's rows are fetched separately."""

    def __init__(self, length):
        self.length = length

    def __len__(self):
        return self.length

    def __getitem__(self, key):
        return []


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    url: str
    selected: bool


@dataclass
class LibraryPage:
    page: object
    documents: list
    total: int
    facets: dict
    active_theme: object
    active_organization: str


def _facet_url(path, params, name, value):
    changed = {k: v for k, v in params.items() if k != "page"}
    if value is None:
        changed.pop(name, None)
    else:
        changed[name] = value
    return f"{path}?{urlencode(changed)}" if changed else path


def _build_facets(path, params, filters, counts, themes, organizations):
    def options(name, rows, current):
        result = []
        for value, label, count in rows:
            selected = str(value) == str(current or "")
            url = _facet_url(path, params, name, None if selected else str(value))
            result.append(FacetOption(str(value), label, count, url, selected))
        return result

    type_labels = dict(DocumentType.choices)
    language_labels = dict(Language.choices)
    return {
        "theme": options(
            "theme",
            [
                (t.slug, t.label, counts["theme"][str(t.pk)])
                for t in themes
                if str(t.pk) in counts["theme"]
            ],
            filters.theme,
        ),
        "type": options(
            "type",
            [
                (v, type_labels[v], counts["type"][v])
                for v in DocumentType.values
                if v in counts["type"]
            ],
            filters.type,
        ),
        "year": options(
            "year",
            sorted(((y, y, n) for y, n in counts["year"].items()), key=lambda r: -int(r[0])),
            filters.year,
        ),
        "language": options(
            "language",
            [
                (v, language_labels[v], counts["language"][v])
                for v in Language.values
                if v in counts["language"]
            ],
            filters.language,
        ),
        "organization": options(
            "organization",
            sorted(
                (
                    (o.slug, o.acronym or o.name, counts["organization"][str(o.pk)])
                    for o in organizations
                ),
                key=lambda r: (-r[2], r[1]),
            ),
            filters.organization,
        ),
    }


def reader_language() -> str:
    """The language of the page being served ("en" or "fr")."""
    return (get_language() or "en")[:2]


def localized_url(document, slug=None) -> str:
    """A document's address under its own language's prefix (/library/... or /fr/library/...).

    ``slug`` instead of the document's own (a counterpart known by its slug only).
    """
    with translation.override(document.language if slug is None else document.other_language):
        return reverse("documents:document-detail", kwargs={"slug": slug or document.slug})


def library_page(*, user, filters, number, path, params) -> LibraryPage:
    """Everything the library list shows for this visitor, filters and page.

    ``params``: the list's own parameters of the query string
    (``documents.filters.filter_params``), kept in the facet links under ``path``.
    A document and its translation make one card, in the reader's language where
    that version is visible to them (``documents.facets.pairs_facets_and_page``).
    """
    themes = list(ThematicArea.objects.all())
    themes_by_id = {t.pk: t for t in themes}
    active_theme = next((t for t in themes if t.slug == filters.theme), None)
    visible = Document.objects.visible_to(user)
    listed = visible.listed(include_archived=filters.archived)
    if filters.q:
        listed = listed.ranked(filters.q)  # a counterpart found through its pair is ranked too
    candidates = filters.candidates(listed, theme=active_theme)
    preferred = reader_language()
    offset = (number - 1) * PER_PAGE
    # Only the plain list shares its counts: an unusable query matches nothing, and
    # writing its empty counts under the shared key would blank the list for everyone.
    shared = not (filters.q or filters.has_filters or filters.unusable_query)
    cache_key = facet_queries.facet_cache_key(user, filters.archived, preferred) if shared else None

    def ask(offset, with_counts=True):
        if not with_counts and candidates is None and not filters.language:
            # The plain list's page alone: a walk of the newest-first index, each row's
            # counterpart looked up by key (the counts come from the cache).
            one_each = listed.one_version_per_pair(preferred).sorted_by(filters.sort)
            return None, list(one_each.values_list("pk", flat=True)[offset : offset + PER_PAGE])
        return facet_queries.pairs_facets_and_page(
            listed,
            candidates=candidates,
            preferred=preferred,
            language=filters.language,
            sort=filters.sort,
            offset=offset,
            limit=PER_PAGE,
            with_counts=with_counts,
        )

    with index_scans_for_search() if filters.q else nullcontext():
        counts = facet_queries.cached_counts(cache_key) if cache_key else None
        if counts is None:
            counts, ids = ask(offset)
            if cache_key:
                facet_queries.remember_counts(cache_key, counts)
        else:
            ids = ask(offset, with_counts=False)[1]
        total = counts["total"]
        page = Paginator(_Counted(total), PER_PAGE).get_page(number)
        if not ids and total and page.number != number:  # past the last page: show the last
            ids = ask(page.start_index() - 1, with_counts=False)[1]
        by_id = visible.filter(pk__in=ids).for_cards().with_counterpart_slug(visible).in_bulk()
        documents = [by_id[pk] for pk in ids if pk in by_id]
        snippets = headlines(documents, filters.q) if filters.q else {}
    for document in documents:
        document.snippet = snippets.get(document.pk)
    attach_themes(documents, themes_by_id)
    page.object_list = documents
    organizations = list(
        Organization.objects.filter(pk__in=[int(pk) for pk in counts["organization"]]).only(
            "pk", "name", "acronym", "slug"
        )
    )
    facets = _build_facets(path, params, filters, counts, themes, organizations)
    active_organization = next(
        (o.label for o in facets["organization"] if o.selected), filters.organization
    )
    return LibraryPage(page, documents, total, facets, active_theme, active_organization)
