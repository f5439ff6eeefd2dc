"""Full-text search plumbing: stored vectors, facet counts in one query, snippets.

Why it is shaped this way (measured on 20,000 documents of ~1,500 words; see the
``bench_library`` command): matching goes through the GIN index on the big weighted
``search_vector`` (a bitmap index scan), and ranking reads only the small title +
summary ``rank_vector``. Ranking from the big vector, or letting the planner filter
with a sequential scan, unpacks every stored body vector and costs 10-50 times more.
Snippets (``ts_headline``) are computed for the 20 documents of a page only.

What EXPLAIN ANALYZE showed on the benchmark data (a word in 12,000 of 20,000):

- planner's own choice: Seq Scan, Filter ``search_vector @@ ...``: ~110 ms
  (every TOASTed vector unpacked); hence ``index_scans_for_search``;
- Bitmap Index Scan on document_search_gin (~1 ms) + Bitmap Heap Scan with
  ts_rank(rank_vector) (~12 ms), facets grouped from the materialized rows;
- with a theme filter the planner started from the theme index and tested ``@@``
  row by row (~80 ms for 2,000 rows); the match now runs as its own subquery
  there (``DocumentQuerySet.search(with_filters=True)``): ~5-10 ms.
"""

import re
from contextlib import contextmanager

from django.contrib.postgres.search import SearchHeadline
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Case, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Keep the text fed to one tsvector well under PostgreSQL's 1 MB limit for a vector.
MAX_VECTOR_TEXT = 400_000

_VECTOR_SET = """
    search_vector =
        setweight(to_tsvector({cfg}, d.title), 'A')
     || setweight(to_tsvector({cfg}, d.subtitle || ' ' || d.summary), 'B')
     || setweight(to_tsvector({cfg}, left(d.body, {limit}) || ' ' || left(d.file_text, {limit})
            || ' ' || coalesce((
                SELECT string_agg(t.name, ' ')
                FROM documents_keywordeddocument k JOIN taggit_tag t ON t.id = k.tag_id
                WHERE k.content_object_id = d.id), '')), 'C'),
    rank_vector =
        setweight(to_tsvector({cfg}, d.title), 'A')
     || setweight(to_tsvector({cfg}, d.subtitle || ' ' || d.summary), 'B'),
    theme_ids = ARRAY(
        SELECT tag_id FROM documents_themeddocument
        WHERE content_object_id = d.id ORDER BY tag_id),
    organization_ids = ARRAY(
        SELECT organization_id FROM documents_document_publishing_organizations
        WHERE document_id = d.id ORDER BY organization_id)
""".format(
    cfg="(CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig",
    limit=MAX_VECTOR_TEXT,
)


TIERS = ["public", "members", "steering"]


def forget_cached_facets():
    """The library's cached facet counts (see documents.library) are out of date."""
    cache.delete_many([f"library-facets:{tier}:{flag}" for tier in TIERS for flag in (0, 1)])


def refresh_search_vectors(ids=None) -> int:
    """Recompute the stored vectors and link copies of these documents (None: all), in SQL.

    Called after every save and after themes, keywords or organizations change.
    """
    sql = f"UPDATE documents_document AS d SET {_VECTOR_SET}"
    params = []
    if ids is not None:
        ids = [int(pk) for pk in ids]
        if not ids:
            return 0
        sql += " WHERE d.id = ANY(%s)"
        params.append(ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count = cursor.rowcount
    forget_cached_facets()
    return count


@contextmanager
def index_scans_for_search():
    """Run a search's queries with sequential scans discouraged.

    The planner does not count the cost of unpacking each row's large TOASTed
    ``search_vector``: for a word found in many documents it picks a sequential scan
    that takes 100-200 ms at 20,000 documents, where the GIN bitmap scan takes a few.
    ``SET LOCAL`` confines the setting to this transaction.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def refresh_search_vectors_between(first_id, last_id) -> int:
    """Recompute a range of ids: the benchmark fill does it in batches, with progress."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE documents_document AS d SET {_VECTOR_SET} WHERE d.id BETWEEN %s AND %s",
            [first_id, last_id],
        )
        return cursor.rowcount


# The order of each sort in SQL, and the columns it needs besides id and the facets.
SORT_SQL = {
    "relevance": ("rank DESC, publication_date DESC, id DESC", ["rank"]),
    "newest": ("publication_date DESC, id DESC", []),
    "oldest": ("publication_date ASC, id ASC", []),
    "title": ("title ASC, id ASC", ["title"]),
}
FACET_FIELDS = ["document_type", "publication_date", "language", "theme_ids", "organization_ids"]


def facets_and_page(queryset, *, sort="newest", offset=0, limit=0):
    """Facet counts of a filtered queryset and the ids of one page of it, in one query.

    The matching rows are read once (for a search: one GIN match and one ranking),
    materialized, grouped five ways and sorted for the page. Without a search, the
    covering index ``document_facets`` serves the whole query (an index-only scan).
    The queryset must already be restricted by ``visible_to``.

    Returns ``(counts, ids)``: counts per facet as {key: count}, and the page's ids in order.
    """
    order_sql, extra = SORT_SQL[sort]
    inner = queryset.order_by().values("id", *FACET_FIELDS, *extra)
    counts = {"type": {}, "year": {}, "language": {}, "theme": {}, "organization": {}}
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
            FROM (SELECT id FROM m ORDER BY {order_sql} LIMIT %s OFFSET %s) AS p
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


# Private-use characters mark the highlighted words, so the text can be escaped
# whole and the marks turned into <mark> afterwards: no HTML from a body gets through.
_START, _STOP = "\ue000", "\ue001"
# Markdown syntax that reads as noise in a snippet: headings, emphasis, footnote marks.
_MARKDOWN_NOISE = re.compile(r"\[\^[^\]]*\]:?|#+ |\*\*|__|`")


def headlines(documents, text) -> dict:
    """Highlighted snippets for these (already visible, already paged) documents."""
    from documents.models import Document, Language
    from documents.querysets import clean_query, search_query

    text = clean_query(text)
    ids = [d.pk for d in documents]
    if not text or not ids:
        return {}
    config = Case(When(language=Language.FRENCH, then=Value("french")), default=Value("english"))
    from django.db.models import F
    from django.db.models.functions import Concat, Left

    # ts_headline's cost grows with the text: the summary and the start of the text.
    source = Concat(
        F("summary"), Value(" "), Left("body", 2_500), Value(" "), Left("file_text", 2_500)
    )
    rows = (
        Document.objects.filter(pk__in=ids)
        .annotate(
            snippet=SearchHeadline(
                source,
                search_query(text),
                config=config,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=22,
                min_words=10,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .values_list("pk", "snippet")
    )
    result = {}
    for pk, snippet in rows:
        if snippet and _START in snippet:
            snippet = _MARKDOWN_NOISE.sub(" ", snippet)
            html = (
                escape(" ".join(snippet.split()))
                .replace(_START, "<mark>")
                .replace(_STOP, "</mark>")
            )
            result[pk] = mark_safe(html)
    return result
