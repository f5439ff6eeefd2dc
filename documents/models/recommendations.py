"""The recommendations tracker: what the group recommended, to whom, and what came of it.

- ``Addressee``: curated (UN Security Council, Government of Canada...), with the
  aliases the import recognizes in headings.
- ``Recommendation``: one numbered item of a document, or a lettered or roman sub-point
  of one (``parent``); never more visible than its document.
- ``Assignment``: a recommendation to one addressee, with that addressee's current
  response, status and progress, copied from its latest ``StatusUpdate`` by
  ``documents.recommendations_services.add_status_update``.
- ``StatusUpdate``: append-only, dated and sourced (``StatusSource``); a correction is a
  new update flagged ``is_correction``.
- ``RecommendationLink``: "reiterates" or "builds on", shown from both ends.
- ``SuggestedLink``: a probable repeat found on import, for the steering committee to
  confirm or dismiss; a dismissed pair is never proposed again.

Models have no side effects on save(): the search vector, the current state and the
progress roll-up are written by the services.
"""

import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.models.recommendation_querysets import (
    AddresseeQuerySet,
    AssignmentQuerySet,
    RecommendationLinkQuerySet,
    RecommendationQuerySet,
    StatusUpdateQuerySet,
    SuggestedLinkQuerySet,
)
from powg.models import Edited


def _french() -> bool:
    return (get_language() or "en").startswith("fr")


class Response(models.TextChoices):
    """What the addressee said of the recommendation (as UPR Info records it)."""

    NONE = "none", _("No response yet")
    ACCEPTED = "accepted", _("Accepted")
    NOTED = "noted", _("Noted")
    REJECTED = "rejected", _("Rejected")


class ImplementationStatus(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    NO_ACTION = "no_action", _("No action")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    SUPERSEDED = "superseded", _("Superseded")


# Each status's progress unless an update says otherwise (the steering committee may).
# Superseded: overtaken by events, nothing left to implement, counted as not done.
DEFAULT_PROGRESS = {
    ImplementationStatus.NOT_ASSESSED: 0,
    ImplementationStatus.NO_ACTION: 0,
    ImplementationStatus.UNDER_CONSIDERATION: 25,
    ImplementationStatus.PARTIALLY_IMPLEMENTED: 50,
    ImplementationStatus.IMPLEMENTED: 100,
    ImplementationStatus.SUPERSEDED: 0,
}

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Addressee(models.Model):
    """Whom a recommendation is addressed to; curated by the steering committee."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    aliases = ArrayField(
        models.CharField(max_length=200),
        verbose_name=_("aliases"),
        blank=True,
        default=list,
        help_text=_('Other names the reports use ("SC", "DPKO"): the import recognizes them.'),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = AddresseeQuerySet.as_manager()

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name in the language of the request."""
        return self.name_fr if _french() and self.name_fr else self.name

    @property
    def localized_description(self) -> str:
        return self.description_fr if _french() and self.description_fr else self.description


class Recommendation(Edited):
    """One recommendation as printed in a document: a numbered item or a sub-point."""

    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("source document"),
    )
    number = models.CharField(
        _("number"), max_length=40, help_text=_('As printed: "3", "2.a", "2.b.ii".')
    )
    heading = models.CharField(
        _("heading"),
        max_length=300,
        blank=True,
        help_text=_("The heading it came under, as printed: numbering restarts under each."),
    )
    text = models.TextField(_("text"), help_text=_("Markdown."))
    themes = models.ManyToManyField(
        "documents.ThematicArea",
        related_name="recommendations",
        blank=True,
        verbose_name=_("thematic areas"),
    )
    anchor = models.CharField(
        _("anchor"),
        max_length=200,
        blank=True,
        help_text=_("The place in the document's page (the part after #), if it has one."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
        help_text=_("For a lettered or roman sub-point: the item whose lead-in it follows."),
    )
    display_order = models.PositiveIntegerField(_("display order"), default=0)
    # Written by documents.recommendations_services (never by save()): the text (A), the
    # document's title, the themes' and addressees' names (C), accents folded.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["document", "display_order", "id"]
        constraints = [
            # Reports number their items afresh under each addressee's heading.
            models.UniqueConstraint(
                fields=["document", "heading", "number"], name="unique_recommendation_number"
            )
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="recommendation_search_gin"),
            models.Index(fields=["document", "display_order"], name="recommendation_order"),
        ]

    def __str__(self):
        return f"{self.document} – {self.number}"

    def get_absolute_url(self):
        return reverse("documents:recommendation-detail", args=[self.pk])

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A recommendation cannot be its own parent.")})
        if self.parent_id and (self.parent.document_id, self.parent.heading) != (
            self.document_id,
            self.heading,
        ):
            raise ValidationError(
                {"parent": _("The parent must come under the same heading of the same document.")}
            )

    @property
    def progress(self) -> int | None:
        """The mean progress of its assignments (prefetch them in lists), None if none."""
        values = [a.progress for a in self.assignments.all()]
        return round(sum(values) / len(values)) if values else None

    @property
    def document_url(self) -> str:
        """The exact place in the document's page."""
        url = self.document.get_absolute_url()
        return f"{url}#{self.anchor}" if self.anchor else url


