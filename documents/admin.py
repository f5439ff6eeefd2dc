from django.contrib import admin

from documents.models import ThematicArea


@admin.register(ThematicArea)
class ThematicAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "display_order", "slug"]
    list_editable = ["display_order"]
    search_fields = ["name", "name_fr"]
    prepopulated_fields = {"slug": ["name"]}
