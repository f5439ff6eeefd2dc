"""The library: thematic areas, documents, their themes, keywords and old slugs.

Visibility of a document, and what the public sees of a members-only one:

- ``Document.objects.visible_to(user)`` is the only gate: lists, facets, search,
  feeds, the sitemap, related boxes and file downloads all go through it.
- A members-only document is invisible to the public everywhere (lists, counts,
  search, feeds), and its address answers 404, unless the steering committee ticks
  ``listed_publicly``: then its address shows the public the title and a
  "members only: log in to read" notice, never the summary, body or file.
  Steering-only documents and drafts are never announced that way.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase, TaggedItemBase

from documents.files import document_upload_to, validate_document_file
from documents.querysets import DocumentQuerySet
from powg.models import Edited
from powg.slugs import KeepsOldSlugs, OldSlug
from powg.visibility import Status, Visibility, VisibilityModel


class ThematicArea(TagBase):
    """A thematic area curated by the steering committee (a django-taggit tag model).

    ``name`` and ``description`` are English; the ``_fr`` fields are French. Free
    keywords are a separate tag manager on taggit's default tag model.
    """

    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["display_order", "name"]

    @property
    def label(self) -> str:
        """The name in the language of the request."""
        if (get_language() or "en").startswith("fr") and self.name_fr:
            return self.name_fr
        return self.name

    @property
    def localized_description(self) -> str:
        if (get_language() or "en").startswith("fr") and self.description_fr:
            return self.description_fr
        return self.description

    def get_absolute_url(self):
        return reverse("documents:theme-detail", kwargs={"slug": self.slug})


class DocumentType(models.TextChoices):
    REPORT = "report", _("Report")
    ROUNDTABLE_REPORT = "roundtable_report", _("Roundtable report")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    SUBMISSION = "submission", _("Submission to a consultation")
    BRIEFING_NOTE = "briefing_note", _("Briefing note")
    FACT_SHEET = "fact_sheet", _("Fact sheet")
    STATEMENT = "statement", _("Statement")
    POLICY_BRIEF = "policy_brief", _("Policy brief")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class TranslationPlan(models.TextChoices):
    """What the steering committee decided about a missing other-language version."""

    UNDECIDED = "", _("Not decided")
    PLANNED = "planned", _("Planned")
    NOT_PLANNED = "not_planned", _("Not planned")


class DatePrecision(models.TextChoices):
    """Older papers often carry only a year (or a month): show no more than is known."""

    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class TextOrigin(models.TextChoices):
    """Where ``file_text`` came from: the file's own text, or text recognition (OCR)."""

    NONE = "", _("No text")
    FILE = "file", _("The file's text")
    OCR = "ocr", _("Recognised automatically")


class OcrState(models.TextChoices):
    NOT_NEEDED = "", _("Not needed")
    QUEUED = "queued", _("Waiting")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    UNAVAILABLE = "unavailable", _("Not installed")


class ThemedDocument(ItemBase):
    """The link between a document and a thematic area (taggit through model)."""

    tag = models.ForeignKey(ThematicArea, on_delete=models.CASCADE, related_name="themed_documents")
    content_object = models.ForeignKey(
        "Document", on_delete=models.CASCADE, related_name="themed_items"
    )

    class Meta:
        verbose_name = _("document theme")
        verbose_name_plural = _("document themes")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_document_theme")
        ]
        indexes = [models.Index(fields=["tag", "content_object"])]


class KeywordedDocument(TaggedItemBase):
    """A free keyword on a document (taggit's default tag model)."""

    content_object = models.ForeignKey(
        "Document", on_delete=models.CASCADE, related_name="keyword_items"
    )

    class Meta:
        verbose_name = _("document keyword")
        verbose_name_plural = _("document keywords")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_document_keyword"
            )
        ]


# Computed in SQL by documents.search_vectors; an ordinary save() never writes them.
DERIVED_FIELDS = ("search_vector", "rank_vector", "theme_ids", "organization_ids")


