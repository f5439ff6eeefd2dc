from django import forms
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.forms import AgendaItemForm, EventAdminForm, EventSeriesAdminForm, ParticipantForm
from events.models import (
    AgendaItem,
    CalendarFeedToken,
    Event,
    EventQuestion,
    EventSeries,
    EventSlug,
    EventStatus,
    Participant,
    Registration,
)
from powg import admin_audit, publishing
from powg.admin import OldSlugInline as SharedOldSlugInline


class EventQuestionInline(admin.TabularInline):
    model = EventQuestion
    extra = 0
    fields = ["order", "text", "text_fr"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    form = AgendaItemForm
    extra = 0
    fields = ["order", "starts_at", "ends_at", "title", "title_fr", "speakers"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    form = ParticipantForm
    extra = 0
    fields = ["order", "name", "affiliation", "role", "attribution", "member"]
    autocomplete_fields = ["member"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "created_at", "promoted_at", "cancelled_at"]
    readonly_fields = ["user", "created_at", "promoted_at", "cancelled_at"]
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("registrations (use the site's register and cancel buttons)")

    def has_add_permission(self, request, obj=None):
        # Places are taken through the site so capacity and the waiting list hold.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class EventSlugInline(SharedOldSlugInline):
    model = EventSlug


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    form = EventSeriesAdminForm
    list_display = ["title", "start_year", "end_year"]
    search_fields = ["title", "title_fr"]
    prepopulated_fields = {"slug": ["title"]}
    # Each French field beside its English one.
    fieldsets = [
        (None, {"fields": [("title", "title_fr"), "slug", ("start_year", "end_year")]}),
        (None, {"fields": [("description", "description_fr")]}),
    ]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "in_french",
        "starts_at",
        "event_type",
        "format",
        "visibility",
        "status",
        "registered",
        "waitlisted",
    ]
    list_filter = ["status", "visibility", "event_type", "format", "chatham_house_rule", "series"]
    search_fields = ["title", "title_fr", "city", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    autocomplete_fields = ["themes", "organizers", "partners", "series"]
    list_select_related = ["series"]
    actions = ["publish", "cancel"]
    readonly_fields = ["registrations_link"]
    fieldsets = [
        # Each French field beside its English one: both languages are written together.
        (
            None,
            {
                "fields": [
                    ("title", "title_fr"),
                    "slug",
                    "event_type",
                    "format",
                    "series",
                    ("summary", "summary_fr"),
                    ("description", "description_fr"),
                ]
            },
        ),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "time_zone", "venue", "city"]}),
        (_("Online"), {"fields": ["online_url"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "visibility",
                    "status",
                    ("cancellation_notice", "cancellation_notice_fr"),
                    "chatham_house_rule",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "by_invitation",
                    "capacity",
                    "registration_opens_at",
                    "registration_closes_at",
                    "registrations_link",
                ]
            },
        ),
        (_("Themes and organizations"), {"fields": ["themes", "organizers", "partners"]}),
    ]
    inlines = [
        EventQuestionInline,
        AgendaItemInline,
        ParticipantInline,
        RegistrationInline,
        EventSlugInline,
    ]

    def save_model(self, request, obj, form, change):
        """Saves the event, then records a publish, schedule or visibility change."""
        before = admin_audit.stored_state(obj)
        super().save_model(request, obj, form, change)
        admin_audit.record_admin_change(obj, before=before, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "capacity" in form.changed_data:
            promoted = services.fill_places(event=form.instance)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d member moved up from the waiting list and was emailed.",
                        "%(n)d members moved up from the waiting list and were emailed.",
                        len(promoted),
                    )
                    % {"n": len(promoted)},
                    messages.SUCCESS,
                )

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=_("in French"), boolean=True)
    def in_french(self, obj):
        """Whether the French pages show the event's own French title (else English)."""
        return bool(obj.title_fr.strip())

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered(self, obj):
        return obj.registered_count

    @admin.display(description=_("waitlisted"), ordering="waitlisted_count")
    def waitlisted(self, obj):
        return obj.waitlisted_count

    @admin.display(description=_("registration list"))
    def registrations_link(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?event__id__exact={}">{}</a>',
            reverse("events:event-registrations", kwargs={"slug": obj.slug}),
            _("on the site (with CSV export)"),
            reverse("admin:events_registration_changelist"),
            obj.pk,
            _("in the admin"),
        )

    @admin.action(description=_("Publish the selected events"))
    def publish(self, request, queryset):
        """Each event through powg.publishing: a revision and an audit entry each."""
        updated = 0
        for event in queryset.exclude(status=EventStatus.PUBLISHED):
            publishing.publish(event, by=request.user)
            updated += 1
        self.message_user(
            request,
            ngettext("%(n)d event published.", "%(n)d events published.", updated) % {"n": updated},
            messages.SUCCESS,
        )

    @admin.action(description=_("Cancel the selected events"))
    def cancel(self, request, queryset):
        """Each event through services.cancel_event, with the notice written on it."""
        cancelled, refused = 0, []
        for event in queryset.exclude(status=EventStatus.CANCELLED):
            try:
                services.cancel_event(
                    event=event, notice=event.cancellation_notice, by=request.user
                )
            except services.CancellationError:
                refused.append(event.title)
            else:
                cancelled += 1
        if cancelled:
            self.message_user(
                request,
                ngettext("%(n)d event cancelled.", "%(n)d events cancelled.", cancelled)
                % {"n": cancelled},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "Not cancelled: %(titles)s. A cancelled event needs a notice saying why: "
                    "write it in the event's cancellation notice, save, then cancel.",
                    "Not cancelled: %(titles)s. A cancelled event needs a notice saying why: "
                    "write it in each event's cancellation notice, save, then cancel.",
                    len(refused),
                )
                % {"titles": ", ".join(refused)},
                messages.ERROR,
            )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "status", "created_at", "promoted_at", "cancelled_at"]
    list_filter = ["status", "event"]
    search_fields = ["user__email", "user__name", "event__title"]
    autocomplete_fields = ["user", "event"]
    list_select_related = ["user", "event"]
    date_hierarchy = "created_at"


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    readonly_fields = ["token", "created_at"]
    autocomplete_fields = ["user"]
