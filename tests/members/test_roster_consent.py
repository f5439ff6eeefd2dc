"""Roster consent by purpose: the roster lists only those who agreed, withdrawal is
immediate, referrals are recorded for the expert to see, and each page keeps to its role."""

import re
import threading

import pytest
from django.db import connection, transaction

from members import consent
from members.models import RosterConsent, RosterPurpose, RosterReferral
from tests import factories

pytestmark = pytest.mark.django_db

MEDIA, GOVERNMENT, DEPLOYMENT = (
    RosterPurpose.MEDIA,
    RosterPurpose.GOVERNMENT,
    RosterPurpose.DEPLOYMENT,
)


def expert(name, purposes, **kwargs):
    kwargs.setdefault("roster_opt_in", True)
    return factories.MemberFactory(display_name=name, consents=purposes, **kwargs)


def names(response):
    return {m.display_name for m in response.context["page_obj"].object_list}


@pytest.fixture
def experts():
    return {
        "media": expert("Mona Media", [MEDIA]),
        "gov": expert("Greg Gov", [GOVERNMENT, DEPLOYMENT]),
        "none": expert("Nina None", []),
        "off": expert("Otto Off", [MEDIA], roster_opt_in=False, directory_opt_in=True),
        "lapsed": expert("Lars Lapsed", [MEDIA], status="lapsed"),
    }


# --- the roster ------------------------------------------------------------------------


def test_roster_without_purpose_lists_those_who_agreed_to_one_with_their_purposes(
    experts, member, client_as
):
    response = client_as(member).get("/members/roster/")
    assert names(response) == {"Mona Media", "Greg Gov"}
    html = response.content.decode()
    assert "Choose what you need them for" in html
    card = html[html.index("Greg Gov") :]
    assert "Government consultations" in card and "UN or NGO deployment referrals" in card


@pytest.mark.parametrize(
    ("purpose", "expected"),
    [("media", {"Mona Media"}), ("government", {"Greg Gov"}), ("deployment", {"Greg Gov"})],
)
def test_roster_filtered_by_purpose_lists_only_those_who_agreed(
    purpose, expected, experts, member, client_as
):
    response = client_as(member).get(f"/members/roster/?purpose={purpose}")
    assert names(response) == expected
    assert "Only experts who agreed to this purpose are listed." in response.content.decode()


def test_an_unknown_purpose_is_not_applied_and_never_a_500(experts, member, client_as):
    response = client_as(member).get("/members/roster/?purpose=bogus&area=policing")
    assert response.status_code == 200
    assert names(client_as(member).get("/members/roster/?purpose=bogus")) == {
        "Mona Media",
        "Greg Gov",
    }


def test_purpose_combines_with_the_other_filters(member, client_as):
    expert("Polly Police", [MEDIA], deployable_areas=["policing"])
    expert("Eli Elections", [MEDIA], deployable_areas=["elections"])
    response = client_as(member).get("/members/roster/?purpose=media&area=policing")
    assert names(response) == {"Polly Police"}


def test_the_roster_in_french(experts, member, client_as, french_catalogue):
    html = client_as(member).get("/fr/members/roster/?purpose=media").content.decode()
    assert "Peut être contacté·e pour" in html and "Demandes des médias" in html


# --- consents on My profile ------------------------------------------------------------


def _profile_post(member, purposes, **extra):
    data = {"display_name": member.display_name, "availability": "now", "roster_opt_in": "on"}
    data["consent-purposes"] = purposes
    data.update(extra)
    return data


