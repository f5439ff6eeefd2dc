"""Which records the OAI-PMH repository (``documents.oai``) exposes, and their datestamps.

A record is a document the public may read now (``visible_to`` an anonymous user), or
a deleted one: a document that was once readable by the public and no longer is
(unpublished, made members- or steering-only, deleted). Deletions are persistent and
come from the revisions django-simple-history keeps (``Document.history``): a revision
was public while it lasted if it was public, not a draft, and its ``published_at`` (if
any) came before the next revision. A deleted record is dated by the revision that
ended its last public stretch (the delete itself for a deleted row); a change made
without a revision (a bulk ``update()``) falls back to the document's ``updated_at``.

A live record is dated by its last change, or by the moment a scheduled publication
came due if that is later (``GREATEST(updated_at, published_at)``): a harvester asking
for changes since yesterday sees a paper scheduled last week and released today.

Every list is ordered by (datestamp, id), the keyset a resumption token carries, and
cut at the moment the harvest started, so documents added or changed mid-harvest wait
for the next harvest instead of shifting the pages.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from documents.models import Document
from powg.visibility import Status, Visibility


@dataclass(frozen=True)
class Selection:
    """What a list asks for: bounds on the datestamp, a set, the keyset cursor."""

    since: datetime | None = None  # inclusive
    before: datetime | None = None  # exclusive
    theme_id: int | None = None  # a theme's set
    any_theme: bool = False  # the "theme" parent set
    document_type: str | None = None  # a type's set
    after: tuple[datetime, int] | None = None  # the last (datestamp, id) already sent
    pk: int | None = None  # one record (GetRecord)


@dataclass
class Header:
    id: int
    datestamp: datetime
    deleted: bool
    theme_ids: list = field(default_factory=list)
    document_type: str = ""


def _live_sql():
    """The records the public may read now, from ``visible_to``, as SQL: their datestamp
    and what sets they are in."""
    live = (
        Document.objects.visible_to(AnonymousUser())
        .order_by()
        .annotate(
            ds=Greatest("updated_at", Coalesce("published_at", "updated_at")),
            deleted=Value(False),
        )
        .values("id", "ds", "deleted", "theme_ids", "document_type")
    )
    return live.query.sql_with_params()


def _records_sql(selection: Selection, now: datetime):
    """The CTE of every record (live and deleted) and the WHERE clause for ``selection``.

    The revisions are read only for documents the public cannot read now; a window
    pass gives each revision the time of the next one (when it stopped being current)
    and the sets of the newest one (what the deleted record's header shows).
    """
    live_sql, live_params = _live_sql()
    public, draft, deleted = Visibility.PUBLIC.value, Status.DRAFT.value, "-"
    sql = f"""
        WITH live AS ({live_sql}),
        revisions AS (
            SELECT h.id, h.history_id, h.history_date, h.history_type, h.visibility,
                   h.status, h.published_at,
                   LEAD(h.history_date) OVER oldest_first AS next_date,
                   FIRST_VALUE(h.theme_ids) OVER newest_first AS last_theme_ids,
                   FIRST_VALUE(h.document_type) OVER newest_first AS last_document_type
            FROM documents_historicaldocument h
            WHERE h.id NOT IN (SELECT id FROM live)
            WINDOW oldest_first AS (PARTITION BY h.id ORDER BY h.history_date, h.history_id),
                   newest_first AS (
                       PARTITION BY h.id ORDER BY h.history_date DESC, h.history_id DESC
                   )
        ),
        last_public AS (
            SELECT DISTINCT ON (id) id, history_date, next_date, last_theme_ids,
                   last_document_type
            FROM revisions
            WHERE history_type <> %s AND visibility = %s AND status <> %s
              AND (published_at IS NULL OR published_at <= COALESCE(next_date, %s))
            ORDER BY id, history_date DESC, history_id DESC
        ),
        gone AS (
            SELECT p.id,
                   COALESCE(p.next_date, d.updated_at, p.history_date) AS ds,
                   TRUE AS deleted,
                   COALESCE(d.theme_ids, p.last_theme_ids) AS theme_ids,
                   COALESCE(d.document_type, p.last_document_type) AS document_type
            FROM last_public p
            LEFT JOIN documents_document d ON d.id = p.id
        ),
        records AS (
            SELECT id, ds, deleted, theme_ids, document_type FROM live
            UNION ALL
            SELECT id, ds, deleted, theme_ids, document_type FROM gone
        )
    """
    params = [*live_params, deleted, public, draft, now]
    where, where_params = [], []
    if selection.since is not None:
        where.append("ds >= %s")
        where_params.append(selection.since)
    if selection.before is not None:
        where.append("ds < %s")
        where_params.append(selection.before)
    if selection.theme_id is not None:
        where.append("%s = ANY(theme_ids)")
        where_params.append(selection.theme_id)
    if selection.any_theme:
        where.append("cardinality(theme_ids) > 0")
    if selection.document_type is not None:
        where.append("document_type = %s")
        where_params.append(selection.document_type)
    if selection.pk is not None:
        where.append("id = %s")
        where_params.append(selection.pk)
    return sql, params, where, where_params


def headers(selection: Selection, *, limit: int, now: datetime | None = None) -> list[Header]:
    """Up to ``limit`` records after ``selection.after``, oldest datestamp first (1 query)."""
    now = now or timezone.now()
    sql, params, where, where_params = _records_sql(selection, now)
    if selection.after is not None:
        where.append("(ds, id) > (%s, %s)")
        where_params.extend(selection.after)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{sql} SELECT id, ds, deleted, theme_ids, document_type FROM records {clause}"
            " ORDER BY ds, id LIMIT %s",
            [*params, *where_params, limit],
        )
        return [Header(*row) for row in cursor.fetchall()]


def count(selection: Selection, *, now: datetime | None = None) -> int:
    """How many records the whole list holds, whatever the cursor (1 query)."""
    sql, params, where, where_params = _records_sql(selection, now or timezone.now())
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} SELECT count(*) FROM records {clause}", [*params, *where_params])
        return cursor.fetchone()[0]


def earliest_datestamp() -> datetime | None:
    """A lower limit of every datestamp, for Identify (1 query).

    Every datestamp is a document's ``updated_at`` (or later) or a revision's date, so
    the oldest of those bounds them all, without working out each record's.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT LEAST((SELECT min(updated_at) FROM documents_document),"
            " (SELECT min(history_date) FROM documents_historicaldocument))"
        )
        return cursor.fetchone()[0]


METADATA_FIELDS = [
    "id",
    "title",
    "subtitle",
    "slug",
    "summary",
    "authors",
    "publication_date",
    "date_precision",
    "document_type",
    "language",
    "file",
    "file_type",
    "other_language_version",
    "theme_ids",
]


def documents_for(ids) -> dict[int, Document]:
    """The live documents behind these records, with what ``oai_dc`` shows (3 queries).

    ``counterpart_slug`` names the other-language version only when the public may read
    it too (the same ``visible_to`` gate, as a subquery).
    """
    if not ids:
        return {}
    visible = Document.objects.visible_to(AnonymousUser())
    rows = (
        visible.filter(pk__in=ids)
        .order_by()
        .only(*METADATA_FIELDS)
        .with_counterpart_slug(visible)
        .prefetch_related("publishing_organizations", "keywords")
    )
    return {document.pk: document for document in rows}
