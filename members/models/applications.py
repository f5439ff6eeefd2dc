"""Applications to join, reviewed by the steering committee."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.accounts import User
from members.models.choices import ApplicationStatus
from members.models.organizations import Organization
from members.models.profiles import Member
from members.models.querysets import MembershipApplicationQuerySet


class MembershipApplication(models.Model):
    """Someone asking to join; the steering committee approves or declines it."""

    Status = ApplicationStatus

    name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email address"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("organization"),
    )
    organization_name = models.CharField(
        _("other organization"),
        max_length=200,
        blank=True,
        help_text=_("If your organization is not in the list, write its name here."),
    )
    motivation = models.TextField(_("why you wish to join"), max_length=4000)
    expertise = models.ManyToManyField(
        "documents.ThematicArea",
        related_name="membership_applications",
        blank=True,
        verbose_name=_("themes of expertise"),
    )
    consent = models.BooleanField(_("consent to the privacy notice"), default=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_applications",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    member = models.OneToOneField(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("member created"),
    )

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at"]
        constraints = [
            # One pending application per address, whatever its case.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(status="pending"),
                name="one_pending_application_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def organization_label(self):
        if self.organization_id:
            return str(self.organization)
        return self.organization_name
