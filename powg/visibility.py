"""Who may see what: the one gate every page, feed, count and export goes through.

``Document.objects.visible_to(user)`` (and the same on every content model) is the only
way a queryset reaches a page. Rules:

- the public sees public items; members also see members-only items; the steering
  committee (and admins) see everything, drafts included;
- drafts are seen only by the steering committee;
- archived (and, for events, cancelled) items stay readable at their address.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from powg.roles import is_member, is_steering


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    STEERING = "steering", _("Steering committee only")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def visibilities_for(user) -> list[str]:
    """The visibility levels this user may read."""
    if is_steering(user):
        return [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STEERING]
    if is_member(user):
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


class VisibleQuerySet(models.QuerySet):
    """Mixin for querysets of models with ``visibility`` and ``status`` fields."""

    def visible_to(self, user):
        if is_steering(user):
            return self.all()
        return self.filter(visibility__in=visibilities_for(user)).exclude(status=Status.DRAFT)

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def listed(self, include_archived=False):
        """What listings show: no drafts, and archived items only when asked for."""
        qs = self.exclude(status=Status.DRAFT)
        if not include_archived:
            qs = qs.exclude(status=Status.ARCHIVED)
        return qs


class VisibilityModel(models.Model):
    """Abstract base giving a model the shared visibility and status fields."""

    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        db_index=True,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.status != Status.DRAFT