def test_my_profile_sets_and_withdraws_consents_at_once(member, client_as):
    client = client_as(member)
    me = member.member
    page = client.get("/members/me/").content.decode()
    assert 'name="consent-purposes"' in page
    response = client.post("/members/me/", _profile_post(me, ["media", "deployment"]))
    assert response.status_code == 302
    assert set(RosterConsent.objects.filter(member=me).values_list("purpose", flat=True)) == {
        "media",
        "deployment",
    }
    page = client.get("/members/me/").content.decode()
    assert re.search(r'value="media"[^>]* checked', page)
    assert re.search(r'value="deployment"[^>]* checked', page)
    assert not re.search(r'value="government"[^>]* checked', page)
    other = factories.member_user()
    assert me.display_name in names(client_as(other).get("/members/roster/?purpose=media"))

    # Withdrawing media: the very next roster request leaves them out for it.
    client = client_as(member)
    client.post("/members/me/", _profile_post(me, ["deployment"]))
    roster = client_as(other)
    assert me.display_name not in names(roster.get("/members/roster/?purpose=media"))
    assert me.display_name in names(roster.get("/members/roster/?purpose=deployment"))

    # Withdrawing all: off the roster altogether (still on it by their opt-in).
    client = client_as(member)
    client.post("/members/me/", _profile_post(me, []))
    assert not RosterConsent.objects.filter(member=me).exists()
    assert me.display_name not in names(client_as(other).get("/members/roster/"))


def test_a_consent_kept_keeps_the_time_it_was_given(member):
    me = member.member
    consent.set_consents(member=me, purposes=["media"])
    given = RosterConsent.objects.get(member=me, purpose="media").given_at
    consent.set_consents(member=me, purposes=["media", "government"])
    assert RosterConsent.objects.get(member=me, purpose="media").given_at == given
    assert consent.consented_purposes(me) == [MEDIA, GOVERNMENT]


def test_a_bad_consent_value_is_an_error_not_a_500_and_nothing_is_lost(member, client_as):
    me = member.member
    consent.set_consents(member=me, purposes=["media"])
    response = client_as(member).post(
        "/members/me/", _profile_post(me, ["bogus"], title="Typed title")
    )
    assert response.status_code == 200
    assert "Typed title" in response.content.decode()
    assert consent.consented_purposes(me) == [MEDIA]


# --- referrals -------------------------------------------------------------------------


def test_record_referral_records_who_to_whom_when_and_why(experts, steering):
    referral = consent.record_referral(
        member=experts["gov"], purpose=GOVERNMENT, referred_to="Global Affairs Canada", by=steering
    )
    assert referral.recorded_by == steering
    assert referral.recorded_at is not None
    assert (referral.member, referral.purpose, referral.referred_to) == (
        experts["gov"],
        "government",
        "Global Affairs Canada",
    )


@pytest.mark.parametrize(
    ("key", "purpose"),
    [("media", DEPLOYMENT), ("none", MEDIA), ("off", MEDIA), ("lapsed", MEDIA)],
)
def test_record_referral_refuses_a_purpose_not_consented_to(key, purpose, experts, steering):
    with pytest.raises(consent.ConsentError, match="has not agreed"):
        consent.record_referral(
            member=experts[key], purpose=purpose, referred_to="A newspaper", by=steering
        )
    assert not RosterReferral.objects.exists()


def test_withdrawal_refuses_the_next_referral(experts, steering):
    consent.set_consents(member=experts["media"], purposes=[])
    with pytest.raises(consent.ConsentError):
        consent.record_referral(
            member=experts["media"], purpose=MEDIA, referred_to="CBC", by=steering
        )


def test_the_referral_page_offers_only_consented_purposes(experts, steering, client_as):
    page = client_as(steering).get(f"/members/roster/{experts['gov'].pk}/refer/?purpose=deployment")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="government"' in html and 'value="deployment" selected' in html
    assert 'value="media"' not in html


