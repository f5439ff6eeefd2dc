"""The library's search: what a document's snippet is cut from, in its own language.

Where each part of a library search lives (a request reads them in this order):

- ``documents.filters``: the query string read once (``LibraryFilters``, the cleaned
  query, ``FILTER_PARAMS``, the sorts' labels);
- ``documents.querysets``: ``DocumentQuerySet.search`` (the match and rank, from
  ``powg.search``) and ``SORT_ORDERS``, the one definition of each sort;
- ``documents.facets``: facet counts and the page's ids in one query, their cache; a
  document and its translation counted and shown once (``pairs_facets_and_page``);
- ``documents.library``: the page (``library_page``), with the snippets from here;
- ``documents.search_vectors``: the stored vectors' SQL and their refresh, called by
  ``documents.services`` and the admin;
- ``powg.search``: the generic plumbing (cleaning, accent folding, both languages,
  the GIN-only subquery, ranking, highlighted snippets, the planner hint).
"""

from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat, Left

from documents.models import Document, Language
from powg import search as fulltext

SNIPPET_SOURCE_CHARS = 2_500


def headlines(documents, text) -> dict:
    """Highlighted snippets for these (already visible, already paged) documents.

    ``text`` is the cleaned query. ``ts_headline``'s cost grows with the text: the
    summary and the start of the body and of the file's text.
    """
    ids = [d.pk for d in documents]
    if not text or not ids:
        return {}
    source = Concat(
        F("summary"),
        Value(" "),
        Left("body", SNIPPET_SOURCE_CHARS),
        Value(" "),
        Left("file_text", SNIPPET_SOURCE_CHARS),
        output_field=TextField(),
    )
    config = Case(When(language=Language.FRENCH, then=Value("french")), default=Value("english"))
    return fulltext.headlines(
        Document.objects.filter(pk__in=ids), text, source=source, config=config
    )