class Assignment(models.Model):
    """A recommendation to one addressee, with its current state (from the latest update)."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("recommendation"),
    )
    addressee = models.ForeignKey(
        Addressee,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("addressee"),
    )
    # Copies of the latest update's state, written by add_status_update.
    response = models.CharField(
        _("response"), max_length=20, choices=Response.choices, default=Response.NONE
    )
    status = models.CharField(
        _("implementation status"),
        max_length=30,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_ASSESSED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=PERCENT,
        help_text=_("A sub-point's parent shows the mean of its sub-points."),
    )
    last_update_on = models.DateField(_("latest evidence"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["recommendation", "addressee__display_order", "addressee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "addressee"], name="unique_assignment"
            )
        ]
        indexes = [models.Index(fields=["addressee", "status"], name="assignment_status")]

    def __str__(self):
        return f"{self.recommendation} → {self.addressee}"


class StatusUpdate(models.Model):
    """A dated, sourced statement of an addressee's response or progress. Append-only."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("assignment")
    )
    date = models.DateField(_("date"), help_text=_("When it happened, not when it was entered."))
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, blank=True)
    status = models.CharField(
        _("implementation status"),
        max_length=30,
        choices=ImplementationStatus.choices,
        blank=True,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("Leave empty for the status's usual percentage."),
    )
    note = models.TextField(_("note"), help_text=_("Markdown."))
    is_correction = models.BooleanField(
        _("correction"),
        default=False,
        help_text=_("Corrects an earlier update (which stays in the timeline)."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["date", "created_at", "id"]
        get_latest_by = ["date", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(response="", status=""),
                name="status_update_says_something",
            )
        ]

    def __str__(self):
        return f"{self.assignment} ({self.date})"

    def save(self, *args, **kwargs):
        """Append-only: an update once saved is never changed (a correction is a new one)."""
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("A status update cannot be changed: add a correction."))
        super().save(*args, **kwargs)

    @property
    def current_progress(self) -> int:
        if self.progress is not None:
            return self.progress
        return DEFAULT_PROGRESS.get(self.status, 0)


class SourceKind(models.TextChoices):
    URL = "url", _("Web page")
    SYMBOL = "symbol", _("UN document")
    DOCUMENT = "document", _("Library document")


# "S/RES/2719 (2023)", "A/RES/78/70", "S/2024/123", "A/C.4/78/L.5", "S/PRST/2023/1".
UN_SYMBOL = re.compile(r"^[A-Z]{1,4}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+(?: \((?:19|20)\d\d\))?$")


