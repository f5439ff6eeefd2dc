"""The library list's filters, read from the query string (bookmarkable, shareable).

Unknown or malformed values are ignored, never an error: a hand-edited URL still
shows a page.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from documents.models import DocumentType, Language
from powg.params import parse_int
from powg.search import clean_query

FILTER_PARAMS = {"q", "theme", "type", "year", "language", "organization", "sort", "archived"}

# The sorts' labels; their orders are ``documents.querysets.SORT_ORDERS``.
SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "title": _("Title (A-Z)"),
}


def _one(params, name, max_length=100):
    value = params.get(name, "")
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:max_length]


def filter_params(params) -> dict:
    """The library's own non-empty parameters of a query string (facet links keep them)."""
    return {k: v for k, v in params.items() if k in FILTER_PARAMS and v}


@dataclass
class LibraryFilters:
    """The list's filters as read once from a request; ``q`` is the cleaned query."""

    q: str = ""
    theme: str = ""
    type: str = ""
    year: int | None = None
    language: str = ""
    organization: str = ""
    sort: str = "newest"
    archived: bool = False
    unusable_query: bool = False  # a query was typed, but nothing in it can be searched
    active: dict = field(default_factory=dict)

    @classmethod
    def from_params(cls, params):
        raw = params.get("q", "")
        filters = cls(q=clean_query(raw))
        filters.unusable_query = bool(str(raw).strip()) and not filters.q
        filters.theme = _one(params, "theme")
        filters.organization = _one(params, "organization")
        if _one(params, "type") in DocumentType.values:
            filters.type = _one(params, "type")
        if _one(params, "language") in Language.values:
            filters.language = _one(params, "language")
        filters.year = parse_int(_one(params, "year", 4), minimum=1900, maximum=2200)
        filters.archived = _one(params, "archived") == "1"
        default_sort = "relevance" if filters.q else "newest"
        sort = _one(params, "sort")
        filters.sort = (
            sort if sort in SORTS and (sort != "relevance" or filters.q) else default_sort
        )
        return filters

    @property
    def has_filters(self) -> bool:
        return bool(self.theme or self.type or self.year or self.language or self.organization)

    @property
    def narrows(self) -> bool:
        """Anything but the language narrows the list (see ``candidates``)."""
        return bool(
            self.q
            or self.unusable_query
            or self.theme
            or self.type
            or self.year
            or self.organization
        )

    def candidates(self, listed, theme=None):
        """``listed`` narrowed by everything but the language, and searched; None if nothing.

        The library lists a document and its translation once: a pair is in when either
        version is a candidate, and the language then picks which version is shown
        (``documents.facets.pairs_facets_and_page``).
        """
        if not self.narrows:
            return None
        if self.unusable_query:
            return listed.none()
        qs = self._narrowed(listed, theme, by_language=False)
        if self.q:
            others = bool(self.theme or self.type or self.year or self.organization)
            qs = qs.search(self.q, with_filters=others)
        return qs

    def apply(self, queryset, theme=None):
        """Narrow an already ``visible_to``-restricted queryset, and search it.

        ``theme`` is the ThematicArea named by ``self.theme`` (None when it names none).
        """
        qs = queryset.listed(include_archived=self.archived)
        if self.unusable_query:
            return qs.none()
        qs = self._narrowed(qs, theme, by_language=True)
        if self.q:
            qs = qs.search(self.q, with_filters=self.has_filters)
        return qs

    def _narrowed(self, qs, theme, *, by_language):
        """``qs`` with the filters but the search (and the language unless asked)."""
        if self.theme:
            qs = qs.with_theme_id(theme.pk) if theme is not None else qs.none()
        if self.type:
            qs = qs.of_type(self.type)
        if self.year:
            qs = qs.in_year(self.year)
        if by_language and self.language:
            qs = qs.in_language(self.language)
        if self.organization:
            qs = qs.by_organization(self.organization)
        return qs

    def order(self, queryset):
        return queryset.sorted_by(self.sort)
