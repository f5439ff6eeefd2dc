"""factory_boy factories for every model; tests build their data with these, never fixtures."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from documents.models import ThematicArea
from events.models import Event, EventStatus
from members.models import Member, Organization, RosterConsent, RosterPurpose, User
from powg.roles import MEMBERS_GROUP, STEERING_GROUP
from powg.visibility import Visibility

PASSWORD = "correct-horse-battery"
# Every account made here that must have a second factor (steering, staff) gets an
# authenticator app with this secret; ``totp_code()`` answers it like the app would.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET, at=None):
    """The authenticator app's current code for ``secret`` (or at Unix time ``at``)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time() if at is None else at) // 30
    return format_hotp_value(hotp_value(secret, counter))


def add_totp(user, secret=TOTP_SECRET):
    """Give ``user`` an authenticator app (TOTP) with ``secret``."""
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, secret).instance


class UserFactory(factory.django.DjangoModelFactory):
    """A login account with a verified email; ``groups=[...]`` names its role groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Steering and staff accounts must have MFA (powg.mfa); ``totp=False``: one without."""
        from powg.mfa import mfa_required
        from powg.roles import forget_roles

        if create and (extracted if extracted is not None else mfa_required(self)):
            add_totp(self)
        forget_roles(self)  # the check must not leave group names cached on the object


def _ensure_totp(user):
    """An account that became one that must have MFA (a term, a role) gets the known TOTP."""
    from allauth.mfa.models import Authenticator

    from powg.mfa import mfa_required
    from powg.roles import forget_roles

    forget_roles(user)
    if mfa_required(user) and not Authenticator.objects.filter(user=user).exists():
        add_totp(user)
    forget_roles(user)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    membership = Organization.Membership.MEMBER


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, groups=[MEMBERS_GROUP])
    display_name = factory.LazyAttribute(lambda m: m.user.name)

    @factory.post_generation
    def consents(self, create, extracted, **kwargs):
        """Roster consents: ``consents=["media"]``; an expert on the roster given none
        agreed to every purpose, as one had to before purposes were asked."""
        if not create:
            return
        purposes = extracted
        if purposes is None:
            purposes = list(RosterPurpose) if self.roster_opt_in else []
        RosterConsent.objects.bulk_create(
            [RosterConsent(member=self, purpose=purpose) for purpose in purposes]
        )


def member_user(**kwargs):
    """A user in the Members group, with a profile."""
    return MemberFactory(user__groups=[MEMBERS_GROUP], **kwargs).user


def steering_user(**kwargs):
    """A user in the Steering Committee group (and Members), with a profile."""
    return MemberFactory(user__groups=[MEMBERS_GROUP, STEERING_GROUP], **kwargs).user


def admin_account(**kwargs):
    return MemberFactory(user__is_superuser=True, user__is_staff=True, **kwargs).user


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea

    name = factory.Sequence(lambda n: f"Theme {n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.LazyAttribute(lambda t: slugify(t.name))
    description = "A thematic area."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Roundtable {n}")
    slug = factory.LazyAttribute(lambda e: slugify(e.title))
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=3))
    visibility = Visibility.PUBLIC
    status = EventStatus.PUBLISHED


# --- documents (library) ---------------------------------------------------------------
from documents.models import Document, DocumentType  # noqa: E402
from powg.visibility import Status  # noqa: E402


class DocumentFactory(factory.django.DjangoModelFactory):
    """A public, published English report; ``themes=[...]`` / ``keywords=[...]`` tag it."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Report on peace operations {n}")
    slug = factory.LazyAttribute(lambda d: slugify(d.title)[:200])
    document_type = DocumentType.REPORT
    summary = "A summary of the group's findings."
    body = "## Findings\n\nThe working group found that missions need civilian experts."
    publication_date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(n))
    language = "en"
    visibility = Visibility.PUBLIC
    status = Status.PUBLISHED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def keywords(self, create, extracted, **kwargs):
        if create and extracted:
            self.keywords.set(extracted)

    @factory.post_generation
    def publishing_organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.publishing_organizations.set(extracted)

    @factory.post_generation
    def refresh_search(self, create, extracted, **kwargs):
        if create:
            from documents.search_vectors import refresh_search_vectors

            refresh_search_vectors([self.pk])  # keywords are tagged after the first save


# --- events ---------------------------------------------------------------------------


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.EventSeries"

    title = factory.Sequence(lambda n: f"Webinar series {n}")
    slug = factory.LazyAttribute(lambda s: slugify(s.title))
    start_year = 2020


class EventQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.EventQuestion"

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"What should peace operations do about question {n}?")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.AgendaItem"

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(lambda n: n)
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(10, 30)
    title = factory.Sequence(lambda n: f"Session {n}")
    speakers = "A. Speaker, B. Speaker"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Participant"

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name")
    affiliation = factory.Sequence(lambda n: f"Institute {n}")
    role = "panelist"
    attribution = "named"
    order = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory)
    # An unusable password, not hashed: a real hash costs ~0.4 s per registration.
    user = factory.SubFactory(
        UserFactory, groups=[MEMBERS_GROUP], password=factory.Transformer.Force("!")
    )
    status = "registered"


# --- members ---------------------------------------------------------------------------
from members.models import MembershipApplication, SteeringCommitteeTerm  # noqa: E402


def listed_member(**kwargs):
    """An active member who opted into the directory."""
    kwargs.setdefault("directory_opt_in", True)
    return MemberFactory(**kwargs)


class SteeringCommitteeTermFactory(factory.django.DjangoModelFactory):
    """A current open-ended term, saved as the site saves one: the member joins the group."""

    class Meta:
        model = SteeringCommitteeTerm

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from members.services import save_term

        term = model_class(*args, **kwargs)
        save_term(term=term)
        _ensure_totp(term.member.user)  # now on the committee: MFA is required
        return term

    member = factory.SubFactory(MemberFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "member"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = None


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    motivation = "I work on peace operations."
    consent = True
