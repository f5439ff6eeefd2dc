from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import ThematicArea
from events.models import EventFormat, EventType


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
