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
a theme changes (``forget_cached_facets``), and as soon as a scheduled document's time
comes (the counts carry the next such time, ``due``: no job needs to run).
"""

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone

from documents.querysets import SORT_ORDERS, sort_sql
from powg.visibility import visibilities_for

TIERS = ["public", "members", "steering"]
FACET_CACHE_SECONDS = 300
FACET_FIELDS = ["document_type", "publication_date", "language", "theme_ids", "organization_ids"]
EMPTY = {"type": {}, "year": {}, "language": {}, "theme": {}, "organization": {}}


LANGUAGES = ["en", "fr"]


def facet_cache_key(user, archived, language="en") -> str:
    """Per access tier, archived or not, and reader's language (which version of a pair)."""
    tier = TIERS[len(visibilities_for(user)) - 1]
    return f"library-facets:{tier}:{int(bool(archived))}:{language}"


def forget_cached_facets():
    """The library's cached facet counts are out of date."""
    cache.delete_many(
        [
            f"library-facets:{tier}:{flag}:{language}"
            for tier in TIERS
            for flag in (0, 1)
            for language in LANGUAGES
        ]
    )


def cached_counts(key):
    """The cached counts, unless a scheduled document has become visible since they were
    counted (``due``: the next scheduled time then): no job has to forget them."""
    counts = cache.get(key)
    if counts is not None and counts.get("due") and counts["due"] <= timezone.now().timestamp():
        return None
    return counts


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
    try:
        inner_sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # e.g. .none(): nothing matches, nothing to ask
        return {**{facet: {} for facet in EMPTY}, "total": 0}, []
    sql = (
        f"WITH m AS MATERIALIZED ({inner_sql}) {_counts_sql('m')} UNION ALL {_page_sql('m', sort)}"
    )
    return _run(sql, [*params, timezone.now(), limit, offset])


def _counts_sql(rows):
    return f"""
        SELECT 'type', document_type, count(*) FROM {rows} GROUP BY document_type
        UNION ALL
        SELECT 'year', extract(year FROM publication_date)::int::text, count(*) FROM {rows}
            GROUP BY 2
        UNION ALL
        SELECT 'language', language, count(*) FROM {rows} GROUP BY language
        UNION ALL
        SELECT 'theme', t::text, count(*) FROM (SELECT unnest(theme_ids) AS t FROM {rows}) AS x
            GROUP BY t
        UNION ALL
        SELECT 'organization', o::text, count(*)
            FROM (SELECT unnest(organization_ids) AS o FROM {rows}) AS y GROUP BY o
        UNION ALL
        SELECT 'total', '', count(*) FROM {rows}
        UNION ALL
        {_DUE_SQL}
    """


# The next time a scheduled document becomes visible (an index lookup on published_at),
# read with the counts so that cached counts know when they go stale.
_DUE_SQL = """
    SELECT 'due', extract(epoch FROM min(published_at))::text, 0 FROM documents_document
        WHERE published_at > %s AND status <> 'draft'
"""


def _page_sql(rows, sort):
    return f"""
        SELECT 'page', p.id::text, row_number() OVER ()
            FROM (SELECT id FROM {rows} ORDER BY {sort_sql(sort)} LIMIT %s OFFSET %s) AS p
    """


def _run(sql, params):
    counts = {facet: {} for facet in EMPTY}
    page = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, key, value in cursor.fetchall():
            if facet == "page":
                page.append((value, int(key)))
            elif facet == "total":
                counts["total"] = value
            elif facet == "due":
                counts["due"] = float(key) if key else None
            else:
                counts[facet][key] = value
    counts.setdefault("total", 0)
    return counts, [pk for _, pk in sorted(page)]


