"""Abstract bases the apps' models share (powg itself has no tables)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Edited(models.Model):
    """Content the steering committee edits: when it was made, last changed, and by whom."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
        editable=False,
    )

    class Meta:
        abstract = True
