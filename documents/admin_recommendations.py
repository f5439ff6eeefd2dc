"""The recommendations tracker in the admin: a fallback for editing by hand.

Writes go through ``documents.recommendations_services`` as on the site: a status update
is only ever added (the inline shows earlier ones read-only), with its source, and the
assignment's current state follows; suggestions are confirmed or dismissed by actions.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from documents import recommendations_services as services
from documents.models import (
    Addressee,
    Assignment,
    Document,
    Recommendation,
    RecommendationLink,
    StatusSource,
    StatusUpdate,
    SuggestedLink,
)
from documents.recommendation_forms import SourcesForm


@admin.register(Addressee)
class AddresseeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "display_order", "slug"]
    list_editable = ["display_order"]
    search_fields = ["name", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class AssignmentInline(admin.TabularInline):
    """Who a recommendation is addressed to; the state changes through status updates."""

    model = Assignment
    extra = 0
    fields = ["addressee", "response", "status", "progress", "last_update_on"]
    readonly_fields = ["response", "status", "progress", "last_update_on"]
    show_change_link = True


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["number", "short_text", "document", "parent", "updated_at"]
    list_filter = ["themes", "assignments__addressee", "assignments__status"]
    search_fields = ["number", "text", "document__title"]
    autocomplete_fields = ["document", "parent"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at", "updated_by"]
    inlines = [AssignmentInline]
    actions = ["look_for_links"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return Truncator(obj.text).chars(90)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        obj.full_clean()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once, with the themes and assignments saved: their names are searched too.
        services.refresh_search_vectors(recommendations=[form.instance])
        if not change:
            services.suggest_links(recommendation=form.instance)

    @admin.action(description=_("Look for earlier recommendations they repeat"))
    def look_for_links(self, request, queryset):
        found = sum(len(services.suggest_links(recommendation=r)) for r in queryset)
        self.message_user(
            request,
            ngettext("%(count)d link suggested.", "%(count)d links suggested.", found)
            % {"count": found},  # fmt: skip
            messages.SUCCESS,
        )


class StatusUpdateForm(SourcesForm, forms.ModelForm):
    """A new update with its sources, asked and checked as on the site."""

    class Meta:
        model = StatusUpdate
        fields = ["date", "response", "status", "progress", "note", "is_correction"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_document"].queryset = Document.objects.all()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("response") and not cleaned.get("status"):
            raise ValidationError(_("Give a response, a status, or both."))
        self.check_sources(cleaned)
        return cleaned


class StatusUpdateInline(admin.StackedInline):
    """Earlier updates read-only (append-only); a new one is added through the service."""

    model = StatusUpdate
    form = StatusUpdateForm
    extra = 1
    can_delete = False
    readonly_fields = ["author", "created_at", "source_list"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sources"))
    def source_list(self, obj):
        return "; ".join(source.label for source in obj.sources.all()) if obj.pk else ""


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "addressee", "response", "status", "progress",
                    "last_update_on"]  # fmt: skip
    list_filter = ["addressee", "response", "status"]
    search_fields = ["recommendation__text", "recommendation__number",
                     "recommendation__document__title"]  # fmt: skip
    autocomplete_fields = ["recommendation"]
    readonly_fields = ["response", "status", "progress", "last_update_on", "created_at",
                       "updated_at"]  # fmt: skip
    inlines = [StatusUpdateInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not StatusUpdate:
            return super().save_formset(request, form, formset, change)
        # What formset.save() would have set, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for update_form in formset.extra_forms:
            if not update_form.has_changed() or not update_form.is_valid():
                continue
            data = update_form.cleaned_data
            update = services.add_status_update(
                assignment=form.instance,
                date=data["date"],
                response=data.get("response") or None,
                status=data.get("status") or None,
                progress=data.get("progress"),
                note=data["note"],
                sources=update_form.sources(),
                by=request.user,
                is_correction=data.get("is_correction", False),
            )
            formset.new_objects.append(update)


class StatusSourceInline(admin.TabularInline):
    model = StatusSource
    extra = 0
    fields = ["kind", "symbol", "url", "title", "document"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    """Browsing the updates; they are added on an assignment's page, never changed."""

    list_display = ["assignment", "date", "response", "status", "is_correction", "author"]
    list_filter = ["response", "status", "is_correction", "assignment__addressee"]
    search_fields = ["note", "assignment__recommendation__text"]
    inlines = [StatusSourceInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecommendationLink)
class RecommendationLinkAdmin(admin.ModelAdmin):
    list_display = ["from_recommendation", "kind", "to_recommendation", "created_by"]
    list_filter = ["kind"]
    autocomplete_fields = ["from_recommendation", "to_recommendation"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = services.add_link(
            from_recommendation=obj.from_recommendation,
            to_recommendation=obj.to_recommendation,
            kind=obj.kind,
            by=request.user,
        )
        obj.pk = saved.pk


@admin.register(SuggestedLink)
class SuggestedLinkAdmin(admin.ModelAdmin):
    list_display = ["from_recommendation", "to_recommendation", "score", "state", "decided_by"]
    list_filter = ["state"]
    readonly_fields = ["from_recommendation", "to_recommendation", "score", "state",
                       "decided_by", "decided_at", "created_at"]  # fmt: skip
    actions = ["confirm", "confirm_builds_on", "dismiss"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, decide, message):
        count = 0
        for suggestion in queryset.proposed():
            decide(suggestion)
            count += 1
        self.message_user(request, message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Confirm: it reiterates the earlier one"))
    def confirm(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda s: services.confirm_suggestion(suggestion=s, by=request.user),
            lambda n: ngettext("%(count)d link confirmed.", "%(count)d links confirmed.", n),
        )

    @admin.action(description=_("Confirm: it builds on the earlier one"))
    def confirm_builds_on(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda s: services.confirm_suggestion(suggestion=s, kind="builds_on", by=request.user),
            lambda n: ngettext("%(count)d link confirmed.", "%(count)d links confirmed.", n),
        )

    @admin.action(description=_("Dismiss: never propose these pairs again"))
    def dismiss(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda s: services.dismiss_suggestion(suggestion=s, by=request.user),
            lambda n: ngettext(
                "%(count)d suggestion dismissed.", "%(count)d suggestions dismissed.", n
            ),
        )
