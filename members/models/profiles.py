"""A member's profile: who they are, what they know, whom they let find them."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from members.models.accounts import User
from members.models.choices import (
    Availability,
    DeployableArea,
    Language,
    MemberStatus,
    Province,
)
from members.models.organizations import Organization
from members.models.querysets import MemberQuerySet
from powg.markdown import render_markdown


class Member(models.Model):
    """A member's profile, one per user account."""

    Status = MemberStatus

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="member", verbose_name=_("user")
    )
    display_name = models.CharField(_("display name"), max_length=150)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organization"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    member_since = models.DateField(_("member since"), default=timezone.localdate)
    bio = models.TextField(
        _("short biography"),
        blank=True,
        max_length=4000,
        help_text=_(
            "A few lines about your work. Markdown is allowed: *italics*, **bold**, links."
        ),
    )
    expertise = models.ManyToManyField(
        "documents.ThematicArea",
        related_name="experts",
        blank=True,
        verbose_name=_("expertise"),
    )
    languages = ArrayField(
        models.CharField(max_length=2, choices=Language.choices),
        default=list,
        blank=True,
        verbose_name=_("languages spoken"),
    )
    other_languages = models.CharField(_("other languages"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province.choices, blank=True
    )
    directory_opt_in = models.BooleanField(
        _("listed in the members' directory"),
        default=False,
        help_text=_("Other members can find you in the directory and see your profile."),
    )
    show_email = models.BooleanField(
        _("show my email address to members"),
        default=False,
        help_text=_("Without this, no other member sees your email address."),
    )
    roster_opt_in = models.BooleanField(
        _("on the expert roster"),
        default=False,
        help_text=_("Members looking for civilian experts to deploy can find you in the roster."),
    )
    deployable_areas = ArrayField(
        models.CharField(max_length=20, choices=DeployableArea.choices),
        default=list,
        blank=True,
        verbose_name=_("areas of deployable expertise"),
    )
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability.choices,
        default=Availability.UNAVAILABLE,
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("members:member-detail", kwargs={"pk": self.pk})

    @cached_property
    def bio_html(self):
        return render_markdown(self.bio)

    @property
    def shown_email(self):
        """The address other members may see: empty unless the member opted in."""
        return self.user.email if self.show_email else ""

    def get_languages_display(self):
        labels = dict(Language.choices)
        names = [str(labels.get(code, code)) for code in self.languages]
        if self.other_languages:
            names.append(self.other_languages)
        return ", ".join(names)

    def get_deployable_areas_display(self):
        labels = dict(DeployableArea.choices)
        return [str(labels.get(code, code)) for code in self.deployable_areas]
