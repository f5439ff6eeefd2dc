from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members import services
from members.models import (
    Member,
    MembershipApplication,
    Organization,
    SteeringCommitteeTerm,
    User,
)
from powg.csvexport import csv_response
from powg.roles import MEMBERS_GROUP


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "is_superuser", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal information"), {"fields": ["name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        form.roles_before = services.account_roles(obj)  # for the audit log, once saved
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """The role groups follow the records: undo a hand edit that contradicts them."""
        super().save_related(request, form, formsets, change)
        user = form.instance
        synced = services.sync_roles(user)
        services.audit_roles(user=user, before=form.roles_before, by=request.user)
        for group, change_made in synced.items():
            if group == MEMBERS_GROUP and change_made == "removed":
                text = _(
                    "%(user)s was taken out of the Members group: their membership has "
                    "lapsed. Make their member profile active to give member access back."
                )
            elif group == MEMBERS_GROUP:
                text = _(
                    "%(user)s was put back in the Members group: their member profile is "
                    "active. Mark the profile as lapsed to end member access."
                )
            elif change_made == "removed":
                text = _(
                    "%(user)s was taken out of the Steering Committee group: they hold no "
                    "current term. Add a term to their member profile instead."
                )
            else:
                text = _(
                    "%(user)s was put back in the Steering Committee group: they hold a "
                    "current term. End the term to remove the committee's rights."
                )
            self.message_user(request, text % {"user": user.email}, messages.WARNING)


class TermInline(admin.TabularInline):
    """Terms edited beside a member or an organization (saved through the services)."""

    model = SteeringCommitteeTerm
    extra = 0
    autocomplete_fields = ["member", "organization"]


class MemberTermInline(TermInline):
    fk_name = "member"
    verbose_name_plural = _("steering committee terms")


class OrganizationTermInline(TermInline):
    fk_name = "organization"
    verbose_name_plural = _("steering committee terms representing this organization")


class TermsThroughServices:
    """Save and delete inline terms through the services, so their holders' groups follow."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not SteeringCommitteeTerm:
            return super().save_formset(request, form, formset, change)
        terms = formset.save(commit=False)  # fills deleted_objects without deleting
        for term in formset.deleted_objects:
            services.delete_term(term=term, by=request.user)
        for term in terms:
            services.save_term(term=term, by=request.user)
        formset.save_m2m()
        return None


@admin.register(Organization)
class OrganizationAdmin(TermsThroughServices, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "membership", "city", "province", "joined_on"]
    list_filter = ["kind", "membership", "province"]
    search_fields = ["name", "acronym", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganizationTermInline]
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }

    def save_model(self, request, obj, form, change):
        services.save_organization(organization=obj, by=request.user)


@admin.action(description=_("Export the selected members as CSV"))
def export_members_csv(modeladmin, request, queryset):
    members = queryset.select_related("user", "organization").prefetch_related("expertise")
    header = [
        "display_name",
        "email",
        "show_email",
        "organization",
        "title",
        "city",
        "province",
        "languages",
        "expertise",
        "status",
        "member_since",
        "directory_opt_in",
        "roster_opt_in",
        "deployable_areas",
        "availability",
    ]
    rows = (
        [
            m.display_name,
            m.user.email,
            m.show_email,
            m.organization.name if m.organization else "",
            m.title,
            m.city,
            m.province,
            " ".join(m.languages),
            "; ".join(theme.name for theme in m.expertise.all()),
            m.status,
            m.member_since.isoformat(),
            m.directory_opt_in,
            m.roster_opt_in,
            " ".join(m.deployable_areas),
            m.availability,
        ]
        for m in members
    )
    return csv_response("members.csv", header, rows)


@admin.action(description=_("Mark the selected members as lapsed (ends member access)"))
def mark_lapsed(modeladmin, request, queryset):
    changed = services.set_membership_status(members=queryset, status=Member.Status.LAPSED)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d member marked as lapsed and taken out of the Members group.",
            "%(count)d members marked as lapsed and taken out of the Members group.",
            len(changed),
        )
        % {"count": len(changed)},
        messages.SUCCESS,
    )


@admin.action(description=_("Mark the selected members as active (gives member access)"))
def mark_active(modeladmin, request, queryset):
    changed = services.set_membership_status(members=queryset, status=Member.Status.ACTIVE)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d member marked as active and put in the Members group.",
            "%(count)d members marked as active and put in the Members group.",
            len(changed),
        )
        % {"count": len(changed)},
        messages.SUCCESS,
    )


@admin.register(Member)
class MemberAdmin(TermsThroughServices, admin.ModelAdmin):
    """Saving a profile (form or action) syncs the Members group with its status."""

    list_display = [
        "display_name",
        "organization",
        "status",
        "directory_opt_in",
        "roster_opt_in",
        "member_since",
    ]
    list_filter = [
        "status",
        "directory_opt_in",
        "roster_opt_in",
        "show_email",
        "availability",
        "province",
        "expertise",
    ]
    search_fields = ["display_name", "user__email", "organization__name", "organization__acronym"]
    autocomplete_fields = ["user", "organization"]
    filter_horizontal = ["expertise"]
    list_select_related = ["organization"]
    inlines = [MemberTermInline]
    actions = [export_members_csv, mark_lapsed, mark_active]

    def save_model(self, request, obj, form, change):
        services.save_member(member=obj)


@admin.register(SteeringCommitteeTerm)
class SteeringCommitteeTermAdmin(admin.ModelAdmin):
    list_display = ["member", "role", "organization", "starts_on", "ends_on"]
    list_filter = ["role", "starts_on", "ends_on"]
    search_fields = ["member__display_name", "member__user__email", "organization__name"]
    autocomplete_fields = ["member", "organization"]
    list_select_related = ["member", "organization"]
    date_hierarchy = "starts_on"

    def save_model(self, request, obj, form, change):
        services.save_term(term=obj, by=request.user)

    def delete_model(self, request, obj):
        services.delete_term(term=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_terms(terms=queryset, by=request.user)


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organization_label", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", "submitted_at", "expertise"]
    search_fields = ["name", "email", "organization__name", "organization_name"]
    list_select_related = ["organization", "reviewed_by"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["expertise"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "member", "submitted_at"]
    actions = ["approve", "decline"]

    @admin.display(description=_("organization"))
    def organization_label(self, obj):
        return obj.organization_label

    @admin.action(description=_("Approve the selected applications (creates the accounts)"))
    def approve(self, request, queryset):
        approved = 0
        for application in queryset.filter(status=MembershipApplication.Status.PENDING):
            try:
                services.approve_application(
                    application=application, by=request.user, request=request
                )
            except services.ApplicationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                approved += 1
        self.message_user(
            request, _("%(count)d application(s) approved.") % {"count": approved}, messages.SUCCESS
        )

    @admin.action(description=_("Decline the selected applications"))
    def decline(self, request, queryset):
        declined = 0
        for application in queryset.filter(status=MembershipApplication.Status.PENDING):
            services.decline_application(application=application, by=request.user)
            declined += 1
        self.message_user(
            request, _("%(count)d application(s) declined.") % {"count": declined}, messages.SUCCESS
        )
