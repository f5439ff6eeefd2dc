"""Reading the library: chainable queryset methods, always after ``visible_to``.

``Document.objects.visible_to(user).listed().in_theme(area).search("rapid deployment")``
"""

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from powg import search as fulltext
from powg.visibility import Status, Visibility, VisibleQuerySet

RELATED_FIELDS = [
    "title",
    "slug",
    "publication_date",
    "date_precision",
    "document_type",
    "language",
    "theme_ids",
]

# Each sort once: the queryset's order_by() and the facet query's SQL both read it.
SORT_ORDERS = {
    "relevance": ("-rank", "-publication_date", "-id"),
    "newest": ("-publication_date", "-id"),
    "oldest": ("publication_date", "id"),
    "title": ("title", "id"),
}


def sort_sql(sort) -> str:
    """A sort's ORDER BY clause over plain column names (the facet query's CTE)."""
    return ", ".join(
        f"{name[1:]} DESC" if name.startswith("-") else f"{name} ASC" for name in SORT_ORDERS[sort]
    )


class DocumentQuerySet(VisibleQuerySet):
    def public(self):
        """What feeds and the sitemap show: public and published, whoever asks."""
        return self.filter(visibility=Visibility.PUBLIC, status=Status.PUBLISHED).exclude(
            published_at__gt=timezone.now()  # scheduled: not yet
        )

    def without_texts(self):
        """Everything but the big text and vector columns (feeds, the sitemap)."""
        return self.defer("body", "file_text", "search_vector", "rank_vector")

    def announced_to_public(self):
        """Members-only documents whose existence (title only) the public may see."""
        return self.filter(
            visibility=Visibility.MEMBERS,
            listed_publicly=True,
            status__in=[Status.PUBLISHED, Status.ARCHIVED],
        ).exclude(published_at__gt=timezone.now())

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

        ``text`` is already cleaned (``powg.search.clean_query``, once per request).
        ``with_filters``: other filters narrow the same query. The match then runs as
        a separate subquery (``powg.search.matching_ids``), or the planner may start
        from a filter's index and test the match row by row. Alone, the match stays in
        the main query: one bitmap scan serves both.
        """
        if not text:
            return self.none()
        matching = (
            self.filter(
                pk__in=fulltext.matching_ids(self.model._meta.db_table, "search_vector", text)
            )
            if with_filters
            else self.filter(search_vector=fulltext.search_query(text))
        )
        return matching.ranked(text)

    def ranked(self, text):
        """``rank`` for this query from the small vector (also for rows it does not match)."""
        return self.annotate(rank=fulltext.rank("rank_vector", text))

    def one_version_per_pair(self, language):
        """Each pair once: the version in ``language`` where both are in this queryset.

        A document is left out when its counterpart is among these same rows (so visible
        and listed like it) and preferred: in ``language`` when it is not, or, for two
        in the same language, the lower id. One scalar subquery, looked up by primary key
        for each row the query reads: a walk of the newest-first index stops after a
        page (an EXISTS here was hashed over every row).
        """
        beats_me = (
            models.Q(language=language) & ~models.Q(language=models.OuterRef("language"))
        ) | (
            models.Q(language=models.OuterRef("language")) & models.Q(pk__lt=models.OuterRef("pk"))
        )
        partner_wins = models.Subquery(
            self.order_by()
            .filter(
                pk=models.OuterRef("other_language_version_id"),
                other_language_version=models.OuterRef("pk"),
            )
            .annotate(wins=models.ExpressionWrapper(beats_me, output_field=models.BooleanField()))
            .values("wins")[:1]
        )
        # CASE: the subquery runs only for documents that have a counterpart.
        return self.alias(
            partner_wins=models.Case(
                models.When(other_language_version__isnull=True, then=models.Value(False)),
                default=Coalesce(partner_wins, models.Value(False)),
            )
        ).filter(partner_wins=False)

    def with_counterpart_slug(self, visible):
        """``counterpart_slug``: the other-language version's slug, if ``visible`` holds it.

        ``visible`` is the viewer's ``visible_to`` queryset: a counterpart they may not
        read is never named. A subquery of the same query, no extra round trip.
        """
        return self.annotate(
            counterpart_slug=models.Subquery(
                visible.filter(pk=models.OuterRef("other_language_version_id")).values("slug")[:1]
            )
        )

    def sorted_by(self, sort):
        """One of ``SORT_ORDERS`` (unknown names: newest first)."""
        return self.order_by(*SORT_ORDERS.get(sort, SORT_ORDERS["newest"]))

    def by_relevance(self):
        return self.sorted_by("relevance")

    def newest(self):
        return self.sorted_by("newest")

    def oldest(self):
        return self.sorted_by("oldest")

    def by_title(self):
        return self.sorted_by("title")

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
            .only(*RELATED_FIELDS)
            .order_by("-publication_date", "-id")[:candidates]
        )
        rows.sort(key=lambda d: -len(mine.intersection(d.theme_ids)))
        return rows[:limit]
