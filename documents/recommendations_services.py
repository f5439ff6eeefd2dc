"""Writes to the recommendations tracker: each a keyword-only function in one transaction.

- ``import_recommendations``: the parser's items saved under a document, idempotently
  (keyed by document and number), with their assignments; then their search vectors
  and suggested links.
- ``add_status_update``: the only way an assignment's state changes (append-only), with
  the current state copied onto the assignment and the progress rolled up to parents.
- ``suggest_links`` / ``confirm_suggestion`` / ``dismiss_suggestion`` / ``add_link``.
- ``refresh_search_vectors``: the stored vectors' SQL (never called by a save()).
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import follows
from documents.models import (
    DEFAULT_PROGRESS,
    Addressee,
    Assignment,
    Document,
    ImplementationStatus,
    LinkKind,
    Recommendation,
    RecommendationLink,
    Response,
    SourceKind,
    StatusSource,
    StatusUpdate,
    SuggestedLink,
    SuggestionState,
)
from powg import search as fulltext

# --- search vectors ------------------------------------------------------------------------

_CONFIG = "(CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig"
_THEME_NAMES = """coalesce((
    SELECT string_agg(a.name || ' ' || a.name_fr, ' ')
    FROM documents_recommendation_themes rt
    JOIN documents_thematicarea a ON a.id = rt.thematicarea_id
    WHERE rt.recommendation_id = r.id), '')"""
_ADDRESSEE_NAMES = """coalesce((
    SELECT string_agg(ad.name || ' ' || ad.name_fr || ' '
                      || array_to_string(ad.aliases, ' '), ' ')
    FROM documents_assignment s JOIN documents_addressee ad ON ad.id = s.addressee_id
    WHERE s.recommendation_id = r.id), '')"""


def _vector(text, weight):
    return f"setweight(to_tsvector({_CONFIG}, {fulltext.fold_sql(text)}), '{weight}')"


_VECTOR_SQL = f"""
    UPDATE documents_recommendation AS r SET search_vector =
        {_vector("r.text", "A")}
        || {_vector(f"d.title || ' ' || {_THEME_NAMES} || ' ' || {_ADDRESSEE_NAMES}", "C")}
    FROM documents_document AS d
    WHERE d.id = r.document_id AND r.id = ANY(%s)
"""


def refresh_search_vectors(*, recommendations) -> int:
    """Recompute the stored vectors: the text (A); the document's title, the themes' and
    addressees' names (C); accents folded, in the document's language, as the library's."""
    ids = sorted({int(getattr(r, "pk", r)) for r in recommendations})
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_VECTOR_SQL, [ids])
        return cursor.rowcount


# --- import ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did, for the command's summary and the preview's message."""

    recommendations: list = field(default_factory=list)  # in reading order
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    assignments_created: int = 0
    suggestions: int = 0


def _value(item, name, default=None):
    """An item is the parser's ``Item`` or a dict (the corrected preview, the JSON)."""
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def resolve_addressee(name_or_addressee, addressees=None) -> Addressee:
    """An ``Addressee`` from itself, its name, French name, slug or an alias."""
    if isinstance(name_or_addressee, Addressee):
        return name_or_addressee
    addressees = addressees if addressees is not None else list(Addressee.objects.all())
    found = None
    wanted = (name_or_addressee or "").strip().casefold()
    for addressee in addressees:
        names = [addressee.name, addressee.name_fr, addressee.slug, *addressee.aliases]
        if wanted in {n.casefold() for n in names if n}:
            found = addressee
            break
    if found is None:
        raise ValidationError(
            _("Unknown addressee: %(name)s.") % {"name": name_or_addressee}, code="addressee"
        )
    return found


