"""What a roster expert agreed to be contacted for, and the referrals made of them.

A consent is one row per expert and purpose, kept while it stands: withdrawing it
deletes the row, so no read can miss a withdrawal. A referral is a record of the
steering committee putting someone in touch with an expert, seen by that expert.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from powg.roles import is_member, is_steering


class RosterPurpose(models.TextChoices):
    MEDIA = "media", _("Media requests")
    GOVERNMENT = "government", _("Government consultations")
    DEPLOYMENT = "deployment", _("UN or NGO deployment referrals")


class RosterConsent(models.Model):
    """An expert's standing agreement to be contacted for one purpose."""

    Purpose = RosterPurpose

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="roster_consents",
        verbose_name=_("member"),
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=RosterPurpose.choices)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("roster consent")
        verbose_name_plural = _("roster consents")
        ordering = ["purpose"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "purpose"], name="roster_consent_one_per_purpose"
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.get_purpose_display()}"


class RosterReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The steering committee sees every referral; an expert sees those made of them."""
        if is_steering(user):
            return self.all()
        if is_member(user):
            return self.filter(member__user=user)
        return self.none()

    def for_listing(self):
        return self.select_related("member", "recorded_by").order_by("-recorded_at", "-pk")


class RosterReferral(models.Model):
    """The steering committee referred an expert from the roster to someone, for a purpose."""

    Purpose = RosterPurpose

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="roster_referrals",
        verbose_name=_("expert"),
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=RosterPurpose.choices)
    referred_to = models.CharField(
        _("referred to"),
        max_length=300,
        help_text=_("The organization or person who will contact the expert."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RosterReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster referral")
        verbose_name_plural = _("roster referrals")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.member} → {self.referred_to}"
