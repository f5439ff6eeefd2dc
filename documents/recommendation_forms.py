"""The steering committee's forms for the recommendations tracker.

The paste-import keeps its whole state in the form (the pasted text, the document, each
item's corrections), never in the session: a preview can be corrected, sent again or
saved twice without losing anything, and the web processes stay stateless.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import (
    Addressee,
    Assignment,
    Document,
    ImplementationStatus,
    LinkKind,
    Response,
    SourceKind,
)
from documents.models.recommendations import UN_SYMBOL

MAX_PASTE = 200_000
MAX_ITEMS = 400
RECENT_DOCUMENTS = 100


def addressee_choices(addressees):
    """(slug, label) pairs, built once per page from one list of addressees."""
    return [(a.slug, a.label) for a in addressees]


class ImportSourceForm(forms.Form):
    """The pasted section, the document it comes from and the fallback addressee."""

    document = forms.ModelChoiceField(
        label=_("Document"),
        queryset=Document.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose the document"),
        help_text=_("The report or submission the recommendations come from."),
    )
    default_addressee = forms.ChoiceField(
        label=_("Addressee for headings that name none"),
        required=False,
        help_text=_("Items under a heading that names no addressee go to this one."),
    )
    text = forms.CharField(
        label=_("Recommendations section"),
        max_length=MAX_PASTE,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "Paste the section as it comes out of the PDF: headings such as "
            "“RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):”, numbered items, "
            "lettered sub-points."
        ),
        error_messages={"required": _("Paste the recommendations section first.")},
    )

    def __init__(self, *args, user, addressees, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        documents = Document.objects.visible_to(user)
        field = self.fields["document"]
        field.queryset = documents
        field.label_from_instance = lambda d: f"{d.title} ({d.year})"
        # The select offers the latest documents (and the one asked for), not thousands.
        shown = list(documents.order_by("-publication_date", "-id")[:RECENT_DOCUMENTS])
        if document is not None and document not in shown:
            shown.insert(0, document)
        field.widget.choices = [("", field.empty_label)] + [
            (d.slug, field.label_from_instance(d)) for d in shown
        ]
        self.fields["default_addressee"].choices = [
            ("", _("None: I will choose for each item")),
            *addressee_choices(addressees),
        ]

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise ValidationError(_("Paste the recommendations section first."))
        return text


class ImportItemForm(forms.Form):
    """One recommendation of the preview, as the steering committee corrects it."""

    number = forms.CharField(
        label=_("Number"),
        max_length=40,
        error_messages={"required": _("Give the item its number as printed.")},
    )
    parent = forms.CharField(
        label=_("Under item"),
        max_length=40,
        required=False,
        help_text=_("For a sub-point: the number of the item it comes under."),
    )
    addressees = forms.MultipleChoiceField(
        label=_("Addressed to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("An item needs its text (or leave it out).")},
    )
    heading = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)
    merge = forms.BooleanField(label=_("Merge into the previous item"), required=False)
    split = forms.BooleanField(
        label=_("Split at empty lines"),
        required=False,
        help_text=_("Each part separated by an empty line in the text becomes an item."),
    )
    leave_out = forms.BooleanField(label=_("Leave out (not a recommendation)"), required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressees"].choices = choices

    def clean(self):
        data = super().clean()
        # A left-out or merged item needs no number or text of its own.
        if data.get("leave_out") or data.get("merge"):
            for name in ("number", "text"):
                self.errors.pop(name, None)
        return data


class BaseImportItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        first = next((f for f in self.forms if not f.cleaned_data.get("leave_out")), None)
        if first is not None and first.cleaned_data.get("merge"):
            first.add_error("merge", _("The first item has no previous item to merge into."))


ImportItemFormSet = forms.formset_factory(
    ImportItemForm,
    formset=BaseImportItemFormSet,
    extra=0,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS,
    validate_max=True,
)


class HeadingMapForm(forms.Form):
    """An unrecognized heading, kept, for the steering committee to map to an addressee."""

    heading = forms.CharField(widget=forms.HiddenInput, max_length=400)
    addressee = forms.ChoiceField(label=_("Addressee"), required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].choices = [("", _("Not mapped yet")), *choices]


HeadingMapFormSet = forms.formset_factory(
    HeadingMapForm, extra=0, max_num=100, absolute_max=100, validate_max=True
)


# --- status updates --------------------------------------------------------------------


class SourcesForm(forms.Form):
    """The sources of a status update: a web page, a UN symbol, a library document.

    Shared by the site's update form and the admin's, so both ask the same way and
    check the same rules. ``source_document``'s choices are set by each form.
    """

    source_url = forms.URLField(
        label=_("Web page address"), required=False, max_length=500, assume_scheme="https"
    )
    source_title = forms.CharField(label=_("Web page title"), required=False, max_length=300)
    source_symbol = forms.CharField(
        label=_("UN document symbol"),
        required=False,
        max_length=80,
        help_text=_("Such as S/RES/2719 (2023)."),
    )
    source_document = forms.ModelChoiceField(
        label=_("Library document"),
        queryset=Document.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("None"),
    )

    def clean_source_symbol(self):
        symbol = re.sub(r"\s+", " ", self.cleaned_data["source_symbol"]).strip()
        if symbol and not UN_SYMBOL.match(symbol):
            raise ValidationError(_("Write a UN document symbol such as S/RES/2719 (2023)."))
        return symbol

    def check_sources(self, data):
        """A web page needs its address and title; at least one source is required."""
        url, title = data.get("source_url"), (data.get("source_title") or "").strip()
        if url and not title:
            self.add_error("source_title", _("A web page source needs its title."))
        if title and not url and "source_url" not in self.errors:
            self.add_error("source_url", _("A web page source needs its address."))
        if not (url or title or data.get("source_symbol") or data.get("source_document")):
            if not {"source_url", "source_symbol", "source_document"} & set(self.errors):
                raise ValidationError(
                    _(
                        "Give at least one source: a web page with its title, a UN "
                        "document symbol or a library document."
                    ),
                    code="no_source",
                )

    def sources(self):
        """The sources as ``add_status_update`` takes them."""
        data = self.cleaned_data
        found = []
        if data.get("source_url"):
            found.append(
                {"kind": SourceKind.URL, "url": data["source_url"], "title": data["source_title"]}
            )
        if data.get("source_symbol"):
            found.append({"kind": SourceKind.SYMBOL, "symbol": data["source_symbol"]})
        if data.get("source_document"):
            found.append({"kind": SourceKind.DOCUMENT, "document": data["source_document"]})
        return found


class StatusUpdateForm(SourcesForm):
    """A dated, sourced update of one assignment; at least one source is required."""

    assignment = forms.ModelChoiceField(
        label=_("Addressee"), queryset=Assignment.objects.none(), empty_label=None
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When it happened, not when it is entered."),
    )
    response = forms.ChoiceField(label=_("Response"), required=False)
    status = forms.ChoiceField(label=_("Implementation status"), required=False)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Leave empty for the status's usual percentage."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened, in a sentence or two (Markdown)."),
    )
    is_correction = forms.BooleanField(
        label=_("This corrects an earlier update (which stays in the timeline)"), required=False
    )
    field_order = ["assignment", "date", "response", "status", "progress", "note"]

    def __init__(self, *args, recommendation, user, **kwargs):
        super().__init__(*args, **kwargs)
        assignments = recommendation.assignments.select_related("addressee")
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: a.addressee.label
        self.fields["response"].choices = [("", _("Unchanged")), *Response.choices]
        self.fields["status"].choices = [("", _("Unchanged")), *ImplementationStatus.choices]
        documents = Document.objects.visible_to(user)
        field = self.fields["source_document"]
        field.queryset = documents
        field.widget.choices = [("", _("None"))] + [
            (d.slug, f"{d.title} ({d.year})")
            for d in documents.order_by("-publication_date", "-id")[:RECENT_DOCUMENTS]
        ]
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError(_("The date cannot be in the future."))
        return date

    def clean(self):
        data = super().clean()
        if not data.get("response") and not data.get("status") and "response" not in self.errors:
            self.add_error("status", _("Give a response, a status, or both."))
        self.check_sources(data)
        return data


class AssignmentForm(forms.Form):
    """Address the recommendation to one more addressee."""

    addressee = forms.ModelChoiceField(
        label=_("Addressee"),
        queryset=Addressee.objects.none(),
        empty_label=None,
        to_field_name="slug",
    )

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["addressee"]
        field.queryset = Addressee.objects.exclude(assignments__recommendation=recommendation)
        field.label_from_instance = lambda a: a.label


class ConfirmSuggestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of link"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = LinkKind.choices
