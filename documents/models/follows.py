"""Follows: a member asks to hear when a recommendation's state changes.

A member follows one recommendation, one addressee (every recommendation addressed to
it) or one thematic area. The row notes the language the member was reading in when
they followed; the emails about a change go in the account's own language
(``User.language``), sent by ``documents.follows`` through background jobs.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowQuerySet(models.QuerySet):
    def of(self, user):
        """This user's follows (none for an anonymous visitor)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def visible_to(self, user):
        """Follows of items this user may see now (a document's visibility may change)."""
        from documents.models.recommendations import Recommendation

        return self.filter(
            models.Q(recommendation__isnull=True)
            | models.Q(recommendation__in=Recommendation.objects.visible_to(user).values("pk"))
        )

    def target(self, *, recommendation=None, addressee=None, theme=None):
        """Follows of exactly this one item."""
        return self.filter(recommendation=recommendation, addressee=addressee, theme=theme)

    def reaching(self, *, recommendation_ids, addressee_ids, theme_ids):
        """Follows that an update touching these items concerns, whoever made them."""
        return self.filter(
            models.Q(recommendation_id__in=recommendation_ids)
            | models.Q(addressee_id__in=addressee_ids)
            | models.Q(theme_id__in=theme_ids)
        )

    def for_listing(self):
        return self.select_related("recommendation__document", "addressee", "theme").order_by(
            "-created_at", "-id"
        )


class Follow(models.Model):
    """One member following one recommendation, addressee or thematic area."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        ADDRESSEE = "addressee", _("Addressee")
        THEME = "theme", _("Thematic area")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendation_follows",
        verbose_name=_("member"),
    )
    recommendation = models.ForeignKey(
        "documents.Recommendation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("recommendation"),
    )
    addressee = models.ForeignKey(
        "documents.Addressee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("addressee"),
    )
    theme = models.ForeignKey(
        "documents.ThematicArea",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendation_follows",
        verbose_name=_("thematic area"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        recommendation__isnull=False, addressee__isnull=True, theme__isnull=True
                    )
                    | models.Q(
                        recommendation__isnull=True, addressee__isnull=False, theme__isnull=True
                    )
                    | models.Q(
                        recommendation__isnull=True, addressee__isnull=True, theme__isnull=False
                    )
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "recommendation"],
                condition=models.Q(recommendation__isnull=False),
                name="unique_follow_recommendation",
            ),
            models.UniqueConstraint(
                fields=["user", "addressee"],
                condition=models.Q(addressee__isnull=False),
                name="unique_follow_addressee",
            ),
            models.UniqueConstraint(
                fields=["user", "theme"],
                condition=models.Q(theme__isnull=False),
                name="unique_follow_theme",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target}"

    @property
    def kind(self) -> str:
        if self.recommendation_id:
            return self.Kind.RECOMMENDATION
        if self.addressee_id:
            return self.Kind.ADDRESSEE
        return self.Kind.THEME

    @property
    def target(self):
        return self.recommendation or self.addressee or self.theme
