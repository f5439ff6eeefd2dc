"""Series of events, e.g. the webinars of a virtual policy conference."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from powg.bilingual import LocalizedField


class EventSeries(models.Model):
    """A series of events, e.g. the webinars of a virtual policy conference."""

    title = models.CharField(_("title"), max_length=250)
    title_fr = models.CharField(_("title (French)"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    description_fr = models.TextField(
        _("description (French)"), blank=True, help_text=_("Markdown.")
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["-start_year", "title"]

    localized_title = LocalizedField("title")
    localized_description = LocalizedField("description")

    def __str__(self):
        return self.title

    @property
    def years(self) -> str:
        if self.start_year and self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or "")