def import_recommendations(
    *, document: Document, items: Iterable, default_addressee=None, by=None
) -> ImportResult:
    """Save parsed items as the document's recommendations, with their assignments.

    Idempotent: a recommendation is found again by its document, heading and number
    (reports number afresh under each addressee's heading), so saving twice creates
    nothing twice (a changed text or parent is updated). Items name their
    addressees (curated names or aliases); those that name none go to
    ``default_addressee``, or stay unassigned for the steering committee to assign.
    New recommendations take the document's themes. Suggested links are looked for
    among earlier recommendations for each new one.
    """
    result = ImportResult()
    addressees = list(Addressee.objects.all())
    default = resolve_addressee(default_addressee, addressees) if default_addressee else None
    with transaction.atomic():
        existing = {
            (r.heading, r.number): r for r in Recommendation.objects.filter(document=document)
        }
        document_themes = list(document.themes.all())
        created = []
        for order, item in enumerate(items, start=1):
            number = str(_value(item, "number") or "").strip()
            heading = (_value(item, "heading") or "").strip()[:300]
            text = (_value(item, "text") or "").strip()
            if not number or not text:
                raise ValidationError(_("Each recommendation needs a number and a text."))
            parent_number = _value(item, "parent")
            parent = existing.get((heading, str(parent_number).strip())) if parent_number else None
            if parent_number and parent is None:
                raise ValidationError(
                    _("Recommendation %(number)s comes under %(parent)s, which is missing.")
                    % {"number": number, "parent": parent_number}
                )
            recommendation = existing.get((heading, number))
            if recommendation is None:
                recommendation = Recommendation.objects.create(
                    document=document,
                    heading=heading,
                    number=number,
                    text=text,
                    parent=parent,
                    anchor=_value(item, "anchor") or "",
                    display_order=order * 10,
                    updated_by=by,
                )
                recommendation.themes.set(document_themes)
                existing[heading, number] = recommendation
                created.append(recommendation)
                result.created += 1
            elif (recommendation.text, recommendation.parent_id, recommendation.display_order) != (
                text,
                getattr(parent, "pk", None),
                order * 10,
            ):
                recommendation.text = text
                recommendation.parent = parent
                recommendation.display_order = order * 10
                recommendation.updated_by = by
                recommendation.save()
                result.updated += 1
            else:
                result.unchanged += 1
            names = _value(item, "addressees") or []
            targets = [resolve_addressee(name, addressees) for name in names]
            if not targets and default is not None:
                targets = [default]
            for addressee in targets:
                _assignment, made = Assignment.objects.get_or_create(
                    recommendation=recommendation, addressee=addressee
                )
                result.assignments_created += made
            result.recommendations.append(recommendation)
        refresh_search_vectors(recommendations=result.recommendations)
        for recommendation in created:
            result.suggestions += len(suggest_links(recommendation=recommendation))
    return result


# --- status updates -------------------------------------------------------------------------

_SYMBOL_HINT = re.compile(r"^[A-Z]{1,4}/")


def _source(value, order) -> StatusSource:
    """A ``StatusSource`` (unsaved) from a dict, a library ``Document``, a UN symbol or a
    URL string, validated."""
    if isinstance(value, StatusSource):
        source = value
    elif isinstance(value, Document):
        source = StatusSource(kind=SourceKind.DOCUMENT, document=value)
    elif isinstance(value, str):
        source = StatusSource(kind=SourceKind.SYMBOL, symbol=value.strip())
    elif isinstance(value, dict):
        document = value.get("document")
        kind = value.get("kind") or (
            SourceKind.DOCUMENT
            if document
            else SourceKind.SYMBOL
            if value.get("symbol")
            else SourceKind.URL
        )
        source = StatusSource(
            kind=kind,
            url=value.get("url") or "",
            title=value.get("title") or "",
            symbol=(value.get("symbol") or "").strip(),
            document=document,
        )
    else:
        raise ValidationError(_("A source is a web page, a UN document or a library document."))
    source.display_order = order
    source.clean()
    source.full_clean(exclude=["update"])
    return source


def _current_state(assignment) -> tuple[str, str, int, object]:
    """Response, status, progress and the latest date, read from the timeline."""
    response, status, progress, latest = Response.NONE, ImplementationStatus.NOT_ASSESSED, 0, None
    for update in assignment.updates.timeline():
        if update.response:
            response = update.response
        if update.status:
            status = update.status
            progress = update.current_progress
        elif update.progress is not None:
            progress = update.progress
        latest = update.date if latest is None else max(latest, update.date)
    return response, status, progress, latest


def _children_progress(recommendation, addressee) -> int | None:
    """The mean progress of a recommendation's sub-points for one addressee (Decidim's
    roll-up), or None when no sub-point is addressed to it."""
    values = list(
        Assignment.objects.filter(
            recommendation__parent=recommendation, addressee=addressee
        ).values_list("progress", flat=True)
    )
    return round(sum(values) / len(values)) if values else None


