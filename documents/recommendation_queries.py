"""Reading the recommendations tracker for its public pages: filters, counts, summaries.

Everything starts from ``Recommendation.objects.visible_to(user)`` (or the assignments
of such recommendations), so a recommendation is never more visible than its document.
Each function runs a fixed number of queries, whatever the number of recommendations,
assignments and updates: lists prefetch, counts are grouped in SQL.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone

from documents.models import (
    Addressee,
    Assignment,
    Document,
    ImplementationStatus,
    Recommendation,
    RecommendationLink,
    Response,
    StatusSource,
    StatusUpdate,
    ThematicArea,
)
from powg.params import parse_int, parse_slug, query_string
from powg.search import clean_query

FILTER_NAMES = ("addressee", "theme", "response", "status", "document", "year", "q")


@dataclass(frozen=True)
class RecommendationFilters:
    """The list's filters, read from the query string; unknown values are ignored."""

    addressee: str = ""
    theme: str = ""
    response: str = ""
    status: str = ""
    document: str = ""
    year: int | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params):
        def choice(name, values):
            value = params.get(name, "")
            return value if value in values else ""

        return cls(
            addressee=parse_slug(params.get("addressee"), max_length=100),
            theme=parse_slug(params.get("theme"), max_length=100),
            response=choice("response", Response.values),
            status=choice("status", ImplementationStatus.values),
            document=parse_slug(params.get("document")),
            year=parse_int(params.get("year"), minimum=1900, maximum=2999),
            q=clean_query(params.get("q", "")),
        )

    @property
    def has_filters(self) -> bool:
        return any(getattr(self, name) for name in FILTER_NAMES if name != "q")

    def params(self) -> dict:
        """The filters as query-string parameters (for links and exports)."""
        values = {name: getattr(self, name) for name in FILTER_NAMES}
        return {name: str(value) for name, value in values.items() if value}

    def query_string(self, **changes) -> str:
        return query_string(self.params(), **changes)

    def assignment_conditions(self) -> Q:
        """What an assignment must be to count: its addressee, response and status."""
        condition = Q()
        if self.addressee:
            condition &= Q(addressee__slug=self.addressee)
        if self.response:
            condition &= Q(response=self.response)
        if self.status:
            condition &= Q(status=self.status)
        return condition

    def apply(self, recommendations, *, with_status=True):
        """The recommendations matching every filter (``with_status=False``: all but
        response and status, for the counts per status)."""
        condition = Q(addressee__slug=self.addressee) if self.addressee else Q()
        if with_status:
            condition = self.assignment_conditions()
        if condition:
            recommendations = recommendations.filter(
                pk__in=Assignment.objects.filter(condition).values("recommendation_id")
            )
        if self.theme:
            recommendations = recommendations.in_theme(self.theme)
        if self.document:
            recommendations = recommendations.filter(document__slug=self.document)
        if self.year:
            recommendations = recommendations.in_year(self.year)
        if self.q:
            recommendations = recommendations.search(self.q)
        return recommendations


def for_list(recommendations):
    """What a list row shows: the document, the parent's number, themes, assignments."""
    return recommendations.select_related("document", "parent").prefetch_related(
        Prefetch("themes", queryset=ThematicArea.objects.order_by("display_order", "name")),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("addressee").order_by(
                "addressee__display_order", "addressee__name"
            ),
        ),
    )


def with_state(recommendations):
    """What a compact row shows (no themes): the document, the parent, assignments."""
    return recommendations.select_related("document", "parent").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("addressee").order_by(
                "addressee__display_order", "addressee__name"
            ),
        ),
    )


def newest_first(recommendations, *, searching=False):
    order = ["-document__publication_date", "document_id", "display_order", "id"]
    return (
        recommendations.order_by("-rank", *order) if searching else recommendations.order_by(*order)
    )


def filtered_list(user, filters):
    """The visible recommendations matching the filters, newest documents first."""
    matching = filters.apply(Recommendation.objects.visible_to(user))
    return for_list(newest_first(matching, searching=bool(filters.q)))


