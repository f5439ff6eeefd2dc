"""Admin pieces every app's admin shares."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class OldSlugInline(admin.TabularInline):
    """An item's old addresses (``powg.slugs.OldSlug``), which redirect to it; set ``model``."""

    extra = 0
    fields = ["slug", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name_plural = _("old addresses (they redirect here)")
