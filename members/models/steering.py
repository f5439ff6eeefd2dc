"""Seats on the steering committee: whoever holds a current term has its rights."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.choices import SteeringRole
from members.models.organizations import Organization
from members.models.profiles import Member
from members.models.querysets import SteeringCommitteeTermQuerySet


class SteeringCommitteeTerm(models.Model):
    """A seat on the steering committee; whoever holds a current one has its rights."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="steering_terms",
        verbose_name=_("member"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steering_terms",
        verbose_name=_("organization represented"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=SteeringRole.choices, default=SteeringRole.MEMBER
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Leave empty for an open-ended term.")
    )

    objects = SteeringCommitteeTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("steering committee term")
        verbose_name_plural = _("steering committee terms")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="steering_term_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.member} ({self.get_role_display()}, {self.starts_on:%Y})"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A term cannot end before it starts.")})

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)