def test_the_referral_page_records_and_returns_to_the_roster(experts, steering, client_as):
    client = client_as(steering)
    url = f"/members/roster/{experts['gov'].pk}/refer/"
    response = client.post(
        url, {"purpose": "government", "referred_to": "Senate committee", "note": "Hearing"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/members/roster/?purpose=government"
    referral = RosterReferral.objects.get()
    assert (referral.purpose, referral.referred_to, referral.note, referral.recorded_by) == (
        "government",
        "Senate committee",
        "Hearing",
        steering,
    )
    assert (
        "The referral of Greg Gov is recorded" in client.get(response["Location"]).content.decode()
    )


def test_the_same_referral_sent_twice_is_recorded_once(experts, steering, client_as):
    client = client_as(steering)
    url = f"/members/roster/{experts['gov'].pk}/refer/"
    data = {"purpose": "government", "referred_to": "Senate committee", "note": ""}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert RosterReferral.objects.count() == 1
    client.post(url, {**data, "referred_to": "House committee"})
    assert RosterReferral.objects.count() == 2


def test_a_referral_for_a_purpose_not_consented_to_is_refused_with_a_message(
    experts, steering, client_as
):
    client = client_as(steering)
    url = f"/members/roster/{experts['media'].pk}/refer/"
    response = client.post(url, {"purpose": "deployment", "referred_to": "UN DPO", "note": "n"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This expert has not agreed to be contacted for this purpose." in html
    assert 'value="UN DPO"' in html  # what was typed is kept
    assert not RosterReferral.objects.exists()


def test_a_withdrawal_after_the_form_was_opened_wins(experts, steering, client_as):
    client = client_as(steering)
    url = f"/members/roster/{experts['media'].pk}/refer/"
    assert 'value="media"' in client.get(url).content.decode()
    consent.set_consents(member=experts["media"], purposes=[])
    response = client.post(url, {"purpose": "media", "referred_to": "CBC"})
    assert response.status_code == 200
    assert "has not agreed to be contacted" in response.content.decode()
    assert not RosterReferral.objects.exists()


def test_the_referral_page_of_an_expert_with_no_consent_says_so(experts, steering, client_as):
    response = client_as(steering).get(f"/members/roster/{experts['none'].pk}/refer/")
    html = response.content.decode()
    assert "has not agreed to be contacted for any purpose at present" in html
    assert "<form" not in html.split("<main", 1)[-1]
    response = client_as(steering).post(
        f"/members/roster/{experts['none'].pk}/refer/", {"purpose": "media", "referred_to": "X"}
    )
    assert response.status_code == 200
    assert not RosterReferral.objects.exists()


def test_the_referral_page_of_someone_not_on_the_roster_is_404(experts, steering, client_as):
    client = client_as(steering)
    assert client.get(f"/members/roster/{experts['off'].pk}/refer/").status_code == 404
    assert client.get("/members/roster/999999/refer/").status_code == 404


def test_the_expert_sees_their_referrals_and_other_members_do_not(
    experts, steering, member, client_as
):
    consent.record_referral(
        member=experts["gov"], purpose=DEPLOYMENT, referred_to="Zebra Mission HQ", by=steering
    )
    own = client_as(experts["gov"].user).get("/members/me/").content.decode()
    assert "Zebra Mission HQ" in own and "UN or NGO deployment referrals" in own
    assert steering.name in own
    other = client_as(member).get("/members/me/").content.decode()
    assert "Zebra Mission HQ" not in other
    assert "has not referred you to anyone" in other
    profile = client_as(member).get(experts["gov"].get_absolute_url()).content.decode()
    assert "Zebra Mission HQ" not in profile
    roster = client_as(member).get("/members/roster/").content.decode()
    assert "Zebra Mission HQ" not in roster
    listing = client_as(steering).get("/members/roster/referrals/").content.decode()
    assert "Zebra Mission HQ" in listing and "Greg Gov" in listing


def test_referrals_visible_to():
    referral = factories.MemberFactory(roster_opt_in=True)
    by = factories.steering_user()
    made = consent.record_referral(member=referral, purpose=MEDIA, referred_to="X", by=by)
    assert list(RosterReferral.objects.visible_to(None)) == []
    assert list(RosterReferral.objects.visible_to(factories.member_user())) == []
    assert list(RosterReferral.objects.visible_to(referral.user)) == [made]
    assert list(RosterReferral.objects.visible_to(by)) == [made]
    assert list(RosterReferral.objects.visible_to(factories.admin_account())) == [made]


def test_the_csv_lists_referrals_safe_from_formulas(experts, steering, client_as):
    consent.record_referral(
        member=experts["media"], purpose=MEDIA, referred_to="=HYPERLINK(1)", by=steering
    )
    response = client_as(steering).get("/members/roster/referrals.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Mona Media" in text and "Media requests" in text
    assert "'=HYPERLINK(1)" in text


# --- permissions -----------------------------------------------------------------------


def _urls(experts):
    refer = f"/members/roster/{experts['gov'].pk}/refer/"
    return {
        "list": ("get", "/members/roster/referrals/"),
        "csv": ("get", "/members/roster/referrals.csv"),
        "refer": ("get", refer),
        "refer-post": ("post", refer),
    }


@pytest.mark.parametrize("name", ["list", "csv", "refer", "refer-post"])
def test_steering_pages_per_role(name, role_user, experts, client_as):
    role, user = role_user
    method, url = _urls(experts)[name]
    data = {"purpose": "government", "referred_to": "Someone"} if method == "post" else None
    response = getattr(client_as(user), method)(url, data)
    if role == "public":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif role == "member":
        assert response.status_code == 403
    else:
        assert response.status_code == (302 if method == "post" else 200)
    assert RosterReferral.objects.exists() == (method == "post" and role in {"steering", "admin"})


def test_the_roster_per_role(role_user, experts, client_as):
    role, user = role_user
    response = client_as(user).get("/members/roster/")
    if role == "public":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    refer = f"/members/roster/{experts['gov'].pk}/refer/"
    assert (refer in html) == (role in {"steering", "admin"})
    assert ("/members/roster/referrals/" in html) == (role in {"steering", "admin"})


# --- queries ---------------------------------------------------------------------------


def _fill(rows):
    for n in range(rows):
        expert(f"Expert {n:02d}", [MEDIA, DEPLOYMENT] if n % 2 else [MEDIA])


# session, user, groups, count, page of experts (their purposes in the same query), expertise
@pytest.mark.parametrize("url", ["/members/roster/", "/members/roster/?purpose=media"])
@pytest.mark.parametrize("rows", [5, 50])
def test_roster_query_count(url, rows, member, client_as, django_assert_num_queries):
    _fill(rows)
    client = client_as(member)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["page_obj"].object_list) == min(rows, 24)


# session, user, groups, count, page of referrals with their experts and recorders
@pytest.mark.parametrize("rows", [5, 50])
def test_referral_list_query_count(rows, steering, client_as, django_assert_num_queries):
    _fill(1)
    person = RosterConsent.objects.get().member
    for n in range(rows):
        consent.record_referral(
            member=person, purpose=MEDIA, referred_to=f"Outlet {n}", by=steering
        )
    client = client_as(steering)
    with django_assert_num_queries(5):
        response = client.get("/members/roster/referrals/")
    assert "Outlet" in response.content.decode()


# --- a withdrawal and a referral at the same moment ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_at_the_same_moment_as_a_referral_wins():
    person = factories.MemberFactory(roster_opt_in=True, consents=[MEDIA])
    by = factories.steering_user()
    withdrawing = threading.Event()
    outcome = {}

    def refer():
        try:
            withdrawing.wait(timeout=30)
            consent.record_referral(member=person, purpose=MEDIA, referred_to="CBC", by=by)
            outcome["referral"] = "recorded"
        except consent.ConsentError:
            outcome["referral"] = "refused"
        finally:
            connection.close()

    thread = threading.Thread(target=refer)
    thread.start()
    with transaction.atomic():
        consent.set_consents(member=person, purposes=[])
        withdrawing.set()  # the referral now waits on the expert's row
        thread.join(timeout=1)
        assert thread.is_alive()
    thread.join(timeout=30)
    assert outcome == {"referral": "refused"}
    assert not RosterReferral.objects.exists()


# --- demo ------------------------------------------------------------------------------


def test_the_demo_gives_roster_experts_consents_once_and_keeps_choices_made_since(client_as):
    from members import demo

    demo.load(lambda message: None)
    given = RosterConsent.objects.count()
    assert given == sum(len(purposes) for purposes in demo.ROSTER_CONSENTS.values())
    demo.load(lambda message: None)
    assert RosterConsent.objects.count() == given
    omar = RosterConsent.objects.filter(member__user__email="omar.haddad@example.org")
    consent.set_consents(member=omar.first().member, purposes=[MEDIA])
    demo.load(lambda message: None)
    assert list(omar.values_list("purpose", flat=True)) == ["media"]
    viewer = factories.member_user()
    assert len(names(client_as(viewer).get("/members/roster/?purpose=media"))) >= 2
