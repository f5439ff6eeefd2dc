"""The steering committee's document form on the site (``/library/new/``, ``.../edit/``).

The same checks as the admin's form: the file by its content (the model's validator),
the pair through ``documents.services.validate_pairing``, themes chosen from the
curated list, never typed. What the editor asked for (save, publish, schedule...) is
the button they pressed, passed in as ``action``; a schedule needs a time to come.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from documents.models import Document, ThematicArea
from documents.services import validate_pairing
from events.models import Event
from members.models import Organization
from powg.publishing import Action
from powg.slugs import free_slug

CHOICE_LIMIT = 200  # selects offer the newest documents and events (and the current one)
LOCAL_INPUT = "%Y-%m-%dT%H:%M"
RESERVED_SLUGS = {"new"}  # /library/new/ is the form for a new document


def free_document_slug(title: str, *, other_than=None) -> str:
    """An unused address for a document of this title ("document" when it gives none)."""
    base = slugify(title)[:190]
    base = base if base and base not in RESERVED_SLUGS else "document"
    others = Document.objects.all()
    if other_than is not None and other_than.pk is not None:
        others = others.exclude(pk=other_than.pk)
    return free_slug(others, base, reserved=RESERVED_SLUGS)


def _limited_choices(field, rows, current, label):
    """A select of the newest ``rows`` (and the current value), not thousands."""
    rows = list(rows)
    if current is not None and current not in rows:
        rows.insert(0, current)
    field.widget.choices = [("", field.empty_label)] + [
        (getattr(row, field.to_field_name or "pk"), label(row)) for row in rows
    ]


class LinesField(forms.CharField):
    """A list of short strings edited one per line (authors)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return [line.strip()[:200] for line in (value or "").splitlines() if line.strip()]


class PairingChecks:
    """A document form's checks of the pair: the same rules as ``validate_pairing``,
    on the fields; a counterpart taken by another document is fine (pairing unlinks it).
    Used by the site's form and the admin's."""

    def clean(self):
        cleaned = super().clean()
        document = Document(pk=self.instance.pk, language=cleaned.get("language"))
        try:
            validate_pairing(
                document=document,
                counterpart=cleaned.get("other_language_version"),
                translation_plan=cleaned.get("translation_plan"),
                translation_due=cleaned.get("translation_due"),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)
        return cleaned

    def validate_unique(self):
        """A counterpart taken by another document is fine: pairing unlinks that one."""
        exclude = self._get_validation_exclusions()
        exclude.add("other_language_version")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class DocumentEditForm(PairingChecks, forms.ModelForm):
    authors = LinesField(label=capfirst(_("authors")), required=False, help_text=_("One per line."))
    themes = forms.ModelMultipleChoiceField(
        label=capfirst(_("thematic areas")),
        queryset=ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publishing_organizations = forms.ModelMultipleChoiceField(
        label=capfirst(_("publishing organizations")),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_language_version = forms.ModelChoiceField(
        label=capfirst(_("other-language version")),
        queryset=Document.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("None yet"),
        help_text=_("The same document in the other language: both are linked, each to the other."),
    )
    related_event = forms.ModelChoiceField(
        label=capfirst(_("related event")),
        queryset=Event.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("None"),
    )
    scheduled_for = forms.DateTimeField(
        label=capfirst(_("publish at")),
        required=False,
        input_formats=[LOCAL_INPUT, "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
        ),
        help_text=_(
            "For “Schedule”: the date and time (Toronto time) it becomes visible. "
            "Until then only the steering committee sees it."
        ),
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "subtitle",
            "slug",
            "document_type",
            "summary",
            "body",
            "file",
            "authors",
            "publishing_organizations",
            "publication_date",
            "date_precision",
            "language",
            "themes",
            "keywords",
            "other_language_version",
            "translation_plan",
            "translation_due",
            "visibility",
            "listed_publicly",
            "related_event",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
            "publication_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "translation_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "slug": _(
                "The last part of its address: /library/this-part/. Left empty, it is made "
                "from the title. A changed slug keeps the old address working."
            ),
            "keywords": _("Separated by commas."),
        }

    def __init__(self, *args, user, action=Action.SAVE, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)
        self.action = action
        instance = self.instance if self.instance.pk else None
        visible = Document.objects.visible_to(user)
        self.fields["slug"].required = False
        counterpart = self.fields["other_language_version"]
        counterpart.queryset = visible.exclude(pk=getattr(instance, "pk", None))
        current = instance.other_language_version if instance else None
        _limited_choices(
            counterpart,
            counterpart.queryset.only("title", "slug", "language", "publication_date").order_by(
                "-publication_date", "-id"
            )[:CHOICE_LIMIT],
            current,
            lambda d: f"{d.title} ({d.get_language_display()}, {d.year})",
        )
        event = self.fields["related_event"]
        event.queryset = Event.objects.visible_to(user)
        _limited_choices(
            event,
            event.queryset.only("title", "slug", "starts_at").order_by("-starts_at")[:CHOICE_LIMIT],
            instance.related_event if instance and instance.related_event_id else None,
            lambda e: f"{e.title} ({date_format(timezone.localtime(e.starts_at), 'j F Y')})",
        )
        if instance is not None and instance.is_scheduled and not self.is_bound:
            self.initial["scheduled_for"] = timezone.localtime(instance.published_at)

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                _("“%(slug)s” is the address of a page of the library: choose another.")
                % {"slug": slug},
                code="reserved",
            )
        if slug:
            return slug
        return free_document_slug(self.cleaned_data.get("title") or "", other_than=self.instance)

    def clean_scheduled_for(self):
        when = self.cleaned_data.get("scheduled_for")
        if self.action != Action.SCHEDULE:
            return when
        if when is None:
            raise ValidationError(
                _("Give the date and time it should become visible."), code="required"
            )
        if when <= timezone.now():
            raise ValidationError(
                _("This time has passed: choose a time to come, or use “Publish now”."),
                code="past",
            )
        return when

    def error_links(self) -> list[dict]:
        """The error summary's entries: each field's label, first message and anchor."""
        links = []
        for name, errors in self.errors.items():
            if name == "__all__":
                links.extend({"anchor": "", "label": "", "message": e} for e in errors)
                continue
            field = self[name]
            anchor = field.id_for_label or f"{field.auto_id}_0"
            links.append({"anchor": anchor, "label": field.label, "message": errors[0]})
        return links
