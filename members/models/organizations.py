"""Organizations: member organizations, the administrative home, partners."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models.choices import OrganizationKind, OrganizationMembership
from members.models.querysets import OrganizationQuerySet
from members.validators import validate_logo
from powg.bilingual import LocalizedField


class Organization(models.Model):
    """An organization: member organizations, the administrative home, partners."""

    Kind = OrganizationKind

    Membership = OrganizationMembership

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(_("province or territory"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    membership = models.CharField(
        _("membership"), max_length=20, choices=Membership.choices, default=Membership.NONE
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="organizations/logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG, GIF or WebP, at most 1 MB. SVG files are not accepted."),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    # In the request's language, else the other one, knowing which (powg.bilingual).
    localized_description = LocalizedField("description")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("members:organization-detail", kwargs={"slug": self.slug})

    def get_logo_url(self):
        return reverse("members:organization-logo", kwargs={"slug": self.slug})