class Document(KeepsOldSlugs, VisibilityModel, Edited):
    """A paper of the group: report, concept note, submission, fact sheet..."""

    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The address: /library/<slug>/. A changed slug keeps the old address."),
    )
    document_type = models.CharField(
        _("type"), max_length=20, choices=DocumentType.choices, default=DocumentType.REPORT
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Markdown. Optional: many papers are PDF-only.")
    )
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        max_length=300,
        blank=True,
        validators=[validate_document_file],
        help_text=_("PDF, DOCX or ODT. Checked by its content, not its name."),
    )
    file_size = models.PositiveBigIntegerField(
        _("file size"), null=True, blank=True, editable=False
    )
    file_type = models.CharField(_("file type"), max_length=8, blank=True, editable=False)
    file_text = models.TextField(
        _("text extracted from the file"),
        blank=True,
        editable=False,
        help_text=_("Used for search; filled from PDF files."),
    )
    # Written with the text by services.extract_file_text, which every path that stores a
    # file calls (the file is read once there).
    file_checksum = models.CharField(
        _("file checksum (SHA-256)"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The same file is never imported twice."),
    )
    file_text_origin = models.CharField(
        _("origin of the file's text"),
        max_length=4,
        choices=TextOrigin.choices,
        default=TextOrigin.NONE,
        blank=True,
        editable=False,
    )
    ocr_state = models.CharField(
        _("text recognition"),
        max_length=11,
        choices=OcrState.choices,
        default=OcrState.NOT_NEEDED,
        blank=True,
        editable=False,
    )
    # The first page, rendered once by a job (documents.thumbnails), served by the same
    # permission check as the file.
    thumbnail = models.FileField(
        _("cover thumbnail"), upload_to="thumbnails/", max_length=300, blank=True, editable=False
    )
    thumbnail_width = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    authors = ArrayField(
        models.CharField(max_length=200),
        verbose_name=_("authors"),
        blank=True,
        default=list,
    )
    publishing_organizations = models.ManyToManyField(
        "members.Organization",
        related_name="documents",
        blank=True,
        verbose_name=_("publishing organizations"),
    )
    publication_date = models.DateField(_("publication date"), db_index=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("For older papers, often only the year is known."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    other_language_version = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("other-language version"),
    )
    translation_plan = models.CharField(
        _("translation"),
        max_length=12,
        choices=TranslationPlan.choices,
        default=TranslationPlan.UNDECIDED,
        blank=True,
        help_text=_("When there is no other-language version yet: is one planned?"),
    )
    translation_due = models.DateField(
        _("translation expected by"),
        null=True,
        blank=True,
        help_text=_("For a planned translation: the date it should be published."),
    )
    listed_publicly = models.BooleanField(
        _("announce to the public"),
        default=False,
        help_text=_(
            "Members-only documents: when ticked, the public sees the title and a "
            "'members only: log in to read' notice at its address; otherwise the address "
            "answers 'not found' to the public."
        ),
    )
    themes = TaggableManager(
        through=ThemedDocument,
        related_name="documents",
        blank=True,
        verbose_name=_("thematic areas"),
        help_text="",
    )
    keywords = TaggableManager(
        through=KeywordedDocument,
        related_name="keyword_documents",
        blank=True,
        verbose_name=_("keywords"),
    )
    related_event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcome_documents",
        verbose_name=_("related event"),
    )
    # Kept up to date by documents.search_vectors, called by the services and the admin
    # (never by save()): the big weighted vector for matching (GIN), a small one for ranking.
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)
    # Copies of the theme and organization links, kept with the vectors, so facet
    # counts read one narrow index instead of joining two tables (see documents.facets).
    theme_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    organization_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()
    # Who changed what, when (revision pages): the search copies are rebuilt, not kept.
    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "rank_vector",
            "file_text",
            "file_text_origin",
            "ocr_state",
            "thumbnail",
            "thumbnail_width",
            "thumbnail_height",
        ],
        cascade_delete_history=False,
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-publication_date", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="document_search_gin"),
            GinIndex(fields=["theme_ids"], name="document_theme_ids_gin"),
            models.Index(fields=["-publication_date", "-id"], name="document_newest"),
            # Covering index: facet counts of a listing come from an index-only scan.
            models.Index(
                fields=["visibility", "status"],
                include=[
                    "id",
                    "document_type",
                    "publication_date",
                    "language",
                    "theme_ids",
                    "organization_ids",
                    "published_at",  # visible_to's schedule test stays in the index
                ],
                name="document_facets",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:document-detail", kwargs={"slug": self.slug})

    def get_download_url(self):
        return reverse("documents:document-download", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        """Keeps the file's size and type, and the old slug (``KeepsOldSlugs``).

        The search vectors are not refreshed here: ``documents.services`` and the admin
        do it once, after the links (themes, keywords) are saved too.
        """
        if self.file:
            self.file_type = self.file.name.rsplit(".", 1)[-1].lower()[:8]
            try:
                self.file_size = self.file.size
            except (OSError, ValueError):
                pass
        else:
            self.file_size, self.file_type, self.file_checksum = None, "", ""  # no file
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The stored vectors and link copies are written by SQL only: the copy this
            # instance holds may be stale, and writing it back would undo a refresh.
            skipped = set(DERIVED_FIELDS) | self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in skipped and f.name not in skipped
            ]
        super().save(*args, **kwargs)

    @property
    def search_config(self) -> str:
        return "french" if self.language == Language.FRENCH else "english"

    @property
    def year(self) -> int:
        return self.publication_date.year

    @property
    def display_date(self) -> str:
        """The date as precisely as it is known: '2007', 'March 2007' or '15 March 2007'."""
        if self.date_precision == DatePrecision.YEAR:
            return str(self.publication_date.year)
        if self.date_precision == DatePrecision.MONTH:
            return formats.date_format(self.publication_date, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.publication_date, "j F Y")

    @property
    def other_language(self) -> str:
        """The language a counterpart would be in."""
        return Language.ENGLISH if self.language == Language.FRENCH else Language.FRENCH

    @property
    def translation_coming(self) -> bool:
        """No counterpart yet, and the steering committee has planned one (a badge)."""
        return (
            self.other_language_version_id is None
            and self.translation_plan == TranslationPlan.PLANNED
        )

    @property
    def is_archived(self) -> bool:
        return self.status == Status.ARCHIVED

    @property
    def is_restricted(self) -> bool:
        """Only some logged-in users may see it: pages and files are sent private."""
        return self.visibility != Visibility.PUBLIC or self.status == Status.DRAFT


class DocumentSlugHistory(OldSlug):
    """A slug a document used to have: its old address redirects permanently."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("document")
    )

    class Meta(OldSlug.Meta):
        pass