def roll_up_progress(*, recommendation, addressee) -> None:
    """Give the parents of this recommendation (up the chain) their children's mean."""
    parent = recommendation.parent
    while parent is not None:
        mean = _children_progress(parent, addressee)
        if mean is None:
            break
        Assignment.objects.filter(recommendation=parent, addressee=addressee).update(
            progress=mean, updated_at=timezone.now()
        )
        parent = parent.parent


def add_status_update(
    *,
    assignment: Assignment,
    date,
    response: str | None = None,
    status: str | None = None,
    note: str,
    sources,
    by,
    is_correction: bool = False,
    progress: int | None = None,
) -> StatusUpdate:
    """Append a dated, sourced update; the assignment's current state follows the timeline.

    At least one source: a dict (``{"url", "title"}``, ``{"symbol"}``, ``{"document"}``),
    a UN symbol string or a library ``Document``. ``progress`` overrides the status's
    usual percentage (``DEFAULT_PROGRESS``); a recommendation with sub-points addressed
    to the same addressee shows their mean instead, and its parents are rolled up.
    Its followers are emailed once the transaction commits (``documents.follows``).
    """
    response = response or ""
    status = status or ""
    if not response and not status:
        raise ValidationError(_("Give a response, a status, or both."))
    if response and response not in Response.values:
        raise ValidationError(_("Unknown response: %(value)s.") % {"value": response})
    if status and status not in ImplementationStatus.values:
        raise ValidationError(_("Unknown status: %(value)s.") % {"value": status})
    if not (note or "").strip():
        raise ValidationError(_("Say in a note what happened."))
    sources = list(sources or [])
    if not sources:
        raise ValidationError(_("Give at least one source."))
    built = [_source(value, order) for order, value in enumerate(sources)]
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        update = StatusUpdate(
            assignment=assignment,
            date=date,
            response=response,
            status=status,
            progress=progress,
            note=note.strip(),
            author=by,
            is_correction=is_correction,
        )
        update.full_clean()
        update.save()
        for source in built:
            source.update = update
        StatusSource.objects.bulk_create(built)
        current_response, current_status, current_progress, latest = _current_state(assignment)
        recommendation = assignment.recommendation
        rolled = _children_progress(recommendation, assignment.addressee_id)
        assignment.response = current_response
        assignment.status = current_status
        assignment.progress = rolled if rolled is not None else current_progress
        assignment.last_update_on = latest
        assignment.save(update_fields=["response", "status", "progress", "last_update_on",
                                       "updated_at"])  # fmt: skip
        roll_up_progress(recommendation=recommendation, addressee=assignment.addressee_id)
        follows.notify_followers(update=update)  # sends on commit, never for a rollback
    return update


# --- links and suggestions ------------------------------------------------------------------

SHORTLIST_SIZE = 30
MAX_SUGGESTIONS = 3
SUGGESTION_THRESHOLD = 0.3
_TOKEN = re.compile(r"\w+")
_MIN_WORD = 4


def _tokens(text: str) -> list[str]:
    """Words of four letters or more, lower-cased and accent-folded (no stop words)."""
    return [
        word
        for word in _TOKEN.findall(fulltext.fold_accents(text).casefold())
        if len(word) >= _MIN_WORD and not word.isdigit()
    ]


