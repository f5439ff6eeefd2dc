"""Reading the library: chainable queryset methods, always after ``visible_to``.

``Document.objects.visible_to(user).listed().in_theme(area).search("rapid deployment")``
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import F
from django.db.models.expressions import RawSQL

from powg.visibility import Status, Visibility, VisibleQuerySet

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w")
RELATED_FIELDS = [
    "title",
    "slug",
    "publication_date",
    "date_precision",
    "document_type",
    "theme_ids",
]


def clean_query(text) -> str:
    """The search text with control characters removed and its length capped.

    ``websearch_to_tsquery`` accepts any input (unbalanced quotes, stray operators),
    so nothing else needs escaping; NUL bytes are the one thing PostgreSQL refuses.
    """
    if not text:
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:  # cut at a word's end: half a word finds nothing
        cut = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0]
        text = cut if cut and len(cut) <= MAX_QUERY_LENGTH else text[:MAX_QUERY_LENGTH]
    return text if WORD.search(text) else ""  # only punctuation: nothing to look for


def search_query(text):
    """The query in both languages: English stems find English documents, French ones French.

    One OR-ed tsquery keeps the match a single GIN index scan on ``search_vector``.
    """
    return SearchQuery(text, config="english", search_type="websearch") | SearchQuery(
        text, config="french", search_type="websearch"
    )


def _matching_ids(text):
    """The ids whose stored vector matches, as a subquery the planner cannot merge.

    ``OFFSET 0`` keeps the match on its own, so it is always answered by the GIN index
    (a bitmap scan that never opens the large TOASTed vectors), instead of being
    checked row by row after other filters, which unpacks each vector (10-50 times
    slower at 20,000 documents).
    """
    return RawSQL(
        "SELECT id FROM documents_document WHERE search_vector @@ ("
        "websearch_to_tsquery('english'::regconfig, %s)"
        " || websearch_to_tsquery('french'::regconfig, %s)) OFFSET 0",
        [text, text],
    )


class DocumentQuerySet(VisibleQuerySet):
    def public(self):
        """What feeds and the sitemap show: public and published, whoever asks."""
        return self.filter(visibility=Visibility.PUBLIC, status=Status.PUBLISHED)

    def announced_to_public(self):
        """Members-only documents whose existence (title only) the public may see."""
        return self.filter(
            visibility=Visibility.MEMBERS,
            listed_publicly=True,
            status__in=[Status.PUBLISHED, Status.ARCHIVED],
        )

    def in_theme(self, theme):
        """Documents tagged with a thematic area (an object or its slug)."""
        slug = getattr(theme, "slug", theme)
        return self.filter(themed_items__tag__slug=slug)

    def in_themes(self, slugs):
        qs = self
        for slug in slugs:
            qs = qs.filter(
                pk__in=models.Subquery(
                    self.model.themes.through.objects.filter(tag__slug=slug).values(
                        "content_object_id"
                    )
                )
            )
        return qs

    def with_theme_id(self, theme_id):
        """Like ``in_theme``, from the stored ``theme_ids`` copy: no join (for listings)."""
        return self.filter(theme_ids__contains=[theme_id])

    def of_type(self, document_type):
        return self.filter(document_type=document_type)

    def in_language(self, language):
        return self.filter(language=language)

    def in_year(self, year):
        return self.filter(publication_date__year=year)

    def by_organization(self, slug):
        return self.filter(
            pk__in=models.Subquery(
                self.model.publishing_organizations.through.objects.filter(
                    organization__slug=slug
                ).values("document_id")
            )
        )

    def search(self, text, *, with_filters=False):
        """Full-text match (GIN index), ranked on the small title + summary vector.

        ``with_filters``: other filters narrow the same query. The match then runs as
        a separate subquery (see ``_matching_ids``), or the planner may start from a
        filter's index and test the match row by row. Alone, the match stays in the
        main query: one bitmap scan serves both.
        """
        text = clean_query(text)
        if not text:
            return self.none()
        query = search_query(text)
        matching = (
            self.filter(pk__in=_matching_ids(text))
            if with_filters
            else self.filter(search_vector=query)
        )
        return matching.annotate(rank=SearchRank(F("rank_vector"), query))

    def by_relevance(self):
        return self.order_by("-rank", "-publication_date", "-id")

    def newest(self):
        return self.order_by("-publication_date", "-id")

    def oldest(self):
        return self.order_by("publication_date", "id")

    def by_title(self):
        return self.order_by("title", "id")

    def for_cards(self):
        """What a list card shows, without the big text columns.

        Cards take their themes from ``theme_ids`` (``documents.library.attach_themes``).
        """
        return self.defer("body", "file_text", "search_vector", "rank_vector", "summary")

    def related_to(self, document, limit=4, candidates=40):
        """Documents sharing a theme with this one: the most shared themes first.

        Takes the newest ``candidates`` sharing any theme (an index walk, cheap at any
        size), then orders them by themes in common.
        """
        if not document.theme_ids:
            return []
        mine = set(document.theme_ids)
        rows = list(
            self.exclude(pk=document.pk)
            .filter(theme_ids__overlap=document.theme_ids)
            .only(
                "title", "slug", "publication_date", "date_precision", "document_type", "theme_ids"
            )
            .order_by("-publication_date", "-id")[:candidates]
        )
        rows.sort(key=lambda d: -len(mine.intersection(d.theme_ids)))
        return rows[:limit]
