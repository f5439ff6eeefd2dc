from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import ThematicArea
from members.models import (
    Availability,
    DeployableArea,
    Language,
    Member,
    MembershipApplication,
    Organization,
    Province,
    RosterPurpose,
    RosterReferral,
    User,
)


class JoinForm(forms.ModelForm):
    """The application to join; ``homepage`` is a trap only robots fill in."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to it."),
        required=True,
        error_messages={"required": _("Please agree to the privacy notice to apply.")},
    )

    class Meta:
        model = MembershipApplication
        fields = ["name", "email", "organization", "organization_name", "motivation", "expertise"]
        widgets = {
            "expertise": forms.CheckboxSelectMultiple,
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organization_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        help_texts = {
            "motivation": _("Your work on peace operations and what you hope to bring."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(None).listed()
        self.fields["organization"].empty_label = _("None, or not in the list")
        self.fields["expertise"].queryset = ThematicArea.objects.all()
        self.fields["expertise"].label_from_instance = lambda theme: theme.label

    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this address already exists. Log in, or use "
                    "“Forgot your password?” on the login page."
                ),
                code="has_account",
            )
        if MembershipApplication.objects.pending().filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An application from this address is already being reviewed. "
                    "The steering committee will write to you; there is no need to apply again."
                ),
                code="pending",
            )
        return email


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Note (kept on record, not sent)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProfileForm(forms.ModelForm):
    """A member's own profile and opt-ins."""

    languages = forms.TypedMultipleChoiceField(
        label=_("Languages spoken"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deployable_areas = forms.TypedMultipleChoiceField(
        label=_("Areas of deployable expertise"),
        choices=DeployableArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Shown on the expert roster if you join it."),
    )

    class Meta:
        model = Member
        fields = [
            "display_name",
            "title",
            "organization",
            "city",
            "province",
            "bio",
            "expertise",
            "languages",
            "other_languages",
            "directory_opt_in",
            "show_email",
            "roster_opt_in",
            "deployable_areas",
            "availability",
        ]
        widgets = {
            "expertise": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(None)
        self.fields["organization"].empty_label = _("None (individual member)")
        self.fields["expertise"].queryset = ThematicArea.objects.all()
        self.fields["expertise"].label_from_instance = lambda theme: theme.label


class LanguageForm(forms.ModelForm):
    """A person's language, kept on their account (``User``), edited beside their profile.

    A form sent without it (an older page, a script) leaves the language as it was.
    """

    class Meta:
        model = User
        fields = ["language"]
        labels = {"language": _("My language")}
        help_texts = {
            "language": _(
                "The portal writes its emails to you in this language, and opens in it "
                "when you log in."
            )
        }
        widgets = {"language": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language


def _choices(blank_label, choices):
    return [("", blank_label), *choices]


class DirectoryFilterForm(forms.Form):
    """Search and filters of the directory; invalid values are simply not applied."""

    q = forms.CharField(label=_("Name or organization"), required=False, max_length=100)
    theme = forms.ModelChoiceField(
        label=_("Expertise"),
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any theme"),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=_choices(_("Any language"), Language.choices)
    )
    province = forms.ChoiceField(
        label=_("Province or territory"),
        required=False,
        choices=_choices(_("Anywhere"), Province.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].label_from_instance = lambda theme: theme.label

    def filter(self, members):
        if not self.is_bound:
            return members
        self.is_valid()
        data = self.cleaned_data
        members = members.search(data.get("q"))
        if data.get("theme"):
            members = members.with_expertise_in(data["theme"])
        if data.get("language"):
            members = members.speaking(data["language"])
        if data.get("province"):
            members = members.filter(province=data["province"])
        return members


class RosterFilterForm(forms.Form):
    """The roster's filters; the purpose narrows it to those who agreed to that purpose."""

    purpose = forms.ChoiceField(
        label=_("May be contacted for"),
        required=False,
        choices=_choices(_("Any purpose they agreed to"), RosterPurpose.choices),
    )
    area = forms.ChoiceField(
        label=_("Deployable expertise"),
        required=False,
        choices=_choices(_("Any area"), DeployableArea.choices),
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        required=False,
        choices=_choices(_("Any availability"), Availability.choices),
    )

    def filter(self, members):
        if not self.is_bound:
            return members
        self.is_valid()
        data = self.cleaned_data
        if data.get("purpose"):
            members = members.consenting(data["purpose"])
        if data.get("area"):
            members = members.deployable_in(data["area"])
        if data.get("availability"):
            members = members.filter(availability=data["availability"])
        return members


class RosterConsentForm(forms.Form):
    """What an expert on the roster may be contacted for, one choice per purpose."""

    purposes = forms.TypedMultipleChoiceField(
        label=_("Through the roster, the steering committee may refer me for"),
        choices=RosterPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only experts who agreed to a purpose are shown when members look for it. "
            "Untick a purpose to withdraw your consent: it takes effect at once."
        ),
    )


class RosterReferralForm(forms.ModelForm):
    """A referral of one expert, for a purpose the expert agreed to."""

    purpose = forms.ChoiceField(label=_("Purpose"))

    class Meta:
        model = RosterReferral
        fields = ["purpose", "referred_to", "note"]
        labels = {"referred_to": _("Referred to")}
        help_texts = {"note": _("The expert sees this referral, note included, on their profile.")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, purposes, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(RosterPurpose.choices)
        self.fields["purpose"].choices = [(p, labels[p]) for p in purposes]
        self.fields["purpose"].error_messages["invalid_choice"] = _(
            "This expert has not agreed to be contacted for this purpose."
        )