@dataclass
class StatusCount:
    value: str
    label: str
    count: int
    url: str
    selected: bool


def status_counts(user, filters, path) -> list[StatusCount]:
    """How many assignments of the matching recommendations are in each status (one query).

    With an addressee filter, only that addressee's assignments count.
    """
    matching = filters.apply(Recommendation.objects.visible_to(user), with_status=False)
    condition = Q(addressee__slug=filters.addressee) if filters.addressee else Q()
    if filters.response:
        condition &= Q(response=filters.response)
    rows = dict(
        Assignment.objects.filter(condition, recommendation__in=matching.values("pk"))
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return [
        StatusCount(
            value,
            label,
            rows.get(value, 0),
            path + filters.query_string(status=None if value == filters.status else value),
            value == filters.status,
        )
        for value, label in ImplementationStatus.choices
    ]


def filter_options(user):
    """The choices of the filter form: addressees, themes, source documents, years.

    Each document comes as (slug, title, language): its title is in its own language,
    which the page marks on a page in the other one.
    """
    documents = list(
        Document.objects.visible_to(user)
        .filter(pk__in=Recommendation.objects.values("document_id"))
        .order_by("-publication_date", "title")
        .values_list("slug", "title", "language", "publication_date")
    )
    return {
        "addressees": list(Addressee.objects.all()),
        "themes": list(ThematicArea.objects.order_by("display_order", "name")),
        "documents": [(slug, title, language) for slug, title, language, _ in documents],
        "years": sorted({day.year for *_, day in documents if day}, reverse=True),
        "responses": Response.choices,
        "statuses": ImplementationStatus.choices,
    }


# --- one recommendation -------------------------------------------------------------------


def for_detail(user, pk):
    """The recommendation with its document and parent, or None if hidden or missing."""
    return (
        Recommendation.objects.visible_to(user)
        .select_related("document", "parent")
        .prefetch_related(
            Prefetch("themes", queryset=ThematicArea.objects.order_by("display_order", "name"))
        )
        .filter(pk=pk)
        .first()
    )


def panels(user, recommendation):
    """One panel per addressee: its assignment with the dated timeline and sources.

    Library documents cited as sources are kept only when the visitor may see them.
    """
    assignments = list(
        Assignment.objects.filter(recommendation=recommendation)
        .select_related("addressee")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=StatusUpdate.objects.timeline().prefetch_related(
                    Prefetch(
                        "sources",
                        queryset=StatusSource.objects.select_related("document").order_by(
                            "display_order", "id"
                        ),
                    )
                ),
            )
        )
        .order_by("addressee__display_order", "addressee__name")
    )
    cited = {
        source.document_id
        for assignment in assignments
        for update in assignment.updates.all()
        for source in update.sources.all()
        if source.document_id
    }
    visible = (
        set(Document.objects.visible_to(user).filter(pk__in=cited).values_list("pk", flat=True))
        if cited
        else set()
    )
    for assignment in assignments:
        for update in assignment.updates.all():
            update.shown_sources = [
                source
                for source in update.sources.all()
                if source.kind != "document" or source.document_id in visible
            ]
    return assignments


def children_of(recommendation):
    return list(for_list(recommendation.children.all()).order_by("display_order", "id"))


@dataclass
class Related:
    label: str
    recommendation: Recommendation


def related(user, recommendation) -> list[Related]:
    """Links in both directions whose other end the visitor may see."""
    links = (
        RecommendationLink.objects.visible_to(user)
        .touching(recommendation)
        .select_related("from_recommendation__document", "to_recommendation__document")
        .order_by("kind", "id")
    )
    return [
        Related(link.label_from(recommendation), link.other_end(recommendation)) for link in links
    ]


# --- summary --------------------------------------------------------------------------------


@dataclass
class StatusShare:
    """One status's part of a row: its count, its share of the row and where its bar starts."""

    value: str
    label: str
    count: int
    percent: float
    offset: float


@dataclass
class SummaryRow:
    label: str
    url: str
    total: int
    counts: list  # StatusShare, in the statuses' order
    mean_progress: int | None
    latest: date | None

    @property
    def age_days(self):
        return (timezone.localdate() - self.latest).days if self.latest else None


