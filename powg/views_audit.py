"""The audit log's page and its CSV export, for the steering committee and admins.

Entries are written only by ``powg.audit.record``; here they are read, filtered by person,
kind of object, act and dates, paged, and exported with the same filters.
"""

import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_safe

from members.models import User
from powg.csvexport import csv_response
from powg.models import AuditAction, AuditEntry
from powg.params import page_number, query_string
from powg.permissions import steering_only

ENTRIES_PER_PAGE = 50


class AuditFilterForm(forms.Form):
    """The log's filters, from the query string; a bad value is said, never a 500."""

    actor = forms.TypedChoiceField(label=gettext_lazy("Person"), required=False, coerce=int)
    kind = forms.TypedChoiceField(label=gettext_lazy("Kind of object"), required=False, coerce=int)
    action = forms.ChoiceField(label=gettext_lazy("Act"), required=False)
    since = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(
            pk__in=AuditEntry.objects.filter(actor__isnull=False).values("actor")
        ).order_by("name", "email")
        self.fields["actor"].choices = [("", _("Anyone"))] + [
            (u.pk, f"{u.name} <{u.email}>" if u.name else u.email)
            for u in people.only("name", "email")
        ]
        kinds = ContentType.objects.filter(
            pk__in=AuditEntry.objects.filter(content_type__isnull=False).values("content_type")
        )
        self.fields["kind"].choices = [("", _("Any kind"))] + sorted(
            ((ct.pk, str(ct.name).capitalize()) for ct in kinds), key=lambda pair: pair[1]
        )
        self.fields["action"].choices = [("", _("Any act")), *AuditAction.choices]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return data

    def entries(self):
        """The entries the valid filters select (all of them if none is valid)."""
        entries = AuditEntry.objects.select_related("content_type")
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data.get("actor"):
            entries = entries.filter(actor_id=data["actor"])
        if data.get("kind"):
            entries = entries.filter(content_type_id=data["kind"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        zone = timezone.get_current_timezone()
        if data.get("since"):
            start = datetime.datetime.combine(data["since"], datetime.time.min, tzinfo=zone)
            entries = entries.filter(at__gte=start)
        if data.get("until"):
            end = datetime.datetime.combine(
                data["until"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            )
            entries = entries.filter(at__lt=end)
        return entries


def _kind(entry) -> str:
    return str(entry.content_type.name).capitalize() if entry.content_type_id else ""


@steering_only
@require_safe
def audit_log(request):
    """See who published, scheduled, archived, restored, approved or changed roles, and when."""
    form = AuditFilterForm(request.GET or None)
    page = Paginator(form.entries(), ENTRIES_PER_PAGE).get_page(page_number(request))
    filters = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "editing/audit.html",
        {
            "form": form,
            "page_obj": page,
            "entries": [(entry, _kind(entry)) for entry in page.object_list],
            "export_query": query_string(filters),
            "filtered": bool(filters),
        },
    )


@steering_only
@require_safe
def audit_export(request):
    """Download the audit log as CSV, with the filters of the page."""
    form = AuditFilterForm(request.GET or None)
    entries = form.entries()
    header = [_("When"), _("Who"), _("Act"), _("Kind of object"), _("Object id"), _("Object")]
    header.append(_("Detail"))
    rows = (
        [
            timezone.localtime(entry.at).isoformat(timespec="seconds"),
            entry.actor_label,
            entry.get_action_display(),
            _kind(entry),
            entry.object_id,
            entry.object_label,
            entry.detail,
        ]
        for entry in entries.iterator(chunk_size=2000)
    )
    return csv_response("audit-log.csv", header, rows)
