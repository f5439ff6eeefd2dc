import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import ThematicArea
from events.models import AgendaItem, Event, EventFormat, EventSeries, EventType, Participant


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class EventFilterForm(forms.Form):
    """The list's filters, read from the query string (bad values are reported, not fatal)."""

    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *EventType.choices]
    )
    theme = ThemeChoiceField(
        label=_("Thematic area"),
        required=False,
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All thematic areas"),
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *EventFormat.choices]
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("type"):
            queryset = queryset.of_type(data["type"])
        if data.get("theme"):
            queryset = queryset.in_theme(data["theme"])
        if data.get("format"):
            queryset = queryset.of_format(data["format"])
        return queryset

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class SingleLineModelForm(forms.ModelForm):
    """A title, a name or a place is one line: newlines and runs of spaces become one space.

    Every text field not drawn as a text area counts, whatever the widget class the
    admin substitutes; a pasted or forged newline would otherwise reach calendars
    (where it breaks the line format) and page titles.
    """

    def single_line_fields(self):
        return [
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)
        ]

    def clean(self):
        data = super().clean()
        for name in self.single_line_fields():
            value = data.get(name)
            if isinstance(value, str):
                data[name] = " ".join(value.split())
        return data


class EventSeriesAdminForm(SingleLineModelForm):
    class Meta:
        model = EventSeries
        fields = [
            "title",
            "title_fr",
            "slug",
            "description",
            "description_fr",
            "start_year",
            "end_year",
        ]


class AgendaItemForm(SingleLineModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "starts_at", "ends_at", "title", "title_fr", "speakers"]


class ParticipantForm(SingleLineModelForm):
    class Meta:
        model = Participant
        fields = ["order", "name", "affiliation", "role", "attribution", "member"]


class EventAdminForm(SingleLineModelForm):
    """Times are entered and shown in the event's own time zone, not the site's."""

    LOCAL_FIELDS = ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]

    online_url = forms.URLField(
        label=_("online joining link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Shown only to registered attendees and the steering committee."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "title_fr",
            "slug",
            "event_type",
            "format",
            "series",
            "summary",
            "summary_fr",
            "description",
            "description_fr",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "city",
            "online_url",
            "visibility",
            "status",
            "cancellation_notice",
            "cancellation_notice_fr",
            "chatham_house_rule",
            "by_invitation",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "themes",
            "organizers",
            "partners",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.zone if self.instance.pk else None
        for name in self.LOCAL_FIELDS:
            if name not in self.fields:
                continue
            self.fields[name].help_text = _("In the event's time zone.")
            value = getattr(self.instance, name, None)
            if zone is not None and value is not None:
                self.initial[name] = timezone.make_naive(value, zone)

    def clean(self):
        data = super().clean()
        try:
            zone = zoneinfo.ZoneInfo(data.get("time_zone") or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return data
        for name in self.LOCAL_FIELDS:
            value = data.get(name)
            if value is not None and timezone.is_aware(value):
                # The form read it in the site's zone; it was meant in the event's.
                data[name] = timezone.make_aware(timezone.make_naive(value), zone)
                setattr(self.instance, name, data[name])
        return data
