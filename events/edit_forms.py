"""The steering committee's event form on the site, its inline rows (participants, agenda,
questions) and the summary of errors shown at the top of the page.

Rows work without JavaScript: blank extra rows, an order number and a delete box on each,
and an "Add another row" button that sends the form back with one more blank row
(``with_added_row``); static/js/formset.js adds rows and moves them up and down.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict, ErrorList, flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.models import ThematicArea
from events.forms import EventAdminForm, SingleLineModelForm, ThemeChoiceField
from events.models import AgendaItem, Event, EventQuestion, EventSeries, EventStatus, Participant
from events.models.choices import time_zone_choices
from members.models import Member, Organization
from powg.publishing import Action
from powg.slugs import free_slug

# Addresses of their own under /events/: an event cannot take them as its slug.
RESERVED_SLUGS = {"new", "mine", "feed", "archive"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class QuickSelectMixin:
    """Options written in Python: Django renders each option with a template of its own,
    and the time zones (about 600) or the members on every participant row add up."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', name, flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        "" if option["value"] is None else str(option["value"]),
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value escaped by format_html


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickInputMixin:
    """An input written in Python, as Django's input template writes it: the rows of a
    long agenda or participant list have hundreds of fields."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        shown = format_html(' value="{}"', str(value)) if value is not None else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], name, shown, flatatt(widget["attrs"])
        )


class QuickTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = "" if widget["value"] is None else str(widget["value"])
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', name, flatatt(widget["attrs"]), value
        )


# Named as Django's own, so BoundField.widget_type (the templates' "checkbox") is unchanged.
QUICK_WIDGETS = {
    forms.TextInput: type("TextInput", (QuickInputMixin, forms.TextInput), {}),
    forms.NumberInput: type("NumberInput", (QuickInputMixin, forms.NumberInput), {}),
    forms.TimeInput: type("TimeInput", (QuickInputMixin, forms.TimeInput), {}),
    forms.CheckboxInput: type("CheckboxInput", (QuickInputMixin, forms.CheckboxInput), {}),
    forms.HiddenInput: type("HiddenInput", (QuickInputMixin, forms.HiddenInput), {}),
    forms.Textarea: QuickTextarea,
    forms.Select: QuickSelect,
}


def quicken(field):
    """Give ``field`` the Python-written version of its widget, when there is one."""
    quick = QUICK_WIDGETS.get(type(field.widget))
    if quick is not None:
        field.widget.__class__ = quick


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass


def _local_datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class ThemesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SeriesField(ThemeChoiceField):
    """A series by its title in the page's language."""

    def label_from_instance(self, obj):
        return str(obj.localized_title)


class EventEditForm(EventAdminForm):
    """Every field the committee sets on an event, times in the event's own time zone.

    Status is set by the page's buttons (through ``events.editing``), not typed; an
    event is called off with the "cancelled" box and its notice, as in the admin.
    """

    LOCAL_FIELDS = [*EventAdminForm.LOCAL_FIELDS, "publish_at"]

    cancelled = forms.BooleanField(
        label=_("This event is cancelled"),
        required=False,
        help_text=_("Its page, lists and calendars say so, with the cancellation notice on top."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=_local_datetime_widget(),
        help_text=_("For the Schedule button: the event becomes visible at this time."),
    )

    class Meta(EventAdminForm.Meta):
        fields = [name for name in EventAdminForm.Meta.fields if name != "status"]
        widgets = {
            "starts_at": _local_datetime_widget(),
            "ends_at": _local_datetime_widget(),
            "registration_opens_at": _local_datetime_widget(),
            "registration_closes_at": _local_datetime_widget(),
            "summary": forms.TextInput(),
            "summary_fr": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 10}),
            "description_fr": forms.Textarea(attrs={"rows": 10}),
            "cancellation_notice": forms.Textarea(attrs={"rows": 3}),
            "cancellation_notice_fr": forms.Textarea(attrs={"rows": 3}),
            "time_zone": QuickSelect,
            "organizers": QuickSelectMultiple,
            "partners": QuickSelectMultiple,
        }

    def __init__(self, *args, action=Action.SAVE, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["slug"].required = False
        self.fields["time_zone"].choices = time_zone_choices()  # read once per process
        self.fields["slug"].help_text = _(
            "The event's address. Empty: made from the title. A changed address keeps "
            "redirecting from the old one."
        )
        self.fields["series"] = SeriesField(
            label=capfirst(_("series")),
            required=False,
            queryset=EventSeries.objects.all(),
            empty_label=_("No series"),
        )
        self.fields["themes"] = ThemesField(
            label=capfirst(_("themes")),
            required=False,
            queryset=ThematicArea.objects.all(),
            widget=forms.CheckboxSelectMultiple,
        )
        organizations = Organization.objects.order_by("name")
        for name in ("organizers", "partners"):
            self.fields[name].queryset = organizations
            self.fields[name].widget.attrs["size"] = 6
        for field in self.fields.values():
            field.label = capfirst(field.label)
        instance = self.instance
        self.initial.setdefault("cancelled", instance.status == EventStatus.CANCELLED)
        if instance.pk and instance.is_scheduled:
            self.initial["publish_at"] = timezone.make_naive(instance.published_at, instance.zone)

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if not slug:
            slug = _free_slug(slugify(self.cleaned_data.get("title") or "")[:190], self.instance)
            if not slug:
                raise forms.ValidationError(gettext("Give the event an address."))
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                gettext("“%(slug)s” is taken by a page of the site: choose another address.")
                % {"slug": slug}
            )
        return slug

    def clean(self):
        data = super().clean()
        # The box sets the status the model's own check reads (a notice is then required).
        status = self.instance.status
        if data.get("cancelled"):
            self.instance.status = EventStatus.CANCELLED
        elif status == EventStatus.CANCELLED:
            self.instance.status = EventStatus.PUBLISHED
        if self.action == Action.SCHEDULE:
            when = data.get("publish_at")
            if when is None:
                self.add_error("publish_at", gettext("Say when the event is to be published."))
            elif when <= timezone.now():
                self.add_error(
                    "publish_at",
                    gettext("Choose a time still to come, or press Publish now."),
                )
        return data


