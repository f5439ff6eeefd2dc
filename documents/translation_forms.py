"""The small form the parity page shows beside each gap."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.models import TranslationPlan
from documents.translations import check_translation_plan


class TranslationPlanForm(forms.Form):
    """Planned by a date, not planned, or not decided; the service's rules, per field."""

    plan = forms.ChoiceField(
        label=_("Translation"), choices=TranslationPlan.choices, required=False
    )
    due = forms.DateField(
        label=_("Expected by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, document, **kwargs):
        self.document = document
        kwargs.setdefault("prefix", f"plan-{document.pk}")
        kwargs.setdefault(
            "initial",
            {"plan": document.translation_plan, "due": document.translation_due},
        )
        super().__init__(*args, **kwargs)
        # Many forms share a page: each field is named by its label and the document.
        for name, field in self.fields.items():
            field_id = self[name].id_for_label
            field.widget.attrs["aria-labelledby"] = f"{field_id}_label gap-{document.pk}-title"

    def clean(self):
        data = super().clean()
        if "plan" in data and "due" in data:
            try:
                check_translation_plan(plan=data["plan"], due=data["due"])
            except ValidationError as error:
                self.add_error(None, error)
        return data
