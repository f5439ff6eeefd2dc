"""Profiles, terms and applications: who sees what, validation, rendering."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone
from PIL import Image

from members.models import Member, MembershipApplication, Organization, SteeringCommitteeTerm
from members.validators import validate_logo
from tests import factories

pytestmark = pytest.mark.django_db


def png_bytes(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_members_are_hidden_from_the_public():
    factories.listed_member()
    assert list(Member.objects.visible_to(None)) == []


def test_members_see_opted_in_active_members_and_themselves(member):
    listed = factories.listed_member()
    on_roster = factories.MemberFactory(roster_opt_in=True)
    hidden = factories.MemberFactory()
    lapsed = factories.listed_member(status=Member.Status.LAPSED)
    visible = set(Member.objects.visible_to(member))
    assert {listed, on_roster, member.member} <= visible
    assert hidden not in visible
    assert lapsed not in visible


def test_steering_committee_respects_opt_outs_but_admins_see_everyone(steering, admin):
    hidden = factories.MemberFactory()
    assert hidden not in Member.objects.visible_to(steering)
    assert hidden in Member.objects.visible_to(admin)


def test_logged_in_user_without_membership_sees_no_one():
    outsider = factories.UserFactory()
    factories.listed_member()
    assert not Member.objects.visible_to(outsider).exists()


def test_email_is_shown_only_when_the_member_opted_in():
    shy = factories.MemberFactory(show_email=False)
    open_ = factories.MemberFactory(show_email=True)
    assert shy.shown_email == ""
    assert open_.shown_email == open_.user.email


def test_bio_is_rendered_and_sanitized():
    member = factories.MemberFactory(bio="**Bold** <script>alert(1)</script>")
    assert "<strong>Bold</strong>" in member.bio_html
    assert "<script>" not in member.bio_html


def test_languages_display():
    member = factories.MemberFactory(languages=["fr", "en"], other_languages="Wolof")
    assert member.get_languages_display() == "French, English, Wolof"


def test_directory_search_and_filters():
    theme = factories.ThematicAreaFactory()
    org = factories.OrganizationFactory(name="Group of 78", acronym="G78")
    ada = factories.listed_member(display_name="Ada Lovelace", organization=org)
    ada.expertise.add(theme)
    bob = factories.listed_member(display_name="Bob Ng", languages=["fr"], province="QC")
    qs = Member.objects.in_directory()
    assert list(qs.search("lovelace")) == [ada]
    assert list(qs.search("group of")) == [ada]
    assert list(qs.search("g78")) == [ada]
    assert list(qs.with_expertise_in(theme)) == [ada]
    assert list(qs.speaking("fr")) == [bob]
    assert list(qs.search("")) == list(qs)


def test_roster_filters():
    expert = factories.MemberFactory(roster_opt_in=True, deployable_areas=["policing", "gender"])
    factories.MemberFactory(roster_opt_in=False, deployable_areas=["policing"])
    assert list(Member.objects.on_roster().deployable_in("policing")) == [expert]
    assert list(Member.objects.on_roster().deployable_in("elections")) == []


def test_current_and_past_terms():
    today = timezone.localdate()
    current = factories.SteeringCommitteeTermFactory()
    ending_today = factories.SteeringCommitteeTermFactory(ends_on=today)
    past = factories.SteeringCommitteeTermFactory(
        starts_on=today - datetime.timedelta(days=800), ends_on=today - datetime.timedelta(days=1)
    )
    future = factories.SteeringCommitteeTermFactory(starts_on=today + datetime.timedelta(days=5))
    assert set(SteeringCommitteeTerm.objects.current()) == {current, ending_today}
    assert list(SteeringCommitteeTerm.objects.past()) == [past]
    assert future.is_current() is False


def test_terms_listed_chair_first():
    member_term = factories.SteeringCommitteeTermFactory(role="member")
    chair = factories.SteeringCommitteeTermFactory(role="chair")
    ordered = list(SteeringCommitteeTerm.objects.current().by_role())
    assert ordered == [chair, member_term]


def test_term_cannot_end_before_it_starts():
    term = factories.SteeringCommitteeTermFactory.build(
        member=factories.MemberFactory(),
        organization=None,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError):
        term.full_clean()


def test_one_pending_application_per_email_whatever_the_case():
    factories.MembershipApplicationFactory(email="same@example.org")
    with pytest.raises(IntegrityError):
        factories.MembershipApplicationFactory(email="SAME@example.org")


def test_a_new_application_is_allowed_after_a_decline():
    factories.MembershipApplicationFactory(
        email="again@example.org", status=MembershipApplication.Status.DECLINED
    )
    factories.MembershipApplicationFactory(email="again@example.org")


def test_applications_visible_to_steering_only(member, steering, admin):
    application = factories.MembershipApplicationFactory()
    assert not MembershipApplication.objects.visible_to(None).exists()
    assert not MembershipApplication.objects.visible_to(member).exists()
    assert list(MembershipApplication.objects.visible_to(steering)) == [application]
    assert list(MembershipApplication.objects.visible_to(admin)) == [application]


def test_organizations_are_public_and_listed_by_membership():
    listed = factories.OrganizationFactory()
    unlisted = factories.OrganizationFactory(membership=Organization.Membership.NONE)
    assert set(Organization.objects.visible_to(None)) == {listed, unlisted}
    assert list(Organization.objects.visible_to(None).listed()) == [listed]


class TestLogoValidation:
    def test_accepts_a_png(self):
        assert validate_logo(SimpleUploadedFile("logo.png", png_bytes())) == "PNG"

    def test_refuses_svg(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        with pytest.raises(ValidationError) as error:
            validate_logo(SimpleUploadedFile("logo.svg", svg, "image/svg+xml"))
        assert error.value.code == "not_an_image"

    def test_refuses_a_renamed_text_file(self):
        with pytest.raises(ValidationError):
            validate_logo(SimpleUploadedFile("logo.png", b"not an image", "image/png"))

    def test_refuses_a_large_file(self, settings):
        settings.ORGANIZATION_LOGO_MAX_BYTES = 20
        with pytest.raises(ValidationError) as error:
            validate_logo(SimpleUploadedFile("logo.png", png_bytes()))
        assert error.value.code == "too_large"

    def test_refuses_other_image_formats(self):
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, "BMP")
        with pytest.raises(ValidationError) as error:
            validate_logo(SimpleUploadedFile("logo.bmp", buffer.getvalue()))
        assert error.value.code == "bad_format"

    def test_model_validation_uses_it(self):
        org = factories.OrganizationFactory()
        org.logo = SimpleUploadedFile("logo.png", b"<svg></svg>")
        with pytest.raises(ValidationError) as error:
            org.full_clean()
        assert "logo" in error.value.message_dict
