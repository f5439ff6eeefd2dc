"""What an event sets out to address, and its agenda."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from powg.bilingual import LocalizedField


class EventQuestion(models.Model):
    """A question the event sets out to address, in order."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    text_fr = models.TextField(_("question (French)"), blank=True)

    localized_text = LocalizedField("text")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question to address")
        verbose_name_plural = _("questions to address")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


class AgendaItem(models.Model):
    """A line of the agenda; times are local to the event's time zone."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)
    title_fr = models.CharField(_("title (French)"), max_length=250, blank=True)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "starts_at", "pk"]

    localized_title = LocalizedField("title")

    def __str__(self):
        return self.title
