"""Reading the library: chainable queryset methods, always after ``visible_to``.

``Document.objects.visible_to(user).listed().in_theme(area).search("rapid deployment")``
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import F

from powg.visibility import Status, Visibility, VisibleQuerySet

MAX_QUERY_LENGTH = 200


def clean_query(text) -> str:
    """The search text with control characters removed and its length capped.

    ``websearch_to_tsquery`` accepts any input (unbalanced quotes, stray operators),
    so nothing else needs escaping; NUL bytes are the one thing PostgreSQL refuses.
    """
    if not text:
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_query(text):
    """The query in both languages: English stems find English documents, French ones French.

    One OR-ed tsquery keeps the match a single GIN index scan on ``search_vector``.
    """
    return SearchQuery(text, config="english", search_type="websearch") | SearchQuery(
        text, config="french", search_type="websearch"
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

    def search(self, text):
        """Full-text match (GIN index), ranked on the small title + summary vector."""
        text = clean_query(text)
        if not text:
            return self.none()
        query = search_query(text)
        return self.filter(search_vector=query).annotate(rank=SearchRank(F("rank_vector"), query))

    def by_relevance(self):
        return self.order_by("-rank", "-publication_date", "-id")

    def newest(self):
        return self.order_by("-publication_date", "-id")

    def oldest(self):
        return self.order_by("publication_date", "id")

    def by_title(self):
        return self.order_by("title", "id")

    def for_cards(self):
        """What a list card shows, in a fixed number of queries; no big text columns."""
        return self.defer(
            "body", "file_text", "search_vector", "rank_vector", "summary"
        ).prefetch_related("themes")

    def related_to(self, document, limit=4):
        """Documents sharing a theme with this one, most shared themes first."""
        theme_ids = self.model.themes.through.objects.filter(content_object=document).values(
            "tag_id"
        )
        return (
            self.exclude(pk=document.pk)
            .filter(themed_items__tag_id__in=theme_ids)
            .annotate(shared=models.Count("themed_items"))
            .order_by("-shared", "-publication_date", "-id")[:limit]
        )
