"""The library: thematic areas and (in their own issue) documents and recommendations."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase


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
