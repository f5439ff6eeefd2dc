"""The library's stored search vectors and link copies, computed in SQL.

Each document stores:

- ``search_vector``, for matching (GIN-indexed): title (A); subtitle, summary, the
  names of its thematic areas in both languages and of its publishing organizations
  with their acronyms (B); the start of the body and of the file's text, and its
  keywords (C). So "liquidity crisis" finds the documents of the theme "Financing and
  the liquidity crisis", whatever their language, and "UNA-Canada" what it published.
- ``rank_vector``, for ranking (small): title (A), subtitle and summary (B), the theme
  and organization names (C).
- ``theme_ids`` and ``organization_ids``: copies of the links, so facet counts read
  one narrow index (see ``documents.facets``).

All text is accent-folded (``powg.search.fold_sql``), as the query is.

Who refreshes: ``documents.services`` and the admin, once per save, and whenever a
theme's or an organization's names change (``refresh_documents_of_theme`` /
``..._of_organization``). Models never do: a save() has no side effects.
"""

from django.db import connection

from documents.facets import forget_cached_facets
from powg.search import fold_sql

# Keep the text fed to one tsvector well under PostgreSQL's 1 MB limit for a vector.
MAX_VECTOR_TEXT = 400_000

_THEME_NAMES = """coalesce((
    SELECT string_agg(a.name || ' ' || a.name_fr, ' ')
    FROM documents_themeddocument td JOIN documents_thematicarea a ON a.id = td.tag_id
    WHERE td.content_object_id = d.id), '')"""
_ORGANIZATION_NAMES = """coalesce((
    SELECT string_agg(o.name || ' ' || o.acronym, ' ')
    FROM documents_document_publishing_organizations p
    JOIN members_organization o ON o.id = p.organization_id
    WHERE p.document_id = d.id), '')"""
_KEYWORDS = """coalesce((
    SELECT string_agg(t.name, ' ')
    FROM documents_keywordeddocument k JOIN taggit_tag t ON t.id = k.tag_id
    WHERE k.content_object_id = d.id), '')"""


def _vector(text, weight):
    return f"setweight(to_tsvector({{cfg}}, {fold_sql(text)}), '{weight}')"


_VECTOR_SET = """
    search_vector = {title_a} || {summary_b} || {links_b} || {body_c},
    rank_vector = {title_a} || {summary_b} || {links_c},
    theme_ids = ARRAY(
        SELECT tag_id FROM documents_themeddocument
        WHERE content_object_id = d.id ORDER BY tag_id),
    organization_ids = ARRAY(
        SELECT organization_id FROM documents_document_publishing_organizations
        WHERE document_id = d.id ORDER BY organization_id)
""".format(
    title_a=_vector("d.title", "A"),
    summary_b=_vector("d.subtitle || ' ' || d.summary", "B"),
    links_b=_vector(f"{_THEME_NAMES} || ' ' || {_ORGANIZATION_NAMES}", "B"),
    links_c=_vector(f"{_THEME_NAMES} || ' ' || {_ORGANIZATION_NAMES}", "C"),
    body_c=_vector(
        f"left(d.body, {MAX_VECTOR_TEXT}) || ' ' || left(d.file_text, {MAX_VECTOR_TEXT})"
        f" || ' ' || {_KEYWORDS}",
        "C",
    ),
).format(cfg="(CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig")


def refresh_search_vectors(ids=None) -> int:
    """Recompute the stored vectors and link copies of these documents (None: all)."""
    sql = f"UPDATE documents_document AS d SET {_VECTOR_SET}"
    params = []
    if ids is not None:
        ids = sorted({int(pk) for pk in ids})
        if not ids:
            return 0
        sql += " WHERE d.id = ANY(%s)"
        params.append(ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count = cursor.rowcount
    forget_cached_facets()
    return count


def refresh_search_vectors_between(first_id, last_id) -> int:
    """Recompute a range of ids: the benchmark fill does it in batches, with progress."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE documents_document AS d SET {_VECTOR_SET} WHERE d.id BETWEEN %s AND %s",
            [first_id, last_id],
        )
        return cursor.rowcount


def refresh_documents_of_theme(theme_id) -> int:
    """A theme's names changed (or it is gone): its documents' vectors follow."""
    return _refresh_where(
        "d.id IN (SELECT content_object_id FROM documents_themeddocument WHERE tag_id = %s)"
        " OR %s = ANY(d.theme_ids)",
        [theme_id, theme_id],
    )


def refresh_documents_of_organization(organization_id) -> int:
    """An organization's name or acronym changed (or it is gone): its documents follow."""
    return _refresh_where(
        "d.id IN (SELECT document_id FROM documents_document_publishing_organizations"
        " WHERE organization_id = %s) OR %s = ANY(d.organization_ids)",
        [organization_id, organization_id],
    )


def _refresh_where(condition, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE documents_document AS d SET {_VECTOR_SET} WHERE {condition}", params
        )
        count = cursor.rowcount
    forget_cached_facets()
    return count