def _stem(word: str) -> str:
    """A crude stem so "deploy", "deployment" and "deployed" share a token."""
    for suffix in ("ments", "ment", "ions", "ion", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_WORD:
            return word[: -len(suffix)]
    return word


def text_similarity(first: str, second: str) -> float:
    """Between 0 and 1: the mean of the stems' Jaccard index and difflib's ratio."""
    a = [_stem(w) for w in _tokens(first)]
    b = [_stem(w) for w in _tokens(second)]
    if not a or not b:
        return 0.0
    jaccard = len(set(a) & set(b)) / len(set(a) | set(b))
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return (jaccard + ratio) / 2


def _overlap(first: set, second: set) -> float:
    return len(first & second) / len(first | second) if first and second else 0.0


def _earlier(recommendation):
    """Recommendations of earlier documents (by date, then by id)."""
    document = recommendation.document
    return Recommendation.objects.exclude(document=document).filter(
        Q(document__publication_date__lt=document.publication_date)
        | Q(document__publication_date=document.publication_date, document_id__lt=document.pk)
    )


def suggest_links(*, recommendation: Recommendation) -> list[SuggestedLink]:
    """Propose the earlier recommendations this one probably repeats.

    A full-text shortlist in SQL (any of its words, both languages, accents folded, best
    ranked first), then a score in Python on the shortlist: text similarity (0.7), shared
    themes (0.15) and shared addressees (0.15). Pairs already linked, proposed,
    confirmed or dismissed (either way round) are never proposed again.
    """
    words = list(dict.fromkeys(_tokens(recommendation.text)))[:40]
    if not words:
        return []
    query = " or ".join(words)
    with transaction.atomic():
        known = set()
        for model in (SuggestedLink, RecommendationLink):
            for a, b in model.objects.filter(
                Q(from_recommendation=recommendation) | Q(to_recommendation=recommendation)
            ).values_list("from_recommendation_id", "to_recommendation_id"):
                known.update({a, b})
        shortlist = list(
            _earlier(recommendation)
            .exclude(pk__in=known)
            .filter(
                pk__in=fulltext.matching_ids(Recommendation._meta.db_table, "search_vector", query)
            )  # fmt: skip
            .annotate(rank=fulltext.rank("search_vector", query))
            .order_by("-rank", "id")
            .prefetch_related("themes", "assignments")[:SHORTLIST_SIZE]
        )
        if not shortlist:
            return []
        themes = {t.pk for t in recommendation.themes.all()}
        addressees = set(recommendation.assignments.values_list("addressee_id", flat=True))
        scored = []
        for candidate in shortlist:
            score = (
                0.7 * text_similarity(recommendation.text, candidate.text)
                + 0.15 * _overlap(themes, {t.pk for t in candidate.themes.all()})
                + 0.15 * _overlap(addressees, {a.addressee_id for a in candidate.assignments.all()})
            )
            if score >= SUGGESTION_THRESHOLD:
                scored.append((score, candidate))
        scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
        return [
            SuggestedLink.objects.create(
                from_recommendation=recommendation,
                to_recommendation=candidate,
                score=round(score, 4),
            )
            for score, candidate in scored[:MAX_SUGGESTIONS]
        ]


def add_link(
    *, from_recommendation, to_recommendation, kind=LinkKind.REITERATES, by=None
) -> RecommendationLink:
    """Link a recommendation to an earlier one it reiterates or builds on (idempotent)."""
    if from_recommendation.pk == to_recommendation.pk:
        raise ValidationError(_("A recommendation cannot be linked to itself."))
    if kind not in LinkKind.values:
        raise ValidationError(_("Unknown kind of link: %(value)s.") % {"value": kind})
    with transaction.atomic():
        link, created = RecommendationLink.objects.get_or_create(
            from_recommendation=from_recommendation,
            to_recommendation=to_recommendation,
            defaults={"kind": kind, "created_by": by},
        )
        if not created and link.kind != kind:
            link.kind = kind
            link.save(update_fields=["kind"])
        # A link made by hand settles any open proposal for the same pair.
        SuggestedLink.objects.filter(
            Q(from_recommendation=from_recommendation, to_recommendation=to_recommendation)
            | Q(from_recommendation=to_recommendation, to_recommendation=from_recommendation),
            state=SuggestionState.PROPOSED,
        ).update(state=SuggestionState.CONFIRMED, decided_by=by, decided_at=timezone.now())
    return link


def confirm_suggestion(
    *, suggestion: SuggestedLink, kind=LinkKind.REITERATES, by=None
) -> RecommendationLink:
    """Make a proposed link real ("reiterates" unless told "builds on")."""
    with transaction.atomic():
        suggestion = SuggestedLink.objects.select_for_update().get(pk=suggestion.pk)
        link = add_link(
            from_recommendation=suggestion.from_recommendation,
            to_recommendation=suggestion.to_recommendation,
            kind=kind,
            by=by,
        )
        suggestion.state = SuggestionState.CONFIRMED
        suggestion.decided_by = by
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    return link


def dismiss_suggestion(*, suggestion: SuggestedLink, by=None) -> SuggestedLink:
    """Turn a proposal down; the row stays, so the pair is never proposed again."""
    with transaction.atomic():
        suggestion = SuggestedLink.objects.select_for_update().get(pk=suggestion.pk)
        suggestion.state = SuggestionState.DISMISSED
        suggestion.decided_by = by
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    return suggestion


__all__ = [
    "DEFAULT_PROGRESS",
    "ImportResult",
    "add_link",
    "add_status_update",
    "confirm_suggestion",
    "dismiss_suggestion",
    "import_recommendations",
    "refresh_search_vectors",
    "resolve_addressee",
    "roll_up_progress",
    "suggest_links",
    "text_similarity",
]
