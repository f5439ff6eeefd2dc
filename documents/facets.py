"""Facet counts of the library and one page of its ids, in one query; their cache.

The matching rows are read once (for a search: one GIN match and one ranking),
materialized, grouped five ways and sorted for the page. Without a search, the
covering index ``document_facets`` serves the whole query (an index-only scan).

Measured on 20,000 documents (``bench_library --explain``): a word in 12,000 of them
is a Bitmap Index Scan on document_search_gin (~1 ms) and a Bitmap Heap Scan ranking
from the small vector (~12 ms), the facets grouped from the materialized rows. With a
theme filter the match runs as its own subquery (``DocumentQuerySet.search(...,
with_filters=True)``): ~5-10 ms instead of ~80 ms.

The plain list's counts (no search, no filter) are cached per access tier
(public / members / steering committee) and forgotten whenever a document, a link or
a theme changes (``forget_cached_facets``).
"""

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection

from documents.querysets import SORT_ORDERS, sort_sql
from powg.visibility import visibilities_for

TIERS = ["public", "members", "steering"]
FACET_CACHE_SECONDS = 300
FACET_FIELDS = ["document_type", "publication_date", "language", "theme_ids", "organization_ids"]
EMPTY = {"type": {}, "year": {}, "language": {}, "theme": {}, "organization": {}}


def facet_cache_key(user, archived) -> str:
    tier = TIERS[len(visibilities_for(user)) - 1]
    return f"library-facets:{tier}:{int(bool(archived))}"


def forget_cached_facets():
    """The library's cached facet counts are out of date."""
    cache.delete_many([f"library-facets:{tier}:{flag}" for tier in TIERS for flag in (0, 1)])


def cached_counts(key):
    return cache.get(key)


def remember_counts(key, counts):
    cache.set(key, counts, FACET_CACHE_SECONDS)


def _sort_columns(sort):
    """Columns a sort needs besides id and the facet fields (rank, title)."""
    names = [field.lstrip("-") for field in SORT_ORDERS[sort]]
    return [name for name in names if name != "id" and name not in FACET_FIELDS]


def facets_and_page(queryset, *, sort="newest", offset=0, limit=0):
    """Facet counts of a filtered queryset and the ids of one page of it, in one query.

    The queryset must already be restricted by ``visible_to``. Returns
    ``(counts, ids)``: counts per facet as {key: count}, and the page's ids in order.
    """
    inner = queryset.order_by().values("id", *FACET_FIELDS, *_sort_columns(sort))
    counts = {facet: {} for facet in EMPTY}
    try:
        inner_sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # e.g. .none(): nothing matches, nothing to ask
        return counts, []
    sql = f"""
        WITH m AS MATERIALIZED ({inner_sql})
        SELECT 'type', document_type, count(*) FROM m GROUP BY document_type
        UNION ALL
        SELECT 'year', extract(year FROM publication_date)::int::text, count(*) FROM m GROUP BY 2
        UNION ALL
        SELECT 'language', language, count(*) FROM m GROUP BY language
        UNION ALL
        SELECT 'theme', t::text, count(*) FROM (SELECT unnest(theme_ids) AS t FROM m) AS x
            GROUP BY t
        UNION ALL
        SELECT 'organization', o::text, count(*)
            FROM (SELECT unnest(organization_ids) AS o FROM m) AS y GROUP BY o
        UNION ALL
        SELECT 'page', p.id::text, row_number() OVER ()
            FROM (SELECT id FROM m ORDER BY {sort_sql(sort)} LIMIT %s OFFSET %s) AS p
    """
    page = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        for facet, key, value in cursor.fetchall():
            if facet == "page":
                page.append((value, int(key)))
            else:
                counts[facet][key] = value
    return counts, [pk for _, pk in sorted(page)]


def facet_counts(queryset) -> dict:
    """Counts per type, year, language, theme and organization of a filtered queryset."""
    return facets_and_page(queryset, limit=0)[0]