def _rows(grouped, items, url_for):
    """SummaryRows from (key, status, count, progress sum, latest) rows, in items' order."""
    by_key = {}
    for key, status, count, progress, latest in grouped:
        entry = by_key.setdefault(key, {"counts": {}, "progress": 0, "latest": None})
        entry["counts"][status] = count
        entry["progress"] += progress or 0
        if latest and (entry["latest"] is None or latest > entry["latest"]):
            entry["latest"] = latest
    rows = []
    for item in items:
        entry = by_key.get(item.pk)
        if entry is None:
            continue
        total = sum(entry["counts"].values())
        counts, offset = [], 0.0
        for value, label in ImplementationStatus.choices:
            count = entry["counts"].get(value, 0)
            share = round(100 * count / total, 2)
            counts.append(StatusShare(value, label, count, share, offset))
            offset = round(offset + share, 2)
        rows.append(
            SummaryRow(
                item.label,
                url_for(item),
                total,
                counts,
                round(entry["progress"] / total) if total else None,
                entry["latest"],
            )
        )
    return rows


def summary(user, list_url):
    """Per addressee and per theme: assignments in each status, mean progress, latest
    evidence. Four queries: addressees, their groups, themes, theirs."""
    assignments = Assignment.objects.filter(
        recommendation__in=Recommendation.objects.visible_to(user).values("pk")
    ).order_by()

    def grouped(key):
        return assignments.values_list(key, "status").annotate(
            n=Count("id"), progress=Sum("progress"), latest=Max("last_update_on")
        )

    addressees = list(Addressee.objects.all())
    themes = list(ThematicArea.objects.order_by("display_order", "name"))
    return {
        "addressees": _rows(
            grouped("addressee_id"),
            addressees,
            lambda a: f"{list_url}?{urlencode({'addressee': a.slug})}",
        ),
        "themes": _rows(
            grouped("recommendation__themes"),
            themes,
            lambda t: f"{list_url}?{urlencode({'theme': t.slug})}",
        ),
        "statuses": ImplementationStatus.choices,
    }


# --- boxes on other pages ---------------------------------------------------------------------


@dataclass
class AddresseeGroup:
    addressee: Addressee
    items: list  # (recommendation, assignment)


def grouped_by_addressee(recommendations) -> list[AddresseeGroup]:
    """Recommendations (with prefetched assignments) grouped under each addressee."""
    groups = {}
    for recommendation in recommendations:
        for assignment in recommendation.assignments.all():
            group = groups.setdefault(
                assignment.addressee_id, AddresseeGroup(assignment.addressee, [])
            )
            group.items.append((recommendation, assignment))
    return sorted(groups.values(), key=lambda g: (g.addressee.display_order, g.addressee.name))


def of_document(user, document):
    """A document's recommendations this user may see, in reading order, by addressee."""
    recommendations = with_state(
        Recommendation.objects.visible_to(user).of_document(document)
    ).order_by("display_order", "id")
    return grouped_by_addressee(recommendations)


def of_theme(user, theme, limit=10):
    """The newest visible recommendations in a theme, their total, and counts per status."""
    visible = Recommendation.objects.visible_to(user).in_theme(theme)
    rows = dict(
        Assignment.objects.filter(recommendation__in=visible.values("pk"))
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    counts = [(value, label, rows.get(value, 0)) for value, label in ImplementationStatus.choices]
    recommendations = list(for_list(newest_first(visible))[:limit])
    return recommendations, counts


def of_event(user, documents):
    """The visible recommendations of an event's (visible) outcome documents, grouped by
    document; no query when it has none."""
    if not documents:
        return []
    recommendations = with_state(
        Recommendation.objects.visible_to(user).filter(document__in=[d.pk for d in documents])
    ).order_by("-document__publication_date", "document_id", "display_order", "id")
    grouped = {}
    for recommendation in recommendations:
        grouped.setdefault(recommendation.document_id, (recommendation.document, []))[1].append(
            recommendation
        )
    return list(grouped.values())
