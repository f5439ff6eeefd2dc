"""People and organizations: the login account, member profiles, member organizations."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from members.validators import validate_logo
from powg.markdown import render_markdown
from powg.roles import is_member, is_steering


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A login account. The email address is the login; there is no username."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("full name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log into the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split()[0] if self.name else self.email.split("@")[0]


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organizations are public: everyone sees every one."""
        return self.all()

    def listed(self):
        """Those with a tie to the group (members, home, ex officio, partners)."""
        return self.exclude(membership=Organization.Membership.NONE)

    def grouped_by_membership(self):
        """(heading, organizations) pairs: the home first, then ex officio, members, partners.

        Groups with no organization are left out; one query for them all.
        """
        organizations = list(self)
        groups = []
        for membership, heading in MEMBERSHIP_GROUPS:
            items = [o for o in organizations if o.membership == membership]
            if items:
                groups.append((heading, items))
        return groups


class Organization(models.Model):
    """An organization: member organizations, the administrative home, partners."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        UNIVERSITY = "university", _("University or institute")
        ASSOCIATION = "association", _("Association")
        NETWORK = "network", _("Network")
        GOVERNMENT = "government", _("Government")
        INTERNATIONAL = "international", _("International organization")

    class Membership(models.TextChoices):
        MEMBER = "member", _("Member organization")
        ADMINISTRATIVE_HOME = "home", _("Administrative home")
        EX_OFFICIO = "ex_officio", _("Ex officio")
        PARTNER = "partner", _("Partner")
        NONE = "none", _("None")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
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

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("members:organization-detail", kwargs={"slug": self.slug})

    def get_logo_url(self):
        return reverse("members:organization-logo", kwargs={"slug": self.slug})


MEMBERSHIP_GROUPS = [
    (Organization.Membership.ADMINISTRATIVE_HOME, _("Administrative home")),
    (Organization.Membership.EX_OFFICIO, _("Ex officio")),
    (Organization.Membership.MEMBER, _("Member organizations")),
    (Organization.Membership.PARTNER, _("Partners")),
]


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")
    OUTSIDE = "XX", _("Outside Canada")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    PORTUGUESE = "pt", _("Portuguese")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")
    SWAHILI = "sw", _("Swahili")


class DeployableArea(models.TextChoices):
    HUMAN_RIGHTS = "human_rights", _("Human rights monitoring")
    POLICING = "policing", _("Policing")
    JUSTICE = "justice", _("Corrections and justice")
    GENDER = "gender", _("Gender")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    ELECTIONS = "elections", _("Elections")
    MEDIATION = "mediation", _("Mediation")
    CIVIL_MILITARY = "civil_military", _("Civil-military coordination")


class Availability(models.TextChoices):
    NOW = "now", _("Available within two weeks")
    MONTH = "month", _("Available within a month")
    QUARTER = "quarter", _("Available within three months")
    UNAVAILABLE = "unavailable", _("Not available at present")


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The public sees no one; members see active members who opted in, and themselves.

        Admins see every profile. A member who opted into neither the directory nor the
        roster stays hidden from other members (and from the steering committee, whose
        members hold no admin rights).
        """
        if not is_member(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        shared = Q(status=Member.Status.ACTIVE) & (Q(directory_opt_in=True) | Q(roster_opt_in=True))
        return self.filter(shared | Q(user=user))

    def in_directory(self):
        return self.filter(directory_opt_in=True, status=Member.Status.ACTIVE)

    def on_roster(self):
        return self.filter(roster_opt_in=True, status=Member.Status.ACTIVE)

    def search(self, text):
        """Match the name, or the organization's name or acronym."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(display_name__icontains=text)
            | Q(organization__name__icontains=text)
            | Q(organization__acronym__iexact=text)
        )

    def with_expertise_in(self, theme):
        return self.filter(expertise=theme)

    def speaking(self, language):
        return self.filter(languages__contains=[language])

    def deployable_in(self, area):
        return self.filter(deployable_areas__contains=[area])

    def for_listing(self):
        """What a list of profiles shows, in a fixed number of queries."""
        return self.select_related("user", "organization").prefetch_related("expertise")


class Member(models.Model):
    """A member's profile, one per user account."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LAPSED = "lapsed", _("Lapsed")

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


class SteeringRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    EX_OFFICIO = "ex_officio", _("Ex officio")
    MEMBER = "member", _("Member")


ROLE_RANK = {role.value: rank for rank, role in enumerate(SteeringRole)}


class SteeringCommitteeTermQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who sits on the steering committee is public."""
        return self.all()

    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(ends_on__lt=today)

    def latest_first(self):
        return self.order_by("-starts_on")

    def latest_ended_first(self):
        """Past terms as the committee's history lists them: the latest to end first."""
        return self.order_by("-ends_on", "member__display_name")

    def by_role(self):
        """Chair first, then co-chairs, officers, ex officio and members, by name."""
        rank = Case(
            *[When(role=role, then=Value(value)) for role, value in ROLE_RANK.items()],
            output_field=IntegerField(),
        )
        return self.annotate(role_rank=rank).order_by("role_rank", "member__display_name")

    def for_listing(self):
        return self.select_related("member", "organization")


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


class MembershipApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Applications are personal data: only the steering committee reviews them."""
        if is_steering(user):
            return self.all()
        return self.none()

    def pending(self):
        return self.filter(status=MembershipApplication.Status.PENDING)

    def reviewed(self):
        return self.exclude(status=MembershipApplication.Status.PENDING)


class MembershipApplication(models.Model):
    """Someone asking to join; the steering committee approves or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

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