def _free_slug(base, instance):
    """``base``, or ``base-2``, ``base-3``... the first no other event uses."""
    if not base:
        return ""
    return free_slug(Event.objects.exclude(pk=instance.pk), base, reserved=RESERVED_SLUGS)


class RowForm(SingleLineModelForm):
    """A row of an inline formset; its order is a plain number the script also sets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].widget.attrs.update({"min": 0, "class": "row-order"})
        self.fields["order"].required = False
        for field in self.fields.values():
            quicken(field)

    def clean_order(self):
        value = self.cleaned_data.get("order")
        return 0 if value is None else value

    def has_changed(self):
        # A blank row the script or the server numbered is still blank; a saved row
        # whose number changed was moved.
        if self.instance.pk:
            return super().has_changed()
        return bool(set(self.changed_data) - {"order"})


class AgendaItemEditForm(RowForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "starts_at", "ends_at", "title", "title_fr", "speakers"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class ParticipantEditForm(RowForm):
    class Meta:
        model = Participant
        fields = ["order", "name", "affiliation", "role", "attribution", "member"]
        widgets = {"member": QuickSelect}


class QuestionEditForm(RowForm):
    class Meta:
        model = EventQuestion
        fields = ["order", "text", "text_fr"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "text_fr": forms.Textarea(attrs={"rows": 2}),
        }


class RowFormSet(forms.BaseInlineFormSet):
    """Rows of one kind, with a title for the page and a label for each row."""

    title = ""
    row_label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = self.queryset.order_by("order", "pk")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            quicken(form.fields["DELETE"])

    def label_for(self, index):
        return gettext("%(row)s %(number)s") % {"row": self.row_label, "number": index + 1}


class ParticipantFormSet(RowFormSet):
    title = _("Participants")
    row_label = _("Participant")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One list of members for every row (a query per row otherwise).
        choices = [("", "---------")] + [
            (member.pk, str(member))
            for member in Member.objects.only("pk", "display_name").order_by("display_name")
        ]
        self._member_choices = choices

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["member"].widget.choices = self._member_choices
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["member"].widget.choices = self._member_choices
        return form


class AgendaFormSet(RowFormSet):
    title = _("Agenda")
    row_label = _("Agenda item")


class QuestionFormSet(RowFormSet):
    title = _("Questions to address")
    row_label = _("Question")


FORMSETS = [
    (
        "agenda",
        forms.inlineformset_factory(
            Event, AgendaItem, form=AgendaItemEditForm, formset=AgendaFormSet, extra=1
        ),
    ),
    (
        "participants",
        forms.inlineformset_factory(
            Event, Participant, form=ParticipantEditForm, formset=ParticipantFormSet, extra=1
        ),
    ),
    (
        "questions",
        forms.inlineformset_factory(
            Event, EventQuestion, form=QuestionEditForm, formset=QuestionFormSet, extra=1
        ),
    ),
]
PREFIXES = [prefix for prefix, _formset in FORMSETS]


def event_formsets(data=None, *, instance):
    """The three inline formsets of the event page, bound to ``data`` when sent."""
    return [
        formset_class(data, instance=instance, prefix=prefix) for prefix, formset_class in FORMSETS
    ]


def with_added_row(data, prefix):
    """The sent data with one more blank row in formset ``prefix``, numbered after the
    last (the "Add another row" button, without JavaScript)."""
    data = data.copy()
    total_key = f"{prefix}-TOTAL_FORMS"
    try:
        total = max(int(data.get(total_key, 0)), 0)
    except ValueError:
        total = 0
    orders = []
    for index in range(total):
        try:
            orders.append(int(data.get(f"{prefix}-{index}-order") or 0))
        except ValueError:
            continue
    data[total_key] = str(total + 1)
    data[f"{prefix}-{total}-order"] = str(max(orders, default=0) + 1)
    return data


def without_errors(form, formsets):
    """Show what was sent without judging it (a row was only added, nothing saved)."""
    form._errors = ErrorDict()
    for formset in formsets:
        for row in formset.forms:
            row._errors = ErrorDict()
        formset._errors = [ErrorDict() for _row in formset.forms]
        formset._non_form_errors = ErrorList()


def error_summary(form, formsets):
    """Every error of the page as ``{"label", "message", "anchor"}``, fields in page order,
    then the rows': the summary at the top links each to its field."""
    items = []

    def add(bound_form, prefix_label, anchor_default):
        for name, errors in bound_form.errors.items():
            if name == NON_FIELD_ERRORS or name not in bound_form.fields:
                label, anchor = prefix_label, anchor_default
            else:
                field = bound_form[name]
                label = (
                    gettext("%(row)s, %(field)s") % {"row": prefix_label, "field": field.label}
                    if prefix_label
                    else str(field.label)
                )
                anchor = field.id_for_label or field.auto_id
            for message in errors:
                items.append({"label": label, "message": message, "anchor": anchor})

    add(form, "", "event-form")
    for formset in formsets:
        for message in formset.non_form_errors():
            items.append(
                {"label": str(formset.title), "message": message, "anchor": formset.prefix}
            )
        for index, row in enumerate(formset.forms):
            if row.errors:
                add(row, formset.label_for(index), f"{formset.prefix}-row-{index}")
    return items