class StatusSource(models.Model):
    """The evidence of an update: a web page, a UN document symbol or a library document."""

    update = models.ForeignKey(
        StatusUpdate, on_delete=models.CASCADE, related_name="sources", verbose_name=_("update")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SourceKind.choices)
    url = models.URLField(_("address"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    symbol = models.CharField(
        _("UN document symbol"),
        max_length=80,
        blank=True,
        help_text=_("Such as S/RES/2719 (2023)."),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("library document"),
    )
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["display_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="url", title__gt="", url__gt="")
                    | models.Q(kind="symbol", symbol__gt="")
                    | models.Q(kind="document")
                ),
                name="status_source_complete",
            )
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.kind == SourceKind.URL and not (self.url and self.title):
            raise ValidationError(_("A web page source needs its address and its title."))
        if self.kind == SourceKind.SYMBOL and not UN_SYMBOL.match(self.symbol or ""):
            raise ValidationError(
                {"symbol": _("Write a UN document symbol such as S/RES/2719 (2023).")}
            )
        if self.kind == SourceKind.DOCUMENT and not self.document_id:
            raise ValidationError({"document": _("Choose the library document.")})

    @property
    def label(self) -> str:
        if self.kind == SourceKind.SYMBOL:
            return f"{self.symbol} {self.title}".strip() if self.title else self.symbol
        if self.kind == SourceKind.DOCUMENT and self.document_id and not self.title:
            return str(self.document)
        return self.title

    @property
    def href(self) -> str:
        """Where the source is read (a library document: check it is visible first)."""
        if self.kind == SourceKind.SYMBOL:
            return "https://undocs.org/" + self.symbol.replace(" ", "")
        if self.kind == SourceKind.DOCUMENT:
            return self.document.get_absolute_url() if self.document_id else ""
        return self.url


class LinkKind(models.TextChoices):
    REITERATES = "reiterates", _("reiterates")
    BUILDS_ON = "builds_on", _("builds on")


# How a link reads from its other end.
INVERSE_LABELS = {
    LinkKind.REITERATES: _("reiterated by"),
    LinkKind.BUILDS_ON: _("built on by"),
}


class RecommendationLink(models.Model):
    """A later recommendation that reiterates or builds on an earlier one."""

    from_recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="links_from",
        verbose_name=_("recommendation"),
    )
    to_recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="links_to",
        verbose_name=_("earlier recommendation"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=LinkKind.choices, default=LinkKind.REITERATES
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RecommendationLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation link")
        verbose_name_plural = _("recommendation links")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_recommendation", "to_recommendation"], name="unique_link"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_recommendation=models.F("to_recommendation")),
                name="link_not_to_itself",
            ),
        ]

    def __str__(self):
        return f"{self.from_recommendation} {self.get_kind_display()} {self.to_recommendation}"

    def label_from(self, recommendation) -> str:
        """How the link reads on this recommendation's page: "reiterates" or "reiterated by"."""
        if recommendation.pk == self.from_recommendation_id:
            return self.get_kind_display()
        return INVERSE_LABELS[self.kind]

    def other_end(self, recommendation):
        if recommendation.pk == self.from_recommendation_id:
            return self.to_recommendation
        return self.from_recommendation


class SuggestionState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class SuggestedLink(models.Model):
    """A probable repeat of an earlier recommendation, found on import, for review.

    One row per pair for ever: a dismissed pair keeps its row, so it is never proposed
    again.
    """

    from_recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="suggestions_from",
        verbose_name=_("recommendation"),
    )
    to_recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="suggestions_to",
        verbose_name=_("earlier recommendation"),
    )
    score = models.FloatField(_("score"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=SuggestionState.choices,
        default=SuggestionState.PROPOSED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SuggestedLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggested link")
        verbose_name_plural = _("suggested links")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_recommendation", "to_recommendation"], name="unique_suggestion"
            )
        ]

    def __str__(self):
        return f"{self.from_recommendation} ~ {self.to_recommendation} ({self.score:.2f})"
