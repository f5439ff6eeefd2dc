"""Email alerts: anyone may hear of new papers on their themes without visiting the site.

An ``AlertSubscription`` is one email address (no account needed) with its themes,
document types, frequency and language. It receives nothing until the address is
confirmed (double opt-in). ``AlertDelivery`` records each paper a subscription was sent,
one row per pair, unique: it is written in the same transaction that queues the digest's
email, so a digest prepared twice never lists a paper twice. Unsubscribing deletes the
subscription and its deliveries: the address is not kept. The services are in
``documents.alerts``.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models.library import DocumentType, ThematicArea


def new_key() -> str:
    return secrets.token_urlsafe(12)


class AlertFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


# How long a subscription waits between two digests; the job runs once a day, so a
# few hours' slack keeps a digest from slipping a whole day for a job that ran late.
PERIODS = {
    AlertFrequency.DAILY: datetime.timedelta(days=1),
    AlertFrequency.WEEKLY: datetime.timedelta(days=7),
}
SLACK = datetime.timedelta(hours=3)


class AlertSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def due(self, now):
        """Confirmed subscriptions whose next digest is due at ``now``."""
        due = models.Q()
        for frequency, period in PERIODS.items():
            due |= models.Q(frequency=frequency, last_digest_at__lte=now - period + SLACK)
        return self.confirmed().filter(due | models.Q(last_digest_at__isnull=True))


class AlertSubscription(models.Model):
    """One email address's alerts: which themes and types, how often, in which language."""

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    themes = models.ManyToManyField(
        ThematicArea,
        blank=True,
        related_name="alert_subscriptions",
        verbose_name=_("thematic areas"),
        help_text=_("None: every thematic area."),
    )
    document_types = ArrayField(
        models.CharField(max_length=20, choices=DocumentType.choices),
        verbose_name=_("document types"),
        blank=True,
        default=list,
        help_text=_("None: every type."),
    )
    frequency = models.CharField(
        _("frequency"),
        max_length=6,
        choices=AlertFrequency.choices,
        default=AlertFrequency.WEEKLY,
    )
    # Part of every link's signed token: a new key (a fresh subscription after an
    # unsubscribe) makes the links of the old one stop working.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_digest_at = models.DateTimeField(
        _("last digest prepared at"),
        null=True,
        blank=True,
        help_text=_("Papers published up to this time were considered for a digest."),
    )

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class AlertDelivery(models.Model):
    """One paper listed in one subscription's digest: never listed for it again."""

    subscription = models.ForeignKey(
        AlertSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("alert subscription"),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="alert_deliveries",
        verbose_name=_("document"),
    )
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "document"], name="alert_delivery_once_per_document"
            )
        ]

    def __str__(self):
        return f"{self.subscription_id} / {self.document_id}"
