"""Reading translation parity: what exists in both languages, what in one only.

A document is *paired* when its ``other_language_version`` is set (the pairing service
keeps the link symmetric, and the reading page's badge reads the same field). Every
count starts from ``Document.objects.visible_to(user)``: drafts count (the steering
committee is who reads this), archived documents only when asked for, because an
archived paper is rarely worth translating.

Each function runs one query whatever the number of documents: the breakdowns are
conditional counts grouped in SQL, the totals are summed from the breakdown per type.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, DateField, F, Q, When
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentType, Language, ThematicArea, TranslationPlan
from powg.params import parse_int, parse_slug, query_string
from powg.visibility import Status

UNPAIRED = Q(other_language_version__isnull=True)


def plan_filters(today) -> dict:
    """The gap list's plan filter: its values and what each selects."""
    planned = Q(translation_plan=TranslationPlan.PLANNED)
    return {
        "undecided": Q(translation_plan=TranslationPlan.UNDECIDED),
        "planned": planned,
        "late": planned & Q(translation_due__lt=today),
        "not_planned": Q(translation_plan=TranslationPlan.NOT_PLANNED),
    }


def plan_choices():
    return [
        ("undecided", _("Not decided")),
        ("planned", _("Planned")),
        ("late", _("Planned, late")),
        ("not_planned", _("Not planned")),
    ]


SORTS = {
    "age": ("gap_since", "id"),
    "newest": ("-gap_since", "-id"),
    "due": (F("translation_due").asc(nulls_last=True), "gap_since", "id"),
    "title": ("title", "id"),
}


def sort_choices():
    return [
        ("age", _("Oldest gap first")),
        ("newest", _("Newest gap first")),
        ("due", _("Expected date")),
        ("title", _("Title")),
    ]


FILTER_NAMES = ("type", "theme", "year", "language", "plan", "sort", "archived")


@dataclass(frozen=True)
class GapFilters:
    """The page's filters, read from the query string; unknown values are ignored."""

    type: str = ""
    theme: str = ""
    year: int | None = None
    language: str = ""
    plan: str = ""
    sort: str = "age"
    archived: bool = False

    @classmethod
    def from_params(cls, params):
        def choice(name, values, default=""):
            value = params.get(name, "")
            return value if value in values else default

        return cls(
            type=choice("type", DocumentType.values),
            theme=parse_slug(params.get("theme"), max_length=100),
            year=parse_int(params.get("year"), minimum=1900, maximum=2999),
            language=choice("language", Language.values),
            plan=choice("plan", ("undecided", "planned", "late", "not_planned")),
            sort=choice("sort", SORTS, default="age"),
            archived=params.get("archived") == "1",
        )

    @property
    def has_filters(self) -> bool:
        return any((self.type, self.theme, self.year, self.language, self.plan))

    def params(self) -> dict:
        """The filters as query-string parameters (links, the CSV, the marking forms)."""
        values = {
            "type": self.type,
            "theme": self.theme,
            "year": self.year or "",
            "language": self.language,
            "plan": self.plan,
            "sort": "" if self.sort == "age" else self.sort,
            "archived": "1" if self.archived else "",
        }
        return {name: str(value) for name, value in values.items() if value}

    def query_string(self, **changes) -> str:
        return query_string(self.params(), **changes)

    def apply(self, documents, today):
        if self.type:
            documents = documents.of_type(self.type)
        if self.theme:
            documents = documents.in_theme(self.theme)
        if self.year:
            documents = documents.in_year(self.year)
        if self.language:
            documents = documents.in_language(self.language)
        if self.plan:
            documents = documents.filter(plan_filters(today)[self.plan])
        return documents


def counted(user, *, include_archived=False):
    """The documents the parity page counts."""
    documents = Document.objects.visible_to(user)
    if not include_archived:
        documents = documents.exclude(status=Status.ARCHIVED)
    return documents


def _tallies(today) -> dict:
    gap = UNPAIRED
    planned = gap & Q(translation_plan=TranslationPlan.PLANNED)
    return {
        "total": Count("id"),
        "both": Count("id", filter=~UNPAIRED),
        "english_only": Count("id", filter=gap & Q(language=Language.ENGLISH)),
        "french_only": Count("id", filter=gap & Q(language=Language.FRENCH)),
        "planned": Count("id", filter=planned),
        "late": Count("id", filter=planned & Q(translation_due__lt=today)),
        "not_planned": Count("id", filter=gap & Q(translation_plan=TranslationPlan.NOT_PLANNED)),
    }