def pairs_facets_and_page(
    listed,
    *,
    candidates=None,
    preferred,
    language="",
    sort="newest",
    offset=0,
    limit=0,
    with_counts=True,
):
    """Facet counts and one page of ids, a document and its translation counted once.

    ``listed``: what the viewer may see in a listing (``visible_to(user).listed(...)``,
    with ``rank`` when searching). ``candidates``: ``listed`` narrowed by everything but
    the language (the search, a theme...), or None when nothing narrows it. A pair is
    in when either version is a candidate (a match on either side counts) and both are
    in ``listed``; it is shown, counted and sorted (by the better rank of the two) as
    its version in ``preferred`` (the reader's language) where that is listed, otherwise
    as the other. ``language`` then keeps the shown versions in that language, so each
    facet's counts add up to the total, which is ``counts["total"]``.

    Rows are read as before (the candidates from the GIN index or the covering index);
    only the candidates' counterparts are looked up again, by primary key.
    """
    columns = ["id", *FACET_FIELDS, *_sort_columns(sort)]
    linked = [*columns, "other_language_version_id"]
    names = ", ".join(linked)
    try:
        listed_sql, listed_params = listed.order_by().values(*linked).query.sql_with_params()
        if candidates is None:
            rows = f"m AS MATERIALIZED (SELECT {names} FROM ({listed_sql}) AS b)"
            params = [*listed_params]
        else:
            found_sql, found_params = candidates.order_by().values(*linked).query.sql_with_params()
            # The candidates (c, read once), and their counterparts that are not
            # candidates themselves, looked up by primary key (= ANY(ARRAY(...)) is an
            # index condition; IN (...) let the planner read every visible row).
            rows = f"""
                c AS MATERIALIZED (SELECT {names} FROM ({found_sql}) AS a),
                m AS MATERIALIZED (
                    SELECT * FROM c
                    UNION ALL
                    SELECT {names} FROM ({listed_sql}) AS b
                    WHERE b.id = ANY(ARRAY(
                        SELECT other_language_version_id FROM c
                        WHERE other_language_version_id IS NOT NULL
                    ))
                      AND b.id NOT IN (SELECT id FROM c)
                )
            """
            params = [*found_params, *listed_params]
    except EmptyResultSet:  # e.g. .none(): nothing matches, nothing to ask
        return {**{facet: {} for facet in EMPTY}, "total": 0}, []
    # A pair's two rows share a key (the lower id; links are symmetric, the services
    # keep them so); a row whose counterpart is not in m is alone under its key. Only
    # linked rows are sorted: one sort serves the pair's best rank (the window) and the
    # version kept (DISTINCT ON).
    pair = (
        "PARTITION BY k ORDER BY (language = %s) DESC, id "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"
    )
    plain_columns = ", ".join(columns)
    shown_columns = ", ".join(
        f"max(rank) OVER ({pair}) AS rank" if name == "rank" else name for name in columns
    )
    only_language = "WHERE language = %s" if language else ""
    sql = f"""
        WITH {rows},
        s AS MATERIALIZED (
            SELECT * FROM (
                SELECT {plain_columns} FROM m WHERE other_language_version_id IS NULL
                UNION ALL
                (
                    SELECT DISTINCT ON (k) {shown_columns}
                    FROM (
                        SELECT *, LEAST(id, other_language_version_id) AS k FROM m
                        WHERE other_language_version_id IS NOT NULL
                    ) AS linked
                    ORDER BY k, (language = %s) DESC, id
                )
            ) AS one_each {only_language}
        )
        {_counts_sql("s") + " UNION ALL " if with_counts else ""}{_page_sql("s", sort)}
    """
    window_params = [preferred] if "rank" in columns else []
    params = [
        *params,
        *window_params,
        preferred,
        *([language] if language else []),
        *([timezone.now()] if with_counts else []),
        limit,
        offset,
    ]
    return _run(sql, params)


def facet_counts(queryset) -> dict:
    """Counts per type, year, language, theme and organization of a filtered queryset."""
    return facets_and_page(queryset, limit=0)[0]
