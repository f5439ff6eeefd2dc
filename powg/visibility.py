"""Who may see what: the one gate every page, feed, count and export goes through.

``Document.objects.visible_to(user)`` (and the same on every content model) is the only
way a queryset reaches a page. Rules:

- the public sees public items; members also see members-only items; the steering
  committee (and admins) see everything, drafts included;
- drafts are seen only by the steering committee;
- archived (and, for events, cancelled) items stay readable at their address;
- an item published for a later time (``published_at`` in the future) is seen only by
  the steering committee until that time: the rule is here, so it holds for every list,
  search, feed and sitemap at once, with no job needed to flip it.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
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
        return (
            self.filter(visibility__in=visibilities_for(user))
            .exclude(status=Status.DRAFT)
            .filter(Q(published_at__isnull=True) | Q(published_at__lte=timezone.now()))
        )

    def scheduled(self):
        """Published for a time still to come."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

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
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "When it became, or becomes, visible. A time to come schedules it: only the "
            "steering committee sees it before then."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Whatever publishes it (the site, the admin, an import) dates it, for digests
        # and harvesters; a time already set (a schedule) is kept.
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_public(self) -> bool:
        return (
            self.visibility == Visibility.PUBLIC
            and self.status != Status.DRAFT
            and not self.is_scheduled
        )
