from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from documents import admin_recommendations, services  # noqa: F401 (the tracker registers itself)
from documents.edit_forms import LinesField, PairingChecks
from documents.models import AlertSubscription, Document, DocumentSlugHistory, ThematicArea
from powg import admin_audit
from powg.admin import OldSlugInline as SharedOldSlugInline
from powg.visibility import Status


@admin.register(ThematicArea)
class ThematicAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "display_order", "slug"]
    list_editable = ["display_order"]
    search_fields = ["name", "name_fr"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "name_fr"} & set(form.changed_data):
            services.theme_renamed(theme=obj)  # documents are found by the theme's names

    def delete_model(self, request, obj):
        services.delete_themes(themes=ThematicArea.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_themes(themes=queryset)


class DocumentAdminForm(PairingChecks, forms.ModelForm):
    authors = LinesField(label=_("authors"), required=False, help_text=_("One per line."))
    # Themes are the steering committee's curated list: chosen, never typed (a typed
    # name or slug would create a new public theme).
    themes = forms.ModelMultipleChoiceField(
        label=_("thematic areas"),
        queryset=ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "subtitle",
            "slug",
            "document_type",
            "language",
            "publication_date",
            "date_precision",
            "authors",
            "publishing_organizations",
            "visibility",
            "listed_publicly",
            "status",
            "summary",
            "body",
            "file",
            "themes",
            "keywords",
            "other_language_version",
            "translation_plan",
            "translation_due",
            "related_event",
        ]


class OldSlugInline(SharedOldSlugInline):
    model = DocumentSlugHistory


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = [
        "title",
        "document_type",
        "language",
        "publication_date",
        "visibility",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "visibility", "document_type", "language", "themes"]
    search_fields = ["title", "subtitle", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publishing_organizations", "related_event", "other_language_version"]
    date_hierarchy = "publication_date"
    readonly_fields = ["file_size", "file_type", "created_at", "updated_at", "updated_by"]
    inlines = [OldSlugInline]
    actions = ["publish", "archive"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "document_type", "language"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "publication_date",
                    "date_precision",
                    "authors",
                    "publishing_organizations",
                    "visibility",
                    "listed_publicly",
                    "status",
                ]
            },
        ),
        (_("Content"), {"fields": ["summary", "body", "file", "file_type", "file_size"]}),
        (
            _("Links"),
            {"fields": ["themes", "keywords", "related_event"]},
        ),
        (
            _("Other language"),
            {
                "fields": ["other_language_version", "translation_plan", "translation_due"],
                "description": _(
                    "A document and its translation are one pair: link either side. "
                    "Without a translation yet, say whether one is planned, and by when."
                ),
            },
        ),
        (_("History"), {"fields": ["created_at", "updated_at", "updated_by"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        before = admin_audit.stored_state(obj)  # published, scheduled... recorded once saved
        # The pair is written by its service in save_related, which first unlinks any
        # earlier partner: saving the link here could clash with that partner's.
        form.chosen_counterpart = obj.other_language_version
        obj.other_language_version_id = (
            Document.objects.filter(pk=obj.pk)
            .values_list("other_language_version", flat=True)
            .first()
            if obj.pk
            else None
        )
        super().save_model(request, obj, form, change)
        admin_audit.record_admin_change(obj, before=before, by=request.user)
        if "file" in form.changed_data:  # vectors: once, in save_related
            problem = services.extract_file_text(document=obj, refresh_vectors=False)
            if problem:
                self.message_user(
                    request,
                    _(
                        "The document was saved, but its file's text could not be read for "
                        "search: %(problem)s."
                    )
                    % {"problem": problem},
                    messages.WARNING,
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        counterpart = getattr(form, "chosen_counterpart", form.instance.other_language_version)
        if counterpart is None:
            services.unpair_document(document=form.instance)
        else:
            services.pair_documents(document=form.instance, counterpart=counterpart)
        # The one refresh of this save: file text, themes and keywords are all in now.
        services.refresh_search(documents=[form.instance])

    def delete_model(self, request, obj):
        services.delete_documents(documents=Document.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_documents(documents=queryset)

    def _set_status(self, request, queryset, status, message):
        """Run set_status and report it; ``message(count)`` is the translated sentence."""
        count = services.set_status(documents=queryset, status=status, by=request.user)
        self.message_user(request, message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected documents"))
    def publish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Status.PUBLISHED,
            lambda n: ngettext(
                "%(count)d document published.", "%(count)d documents published.", n
            ),
        )

    @admin.action(description=_("Archive the selected documents"))
    def archive(self, request, queryset):
        self._set_status(
            request,
            queryset,
            Status.ARCHIVED,
            lambda n: ngettext("%(count)d document archived.", "%(count)d documents archived.", n),
        )


# --- email alerts: the addresses, for admins only; read-only but for deleting ----------


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "frequency", "confirmed_at", "last_digest_at"]
    list_filter = ["frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter), "themes"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "language",
        "themes",
        "document_types",
        "frequency",
        "created_at",
        "confirmed_at",
        "last_digest_at",
    ]
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False  # only the address's owner subscribes (double opt-in)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
