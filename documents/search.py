"""Full-text search plumbing: stored vectors, facet counts in one query, snippets.

Why it is shaped this way (measured on 20,000 documents of ~1,500 words; see the
``bench_library`` command): matching goes through the GIN index on the big weighted
``search_vector`` (a bitmap index scan), and ranking reads only the small title +
summary ``rank_vector``. Ranking from the big vector, or letting the planner filter
with a sequential scan, unpacks every stored body vector and costs 10-50 times more.
Snippets (``ts_headline``) are computed for the 20 documents of a page only.
"""

import re

from django.contrib.postgres.search import SearchHeadline
from django.db import connection
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
     || setweight(to_tsvector({cfg}, d.subtitle || ' ' || d.summary), 'B')
""".format(
    cfg="(CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig",
    limit=MAX_VECTOR_TEXT,
)


def refresh_search_vectors(ids=None) -> int:
    """Recompute the stored vectors of these documents (all when ids is None), in SQL."""
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
        return cursor.rowcount


def refresh_search_vectors_between(first_id, last_id) -> int:
    """Recompute a range of ids: the benchmark fill does it in batches, with progress."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE documents_document AS d SET {_VECTOR_SET} WHERE d.id BETWEEN %s AND %s",
            [first_id, last_id],
        )
        return cursor.rowcount


def facet_counts(queryset) -> dict:
    """Counts per type, year, language, theme and organization of a filtered queryset.

    One query, whatever the data: the filtered ids are materialized once and grouped
    five ways. The queryset must already be restricted by ``visible_to``.
    """
    inner = queryset.order_by().values("id", "document_type", "publication_date", "language")
    inner_sql, params = inner.query.sql_with_params()
    sql = f"""
        WITH m AS MATERIALIZED ({inner_sql})
        SELECT 'type', document_type, count(*) FROM m GROUP BY document_type
        UNION ALL
        SELECT 'year', extract(year FROM publication_date)::int::text, count(*) FROM m GROUP BY 2
        UNION ALL
        SELECT 'language', language, count(*) FROM m GROUP BY language
        UNION ALL
        SELECT 'theme', t.tag_id::text, count(*)
            FROM m JOIN documents_themeddocument t ON t.content_object_id = m.id GROUP BY 2
        UNION ALL
        SELECT 'organization', o.organization_id::text, count(*)
            FROM m JOIN documents_document_publishing_organizations o ON o.document_id = m.id
            GROUP BY 2
    """
    counts = {"type": {}, "year": {}, "language": {}, "theme": {}, "organization": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, key, count in cursor.fetchall():
            counts[facet][key] = count
    return counts


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

    source = Concat(
        F("summary"), Value(" "), Left("body", 20_000), Value(" "), Left("file_text", 20_000)
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
