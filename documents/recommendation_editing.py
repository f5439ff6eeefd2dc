"""Editing one recommendation on the site: its own fields, its addressees, and the save.

The addressees' response, status and progress are not edited here: they come from the
dated, sourced status updates (``recommendations_services.add_status_update``), so the
timeline stays the one record of what happened. This form adds and removes addressees;
an addressee with updates cannot be removed (its timeline would go with it).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents import recommendations_services as services
from documents.models import Addressee, Assignment, Recommendation, ThematicArea


class RecommendationForm(forms.ModelForm):
    """The recommendation's own fields, as printed in its document."""

    class Meta:
        model = Recommendation
        fields = ["number", "heading", "text", "themes", "anchor", "parent", "display_order"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recommendation = self.instance
        self.fields["themes"].queryset = ThematicArea.objects.all()
        self.fields["themes"].label_from_instance = lambda t: t.label
        # A parent comes from the same document, and is not the item itself.
        parents = Recommendation.objects.filter(document_id=recommendation.document_id).exclude(
            pk=recommendation.pk
        )
        field = self.fields["parent"]
        field.queryset = parents
        field.widget.choices = [("", _("None: a numbered item of its own"))] + [
            (r.pk, f"{r.number} ({r.heading[:40]})" if r.heading else r.number)
            for r in parents.only("number", "heading")
        ]
        self.fields["text"].widget.attrs["lang"] = recommendation.document.language

    def clean(self):
        data = super().clean()
        number, heading = data.get("number"), data.get("heading", "")
        taken = (
            Recommendation.objects.filter(
                document_id=self.instance.document_id, heading=heading, number=number
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if number and taken:
            self.add_error(
                "number",
                _("Number %(number)s is already used under this heading in this document.")
                % {"number": number},
            )
        parent = data.get("parent")
        if parent is not None and _descends_from(parent, self.instance):
            self.add_error("parent", _("A sub-point cannot be the parent of its own parent."))
        return data


def _descends_from(candidate, recommendation) -> bool:
    """Whether ``candidate`` is ``recommendation`` or one of its sub-points (a loop)."""
    seen = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == recommendation.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent
    return False


class AssignmentForm(forms.ModelForm):
    """One addressee of the recommendation (its state comes from its status updates)."""

    class Meta:
        model = Assignment
        fields = ["addressee"]

    def __init__(self, *args, addressees=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["addressee"]
        field.queryset = Addressee.objects.all()
        # One list for every row of the formset: rendering asks no query per row.
        field.widget.choices = [("", _("Choose an addressee"))] + [
            (a.pk, a.label) for a in addressees
        ]


class BaseAssignmentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        kept = []
        chosen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                if form.instance.pk and form.instance.updates.all():
                    kept.append(form.instance.addressee.label)
                continue
            addressee = data.get("addressee")
            if addressee is not None and addressee.pk in chosen:
                form.add_error("addressee", _("This addressee is already in the list."))
            if addressee is not None:
                chosen.add(addressee.pk)
        if kept:
            # A form marked for deletion has its own errors ignored: say it for the set.
            raise ValidationError(
                _(
                    "%(addressees)s: it has status updates and cannot be removed "
                    "(its timeline would be lost)."
                )
                % {"addressees": ", ".join(kept)},
                code="has_updates",
            )
        if not any(form.errors for form in self.forms):
            super().clean()


AssignmentFormSet = forms.inlineformset_factory(
    Recommendation,
    Assignment,
    form=AssignmentForm,
    formset=BaseAssignmentFormSet,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def save_recommendation(*, form, assignments, by) -> Recommendation:
    """Save the recommendation (a new revision) and its addressees, then its search copy."""
    with transaction.atomic():
        recommendation = form.save(commit=False)
        recommendation.updated_by = by
        recommendation._change_reason = _("Edited on the site")
        recommendation.save()
        form.save_m2m()
        assignments.instance = recommendation
        assignments.save()
        services.refresh_search_vectors(recommendations=[recommendation])
    return recommendation
