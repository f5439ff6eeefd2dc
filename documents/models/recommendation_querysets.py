"""Reading the recommendations tracker: chainable queryset methods, after ``visible_to``.

A recommendation is part of a document and never more visible than it: every
``visible_to`` here goes through ``Document.objects.visible_to(user)``.

``Recommendation.objects.visible_to(user).for_addressee(slug).in_theme(slug)``
"""

from django.db import models

from powg import search as fulltext


def _visible_documents(user):
    from documents.models.library import Document

    return Document.objects.visible_to(user).values("pk")


class VisibleThroughDocument(models.QuerySet):
    """``visible_to`` for anything that belongs to a document: the document's rule, as is.

    ``document_paths`` names the lookups from a row to its document(s); every one of
    them must be visible.
    """

    document_paths = ("document",)

    def visible_to(self, user):
        documents = _visible_documents(user)
        return self.filter(**{f"{path}__in": documents for path in self.document_paths})


class AddresseeQuerySet(models.QuerySet):
    def for_parser(self) -> list[tuple[str, list[str]]]:
        """(name, aliases) pairs as ``parse_recommendations(addressees=...)`` takes them."""
        return [
            (a.name, [*a.aliases, *([a.name_fr] if a.name_fr else [])])
            for a in self.order_by("display_order", "name")
        ]

    def named(self, name):
        """The addressee with this name, French name or alias (case-insensitive), or None."""
        if not name:
            return None
        wanted = name.strip().casefold()
        for addressee in self:
            names = [addressee.name, addressee.name_fr, addressee.slug, *addressee.aliases]
            if wanted in {n.casefold() for n in names if n}:
                return addressee
        return None


class RecommendationQuerySet(VisibleThroughDocument):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def of_document(self, document):
        return self.filter(document=document)

    def for_addressee(self, addressee):
        """Addressed to this addressee (an object or its slug)."""
        slug = getattr(addressee, "slug", addressee)
        return self.filter(
            pk__in=models.Subquery(
                self.model._meta.get_field("assignments")
                .related_model.objects.filter(addressee__slug=slug)
                .values("recommendation_id")
            )
        )

    def in_theme(self, theme):
        slug = getattr(theme, "slug", theme)
        return self.filter(
            pk__in=models.Subquery(
                self.model.themes.through.objects.filter(thematicarea__slug=slug).values(
                    "recommendation_id"
                )
            )
        )

    def with_response(self, response):
        return self.filter(assignments__response=response).distinct()

    def with_status(self, status):
        return self.filter(assignments__status=status).distinct()

    def in_year(self, year):
        return self.filter(document__publication_date__year=year)

    def search(self, text):
        """Full-text match on the stored vector (both languages, accents folded).

        ``text`` is cleaned already (``powg.search.clean_query``).
        """
        if not text:
            return self.none()
        return self.filter(
            pk__in=fulltext.matching_ids(self.model._meta.db_table, "search_vector", text)
        ).annotate(rank=fulltext.rank("search_vector", text))

    def in_reading_order(self):
        return self.order_by("document__publication_date", "document_id", "display_order", "id")


class AssignmentQuerySet(VisibleThroughDocument):
    document_paths = ("recommendation__document",)


class StatusUpdateQuerySet(VisibleThroughDocument):
    document_paths = ("assignment__recommendation__document",)

    def timeline(self):
        """Oldest first, as a dated timeline reads; the last one is the current state."""
        return self.order_by("date", "created_at", "id")


class RecommendationLinkQuerySet(VisibleThroughDocument):
    """Links are visible when both their ends are."""

    document_paths = ("from_recommendation__document", "to_recommendation__document")

    def touching(self, recommendation):
        """Links from or to this recommendation: shown on both."""
        return self.filter(
            models.Q(from_recommendation=recommendation)
            | models.Q(to_recommendation=recommendation)
        )


class SuggestedLinkQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(state="proposed")

    def queue(self):
        """The steering committee's queue: open proposals, best first."""
        return (
            self.proposed()
            .select_related("from_recommendation__document", "to_recommendation__document")
            .order_by("-score", "-created_at", "id")
        )