@dataclass
class Row:
    """One line of a breakdown: how many documents, paired, in one language only."""

    label: str = ""
    params: dict | None = field(default_factory=dict)  # the gap list's filters for this line
    total: int = 0
    both: int = 0
    english_only: int = 0
    french_only: int = 0
    planned: int = 0
    late: int = 0
    not_planned: int = 0

    @property
    def gaps(self) -> int:
        return self.english_only + self.french_only

    @property
    def undecided(self) -> int:
        return self.gaps - self.planned - self.not_planned

    @property
    def percent_paired(self) -> int | None:
        return round(100 * self.both / self.total) if self.total else None

    @property
    def percent_label(self) -> str:
        if self.percent_paired is None:
            return "—"
        return _("%(percent)d%%") % {"percent": self.percent_paired}

    def gap_link(self, base, *, language, archived) -> str:
        """The gap list filtered to this line's documents in ``language`` only.

        A line no filter selects (documents without a thematic area) has no link.
        """
        if self.params is None:
            return ""
        params = {**self.params, "language": language}
        if archived:
            params["archived"] = "1"
        return f"{base}?{urlencode(params)}#gaps"

    def add(self, other: "Row") -> None:
        for name in TALLIES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


TALLIES = ("total", "both", "english_only", "french_only", "planned", "late", "not_planned")


def _row(values: dict, label, params) -> Row:
    return Row(label=label, params=params, **{name: values[name] for name in TALLIES})


@dataclass
class Parity:
    totals: Row
    by_type: list
    by_theme: list
    by_year: list

    def link_rows(self, base, *, archived) -> None:
        """Give every line its links to the gap list (English only, French only)."""
        for row in [self.totals, *self.by_type, *self.by_theme, *self.by_year]:
            row.english_link = row.gap_link(base, language=Language.ENGLISH, archived=archived)
            row.french_link = row.gap_link(base, language=Language.FRENCH, archived=archived)


def parity(user, *, include_archived=False, themes=None, today=None) -> Parity:
    """The totals and the breakdowns per type, thematic area and year (three queries).

    ``themes``: the thematic areas in display order (the page has them already).
    """
    today = today or timezone.localdate()
    documents = counted(user, include_archived=include_archived).order_by()
    tallies = _tallies(today)

    types = dict(DocumentType.choices)
    by_type = [
        _row(
            values,
            types.get(values["document_type"], values["document_type"]),
            {"type": values["document_type"]},
        )
        for values in documents.values("document_type").annotate(**tallies)
    ]
    order = {value: n for n, value in enumerate(types)}
    by_type.sort(key=lambda row: order.get(row.params["type"], len(order)))
    totals = Row(label=_("All documents"))
    for row in by_type:
        totals.add(row)

    if themes is None:
        themes = list(ThematicArea.objects.order_by("display_order", "name"))
    counts = {
        values["themed_items__tag"]: values
        for values in documents.values("themed_items__tag").annotate(**tallies)
    }
    by_theme = [
        _row(counts[theme.pk], theme.label, {"theme": theme.slug})
        for theme in themes
        if theme.pk in counts
    ]
    if None in counts:
        by_theme.append(_row(counts[None], _("No thematic area"), None))

    by_year = [
        _row(values, str(values["year"]), {"year": values["year"]})
        for values in documents.annotate(year=ExtractYear("publication_date"))
        .values("year")
        .annotate(**tallies)
        .order_by("-year")
    ]
    return Parity(totals=totals, by_type=by_type, by_theme=by_theme, by_year=by_year)


GAP_FIELDS = (
    "title",
    "slug",
    "language",
    "document_type",
    "publication_date",
    "date_precision",
    "status",
    "visibility",
    "created_at",
    "translation_plan",
    "translation_due",
)


def gaps(user, filters: GapFilters, *, today=None):
    """The visible documents without a counterpart, filtered and sorted (not evaluated).

    A gap is as old as the document's publication, or its creation for a draft.
    """
    today = today or timezone.localdate()
    documents = counted(user, include_archived=filters.archived).filter(UNPAIRED)
    return (
        filters.apply(documents, today)
        .only(*GAP_FIELDS)
        .annotate(
            gap_since=Case(
                When(status=Status.DRAFT, then=TruncDate("created_at")),
                default=F("publication_date"),
                output_field=DateField(),
            )
        )
        .order_by(*SORTS[filters.sort])
    )


def describe(gap, today) -> None:
    """Add what a gap row shows and the database does not: its age, whether it is late."""
    gap.age_days = max((today - gap.gap_since).days, 0) if gap.gap_since else 0
    gap.is_late = (
        gap.translation_plan == TranslationPlan.PLANNED
        and gap.translation_due is not None
        and gap.translation_due < today
    )


def year_choices(parity_: Parity) -> list[int]:
    return [int(row.params["year"]) for row in parity_.by_year if row.params.get("year")]
