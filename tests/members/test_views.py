"""Every members page for every role: allowed side, denied side, bad input, query counts."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member, MembershipApplication, User
from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/about/steering-committee/", "/organizations/", "/join/", "/join/thanks/"]
MEMBER_PAGES = ["/members/", "/members/roster/", "/members/me/"]


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/fr" + u for u in PUBLIC_PAGES])
def test_public_pages_for_each_role(url, role_user, client_as):
    role, user = role_user
    response = client_as(user).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_members_pages_send_the_public_to_login(url, client):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", MEMBER_PAGES + ["/members/applications/"])
def test_members_pages_refuse_a_user_who_is_not_a_member(url, client_as):
    outsider = factories.UserFactory()
    assert client_as(outsider).get(url).status_code == 403


@pytest.mark.parametrize("url", MEMBER_PAGES + ["/fr" + u for u in MEMBER_PAGES])
@pytest.mark.parametrize("who", ["member", "steering", "admin"])
def test_members_pages_for_members(url, who, request, client_as):
    user = request.getfixturevalue(who)
    response = client_as(user).get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_applications_page_by_role(client_as, member, steering, admin):
    factories.MembershipApplicationFactory(name="Pending Person")
    assert client_as(None).get("/members/applications/").status_code == 302
    assert client_as(member).get("/members/applications/").status_code == 403
    for user in (steering, admin):
        response = client_as(user).get("/members/applications/")
        assert response.status_code == 200
        assert "Pending Person" in response.content.decode()


# --- organizations and the steering committee -------------------------------------------


def test_organization_list_groups_and_hides_unlisted(client):
    factories.OrganizationFactory(name="Listed Org", membership="member")
    factories.OrganizationFactory(name="Home Org", membership="home")
    factories.OrganizationFactory(name="Unlisted Org", membership="none")
    html = client.get("/organizations/").content.decode()
    assert "Listed Org" in html and "Home Org" in html
    assert "Unlisted Org" not in html
    assert '<h2 id="group-1">Administrative home</h2>' in html
    assert '<h2 id="group-2">Member organizations</h2>' in html


def test_organization_detail_and_404(client_as, member):
    org = factories.OrganizationFactory(name="CANADEM", description="A civilian roster.")
    person = factories.listed_member(organization=org, display_name="Listed Person")
    factories.MemberFactory(organization=org, display_name="Hidden Person")
    factories.SteeringCommitteeTermFactory(organization=org, member=person, role="chair")
    public = client_as(None).get(org.get_absolute_url()).content.decode()
    assert "A civilian roster." in public
    assert "Listed Person" in public  # steering committee seats are public
    assert "Members from this organization" not in public
    html = client_as(member).get(org.get_absolute_url()).content.decode()
    assert "Members from this organization" in html
    assert "Hidden Person" not in html
    assert client_as(None).get("/organizations/no-such-org/").status_code == 404


def test_organization_logo_is_served_and_missing_logo_is_404(client, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.members.test_models import png_bytes

    settings.MEDIA_ROOT = tmp_path
    org = factories.OrganizationFactory()
    assert client.get(org.get_logo_url()).status_code == 404
    org.logo = SimpleUploadedFile("logo.png", png_bytes())
    org.save()
    response = client.get(org.get_logo_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    html = client.get("/organizations/").content.decode()
    assert org.get_logo_url() in html


def test_steering_committee_page_current_and_past(client):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    chair = factories.SteeringCommitteeTermFactory(
        role="chair", member__display_name="Current Chair"
    )
    factories.SteeringCommitteeTermFactory(
        member__display_name="Former Member",
        starts_on=today - datetime.timedelta(days=900),
        ends_on=today - datetime.timedelta(days=100),
    )
    html = client.get("/about/steering-committee/").content.decode()
    current, past = html.split("Past terms", 1)
    assert "Current Chair" in current and "Chair" in current
    assert chair.organization.name in current
    assert "Former Member" in past and "<details" in past


def test_about_page_links_to_the_steering_committee(client):
    assert 'href="/about/steering-committee/"' in client.get("/about/").content.decode()


def test_steering_committee_page_query_count(client, django_assert_num_queries):
    def build(n):
        for _ in range(n):
            factories.SteeringCommitteeTermFactory()

    build(5)
    with CaptureQueriesContext(connection) as small:
        client.get("/about/steering-committee/")
    build(45)
    with CaptureQueriesContext(connection) as large:
        client.get("/about/steering-committee/")
    assert len(small) == len(large)


# --- joining -----------------------------------------------------------------------------


def join_data(**overrides):
    data = {
        "name": "Nadia Haddad",
        "email": "nadia@example.org",
        "organization": "",
        "organization_name": "",
        "motivation": "I train police officers for peace operations.",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


def test_join_creates_a_pending_application_and_confirms(client):
    theme = factories.ThematicAreaFactory()
    org = factories.OrganizationFactory()
    response = client.post(
        "/join/", join_data(organization=org.pk, expertise=[theme.pk], email="Nadia@Example.org")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:join-thanks")
    application = MembershipApplication.objects.get()
    assert application.email == "nadia@example.org"
    assert application.status == MembershipApplication.Status.PENDING
    assert application.consent
    assert application.organization == org
    assert list(application.expertise.all()) == [theme]
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_join_in_french_records_the_language(client):
    client.post("/fr/join/", join_data())
    assert MembershipApplication.objects.get().language == "fr"


def test_join_requires_consent_and_keeps_what_was_typed(client):
    response = client.post("/join/", join_data(consent=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please agree to the privacy notice" in html
    assert "I train police officers" in html
    assert not MembershipApplication.objects.exists()


def test_join_refuses_a_second_pending_application_politely(client):
    factories.MembershipApplicationFactory(email="nadia@example.org")
    response = client.post("/join/", join_data(email="NADIA@example.org"))
    assert response.status_code == 200
    assert "already being reviewed" in response.content.decode()
    assert MembershipApplication.objects.count() == 1


def test_join_refuses_an_address_with_an_account(client):
    factories.UserFactory(email="nadia@example.org")
    response = client.post("/join/", join_data())
    assert response.status_code == 200
    assert "An account with this address already exists" in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_join_honeypot_pretends_success_and_saves_nothing(client):
    response = client.post("/join/", join_data(homepage="http://spam.example.com"))
    assert response.status_code == 302
    assert not MembershipApplication.objects.exists()


def test_join_bad_input_is_not_a_500(client):
    response = client.post(
        "/join/", {"email": "not-an-email", "organization": "x", "expertise": ["y"]}
    )
    assert response.status_code == 200
    assert not MembershipApplication.objects.exists()


def test_join_page_has_privacy_notice_and_hidden_honeypot(client):
    html = client.get("/join/").content.decode()
    assert "Privacy notice" in html
    assert 'class="hp-field"' in html


def test_login_page_links_to_join(client):
    assert 'href="/join/"' in client.get("/accounts/login/").content.decode()


# --- directory, roster, profiles --------------------------------------------------------


def test_directory_lists_opted_in_members_only(client_as, member):
    factories.listed_member(display_name="Listed Lina")
    factories.MemberFactory(display_name="Private Paul")
    factories.listed_member(display_name="Lapsed Lou", status=Member.Status.LAPSED)
    html = client_as(member).get("/members/").content.decode()
    assert "Listed Lina" in html
    assert "Private Paul" not in html
    assert "Lapsed Lou" not in html


def test_directory_never_shows_an_email_without_opt_in(client_as, member):
    shy = factories.listed_member(show_email=False)
    open_ = factories.listed_member(show_email=True)
    html = client_as(member).get("/members/").content.decode()
    assert open_.user.email in html
    assert shy.user.email not in html
    html = client_as(member).get(shy.get_absolute_url()).content.decode()
    assert shy.user.email not in html


def test_directory_search_and_filters(client_as, member):
    theme = factories.ThematicAreaFactory(name="Women, peace and security")
    org = factories.OrganizationFactory(name="CANADEM")
    a = factories.listed_member(display_name="Alpha One", organization=org, province="QC")
    a.expertise.add(theme)
    factories.listed_member(display_name="Beta Two", languages=["fr"], province="ON")
    client = client_as(member)

    def names(query):
        return client.get("/members/" + query).content.decode()

    assert "Alpha One" in names("?q=canadem") and "Beta Two" not in names("?q=canadem")
    assert "Alpha One" in names(f"?theme={theme.slug}")
    assert "Beta Two" not in names(f"?theme={theme.slug}")
    assert "Beta Two" in names("?language=fr") and "Alpha One" not in names("?language=fr")
    assert "Alpha One" in names("?province=QC") and "Beta Two" not in names("?province=QC")
    assert "No member matches" in names("?q=nobody-at-all")


@pytest.mark.parametrize(
    "query",
    ["?theme=nope", "?language=xx", "?province=ZZ", "?page=abc", "?page=999", "?q=" + "x" * 500],
)
def test_directory_bad_filters_are_not_a_500(client_as, member, query):
    factories.listed_member()
    assert client_as(member).get("/members/" + query).status_code == 200


def test_directory_is_paginated(client_as, member):
    for i in range(30):
        factories.listed_member(display_name=f"Person {i:02d}")
    html = client_as(member).get("/members/").content.decode()
    assert "Page 1 of 2" in html
    html2 = client_as(member).get("/members/?page=2").content.decode()
    assert "Page 2 of 2" in html2


def test_roster_lists_and_filters(client_as, member):
    factories.MemberFactory(
        display_name="Police Expert",
        roster_opt_in=True,
        deployable_areas=["policing"],
        availability="now",
    )
    factories.MemberFactory(
        display_name="Election Expert",
        roster_opt_in=True,
        deployable_areas=["elections"],
        availability="quarter",
    )
    factories.MemberFactory(display_name="Not On Roster", deployable_areas=["policing"])
    client = client_as(member)
    html = client.get("/members/roster/").content.decode()
    assert "Police Expert" in html and "Election Expert" in html
    assert "Not On Roster" not in html
    html = client.get("/members/roster/?area=policing").content.decode()
    assert "Police Expert" in html and "Election Expert" not in html
    html = client.get("/members/roster/?availability=quarter").content.decode()
    assert "Election Expert" in html and "Police Expert" not in html
    assert client.get("/members/roster/?area=bogus").status_code == 200


def test_profile_page(client_as, member):
    theme = factories.ThematicAreaFactory()
    other = factories.listed_member(bio="Works on *mediation*.", show_email=False)
    other.expertise.add(theme)
    factories.SteeringCommitteeTermFactory(member=other, role="treasurer")
    html = client_as(member).get(other.get_absolute_url()).content.decode()
    assert "<em>mediation</em>" in html
    assert theme.get_absolute_url() in html
    assert "Treasurer" in html
    assert other.user.email not in html


def test_hidden_profile_is_404_for_members_and_visible_to_admins(
    client_as, member, steering, admin
):
    hidden = factories.MemberFactory()
    url = hidden.get_absolute_url()
    assert client_as(member).get(url).status_code == 404
    assert client_as(steering).get(url).status_code == 404
    assert client_as(admin).get(url).status_code == 200
    assert client_as(None).get(url).status_code == 302
    assert client_as(member).get("/members/999999/").status_code == 404


def test_own_hidden_profile_is_visible_to_oneself(client_as, member):
    response = client_as(member).get(member.member.get_absolute_url())
    assert response.status_code == 200
    assert "Only you can see this profile" in response.content.decode()


def test_my_profile_edits_and_opt_ins(client_as, member):
    theme = factories.ThematicAreaFactory()
    org = factories.OrganizationFactory()
    client = client_as(member)
    html = client.get("/members/me/").content.decode()
    assert reverse("account_change_password") in html
    assert reverse("account_email") in html
    response = client.post(
        "/members/me/",
        {
            "display_name": "Maya M.",
            "title": "Researcher",
            "organization": org.pk,
            "city": "Ottawa",
            "province": "ON",
            "bio": "Hello",
            "expertise": [theme.pk],
            "languages": ["en", "fr"],
            "other_languages": "",
            "directory_opt_in": "on",
            "show_email": "on",
            "roster_opt_in": "on",
            "deployable_areas": ["mediation"],
            "availability": "now",
        },
    )
    assert response.status_code == 302
    profile = Member.objects.get(user=member)
    assert profile.display_name == "Maya M."
    assert profile.languages == ["en", "fr"]
    assert profile.deployable_areas == ["mediation"]
    assert profile.directory_opt_in and profile.show_email and profile.roster_opt_in
    assert list(profile.expertise.all()) == [theme]


def test_my_profile_invalid_input_keeps_the_form(client_as, member):
    response = client_as(member).post(
        "/members/me/", {"display_name": "", "languages": ["xx"], "availability": "soon"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_my_profile_creates_a_missing_profile(client_as):
    user = factories.UserFactory(groups=["Members"], name="No Profile")
    assert client_as(user).get("/members/me/").status_code == 200
    assert Member.objects.get(user=user).display_name == "No Profile"


# --- reviewing applications -------------------------------------------------------------


def test_steering_approves_an_application(client_as, steering, run_jobs):
    application = factories.MembershipApplicationFactory(name="New Person")
    url = reverse("members:application-approve", args=[application.pk])
    client = client_as(steering)
    response = client.post(url, follow=True)
    assert "New Person is now a member" in response.content.decode()
    assert User.objects.filter(email=application.email).count() == 1
    run_jobs()
    assert len(mail.outbox) == 1
    response = client.post(url, follow=True)
    assert "already reviewed" in response.content.decode()
    assert User.objects.filter(email=application.email).count() == 1


def test_approve_with_an_existing_account_shows_an_error(client_as, steering):
    factories.UserFactory(email="dup@example.org")
    application = factories.MembershipApplicationFactory(email="dup@example.org")
    response = client_as(steering).post(
        reverse("members:application-approve", args=[application.pk]), follow=True
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_steering_declines_with_a_note(client_as, steering):
    application = factories.MembershipApplicationFactory(name="Some One")
    response = client_as(steering).post(
        reverse("members:application-decline", args=[application.pk]),
        {"note": "Outside our mandate"},
        follow=True,
    )
    assert "is declined" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "declined"
    assert application.note == "Outside our mandate"
    assert "Outside our mandate" in response.content.decode()


@pytest.mark.parametrize("action", ["approve", "decline"])
def test_review_actions_are_post_only_and_steering_only(action, client_as, member):
    application = factories.MembershipApplicationFactory()
    url = reverse(f"members:application-{action}", args=[application.pk])
    assert client_as(member).post(url).status_code == 403
    assert client_as(None).post(url).status_code == 302
    steering = factories.steering_user()
    assert client_as(steering).get(url).status_code == 405
    assert (
        client_as(steering).post(reverse(f"members:application-{action}", args=[99999])).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == "pending"


def test_review_actions_require_csrf(steering):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(steering)
    application = factories.MembershipApplicationFactory()
    response = client.post(reverse("members:application-approve", args=[application.pk]))
    assert response.status_code == 403
    assert not User.objects.filter(email=application.email).exists()


# --- theme experts tag -----------------------------------------------------------------


def test_theme_page_lists_experts_for_members_only(client_as, member):
    theme = factories.ThematicAreaFactory()
    expert = factories.listed_member(display_name="Theme Expert")
    expert.expertise.add(theme)
    hidden = factories.MemberFactory(display_name="Hidden Expert")
    hidden.expertise.add(theme)
    url = theme.get_absolute_url()
    assert "Theme Expert" not in client_as(None).get(url).content.decode()
    html = client_as(member).get(url).content.decode()
    assert "Theme Expert" in html
    assert "Hidden Expert" not in html


# --- fixed query counts -----------------------------------------------------------------


def _fill_directory(n, theme):
    org = factories.OrganizationFactory()
    for i in range(n):
        m = factories.listed_member(
            organization=org if i % 2 else None,
            roster_opt_in=True,
            deployable_areas=["policing"],
            languages=["en"],
            show_email=bool(i % 3),
        )
        m.expertise.add(theme)


@pytest.mark.parametrize(
    "url",
    [
        "/members/",
        "/members/?q=a&language=en",
        "/members/roster/",
        "/members/roster/?area=policing",
    ],
)
def test_directory_and_roster_query_count_does_not_grow(url, client_as, member, settings):
    settings.DEBUG = False
    theme = factories.ThematicAreaFactory()
    client = client_as(member)
    _fill_directory(5, theme)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    _fill_directory(45, theme)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(five) == len(fifty), [q["sql"] for q in fifty.captured_queries]


# session, user, role groups, count, the page's rows, their expertise (one prefetch), and
# for the directory the theme filter's choices.
@pytest.mark.parametrize(("url", "count"), [("/members/", 7), ("/members/roster/", 6)])
@pytest.mark.parametrize("rows", [5, 50])
def test_directory_and_roster_fixed_query_count(
    url, count, rows, client_as, member, django_assert_num_queries
):
    theme = factories.ThematicAreaFactory()
    _fill_directory(rows, theme)
    client = client_as(member)
    with django_assert_num_queries(count):
        client.get(url)


def test_members_pages_in_french(client_as, member):
    factories.SteeringCommitteeTermFactory(role="chair")
    html = client_as(None).get("/fr/about/steering-committee/").content.decode()
    assert "Comité directeur" in html and "Président·e" in html
    html = client_as(None).get("/fr/join/").content.decode()
    assert "Demander à adhérer" in html and "Avis de confidentialité" in html
    factories.listed_member()
    html = client_as(member).get("/fr/members/").content.decode()
    assert "Répertoire des membres" in html
    assert "1 membre" in html


@pytest.mark.parametrize(
    ("url", "current", "card_text"),
    [("/members/", "Directory", "Languages:"), ("/members/roster/", "Expert roster", "Available")],
)
def test_directory_and_roster_share_one_page(url, current, card_text, member, client_as):
    factories.listed_member(
        display_name="Shared Sam", roster_opt_in=True, availability="now", languages=["en"]
    )
    response = client_as(member).get(url)
    assert [t.name for t in response.templates][0] == "members/member_list.html"
    html = response.content.decode()
    assert f'aria-current="page">{current}</a>' in html
    assert card_text in html
