"""Follows: who may follow, the following page, and the emails a status update sends."""

import datetime
import importlib

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import transaction
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from documents.follows import follow
from documents.models import Addressee, Assignment, Follow, Recommendation
from powg.roles import MEMBERS_GROUP
from powg.visibility import Visibility
from tests import factories

pytestmark = pytest.mark.django_db

FOLLOW = reverse("documents:recommendation-follow")
FOLLOWING = reverse("documents:recommendation-following")


@pytest.fixture
def theme():
    return factories.ThematicAreaFactory(name="Financing", name_fr="Financement", slug="financing")


@pytest.fixture
def canada(db):
    return Addressee.objects.get(slug="government-of-canada")


@pytest.fixture(autouse=True)
def curated_addressees(db):
    """The addressees a data migration seeds; a transactional test (run_jobs) flushes the
    database at its end, so the next one seeds them again."""
    from django.apps import apps

    migration = importlib.import_module("documents.migrations.0007_curated_addressees")
    migration.add_addressees(apps, None)


def make_recommendation(*, theme=None, visibility=Visibility.PUBLIC, addressee=None):
    document = factories.DocumentFactory(
        visibility=visibility, title="Roundtable report", themes=[theme] if theme else []
    )
    rec = Recommendation.objects.create(
        document=document, number="3", text="Pay assessed contributions **on time**."
    )
    if theme:
        rec.themes.add(theme)
    assignment = Assignment.objects.create(
        recommendation=rec,
        addressee=addressee or Addressee.objects.get(slug="government-of-canada"),
    )
    return rec, assignment


def post_update(client, rec, assignment, **extra):
    return client.post(
        reverse("documents:recommendation-update", args=[rec.pk]),
        {
            "assignment": assignment.pk,
            "date": "2024-06-01",
            "status": "implemented",
            "note": "Paid in full in *June*.",
            "source_symbol": "A/RES/78/70",
            **extra,
        },
    )


# --- who may follow ---------------------------------------------------------------------------


def test_the_public_never_follows(client_as, canada):
    response = client_as(None).post(FOLLOW, {"kind": "addressee", "target": canada.slug})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client_as(None).get(FOLLOWING).status_code == 302
    assert not Follow.objects.exists()


def test_an_account_without_membership_is_refused(client_as, canada):
    outsider = factories.UserFactory()
    response = client_as(outsider).post(FOLLOW, {"kind": "addressee", "target": canada.slug})
    assert response.status_code == 403
    assert client_as(outsider).get(FOLLOWING).status_code == 403
    assert not Follow.objects.exists()


def test_member_follows_and_unfollows_each_kind(client_as, member, theme, canada):
    rec, _ = make_recommendation(theme=theme)
    client = client_as(member)
    for kind, target in [
        ("recommendation", rec.pk),
        ("addressee", canada.slug),
        ("theme", "financing"),
    ]:
        response = client.post(FOLLOW, {"kind": kind, "target": target, "next": "/library/"})
        assert response.status_code == 302
        assert response.url == "/library/"
    client.post(FOLLOW, {"kind": "addressee", "target": canada.slug})  # twice: still one
    assert Follow.objects.filter(user=member).count() == 3
    page = client.get(FOLLOWING).content.decode()
    assert "Recommendation 3" in page
    assert "Stop following Government of Canada" in page
    assert "Stop following Financing" in page
    client.post(FOLLOW, {"kind": "theme", "target": "financing", "action": "unfollow"})
    assert set(Follow.objects.filter(user=member).values_list("theme", flat=True)) == {None}


def test_next_must_be_on_this_site(client_as, member, canada):
    response = client_as(member).post(
        FOLLOW, {"kind": "addressee", "target": canada.slug, "next": "https://evil.example/"}
    )
    assert response.url == FOLLOWING


def test_following_from_the_french_pages_records_french(client_as, member, canada):
    client_as(member).post("/fr" + FOLLOW, {"kind": "addressee", "target": canada.slug})
    assert Follow.objects.get(user=member).language == "fr"


def test_a_hidden_recommendation_cannot_be_followed(client_as, member):
    rec, _ = make_recommendation(visibility=Visibility.STEERING)
    response = client_as(member).post(FOLLOW, {"kind": "recommendation", "target": rec.pk})
    assert response.status_code == 404
    assert client_as(member).post(FOLLOW, {"kind": "nonsense", "target": "x"}).status_code == 404
    assert not Follow.objects.exists()


# --- emails ---------------------------------------------------------------------------------
# Sent by background jobs: the update's transaction queues one, a real worker (run_jobs)
# sends them from the committed data.


def test_one_email_per_person_after_commit(client_as, steering, theme, canada, run_jobs):
    rec, assignment = make_recommendation(theme=theme)
    by_recommendation = factories.member_user(user__email="rec@example.org")
    by_addressee = factories.member_user(user__email="addressee@example.org")
    three_ways = factories.member_user(user__email="all@example.org")
    unrelated = factories.member_user(user__email="other@example.org")
    follow(user=by_recommendation, recommendation=rec)
    follow(user=by_addressee, addressee=canada)
    follow(user=three_ways, recommendation=rec)
    follow(user=three_ways, addressee=canada)
    follow(user=three_ways, theme=theme)
    follow(user=unrelated, addressee=Addressee.objects.get(slug="un-security-council"))

    response = post_update(client_as(steering), rec, assignment)
    assert response.status_code == 302
    assert mail.outbox == []  # the request queued a job and sent nothing
    assert list(ProcrastinateJob.objects.values_list("task_name", flat=True)) == [
        "documents.tasks.tell_followers"
    ]
    run_jobs()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "addressee@example.org",
        "all@example.org",
        "rec@example.org",
    ]
    # One job told the followers, one email job per person (retried alone if it fails).
    tasks = ProcrastinateJob.objects.values_list("task_name", "status")
    assert sorted(tasks) == [("documents.tasks.email_follower", "succeeded")] * 3 + [
        ("documents.tasks.tell_followers", "succeeded")
    ]
    email = next(m for m in mail.outbox if m.to == ["all@example.org"])
    assert "recommendation 3" in email.subject
    assert "Pay assessed contributions on time." in email.body
    assert "Implemented" in email.body
    assert "Paid in full in June." in email.body
    assert "https://undocs.org/A/RES/78/70" in email.body
    assert rec.get_absolute_url() in email.body
    assert "the addressee Government of Canada" in email.body
    assert "the thematic area Financing" in email.body


def test_no_email_when_the_update_is_refused(client_as, steering, member, canada):
    rec, assignment = make_recommendation()
    follow(user=member, addressee=canada)
    response = post_update(client_as(steering), rec, assignment, source_symbol="")
    assert response.status_code == 200
    assert not ProcrastinateJob.objects.exists()


def test_a_rolled_back_update_queues_nothing(member, canada, run_jobs):
    from documents.recommendations_services import add_status_update

    rec, assignment = make_recommendation()
    follow(user=member, addressee=canada)
    with pytest.raises(RuntimeError), transaction.atomic():
        add_status_update(
            assignment=assignment,
            date=datetime.date(2024, 6, 1),
            status="implemented",
            note="Done.",
            sources=["A/RES/78/70"],
            by=None,
        )
        raise RuntimeError("the request failed after the update")
    assert not ProcrastinateJob.objects.exists()
    run_jobs()
    assert mail.outbox == []


def test_email_in_each_members_own_language(
    client_as, steering, canada, french_catalogue, run_jobs
):
    """The person's language decides, not the pages they happened to follow from."""
    rec, assignment = make_recommendation()
    french = factories.member_user(user__email="fr@example.org", user__language="fr")
    english = factories.member_user(user__email="en@example.org", user__language="en")
    follow(user=french, addressee=canada, language="en")
    follow(user=english, addressee=canada, language="fr")
    post_update(client_as(steering), rec, assignment)
    run_jobs()
    by_address = {m.to[0]: m for m in mail.outbox}
    french_mail = by_address["fr@example.org"]
    assert french_mail.subject.startswith("[Groupe de travail OP] ")
    assert "Nouveau statut de la recommandation 3" in french_mail.subject
    assert "État de mise en œuvre :" in french_mail.body
    assert "/fr/recommendations/" in french_mail.body
    assert "Adressée à Gouvernement du Canada" in french_mail.body
    assert "New status" not in french_mail.subject and "Read the" not in french_mail.body
    english_mail = by_address["en@example.org"]
    assert english_mail.subject.startswith("[PO Working Group] New status for recommendation 3")
    assert "Addressed to Government of Canada" in english_mail.body
    assert "/fr/" not in english_mail.body


def test_no_email_about_a_recommendation_the_follower_may_not_see(
    client_as, steering, canada, run_jobs
):
    rec, assignment = make_recommendation(visibility=Visibility.STEERING)
    member = factories.member_user(user__email="member@example.org")
    colleague = factories.steering_user(user__email="steering@example.org")
    follow(user=member, addressee=canada)
    follow(user=colleague, addressee=canada)
    post_update(client_as(steering), rec, assignment)
    run_jobs()
    assert [m.to for m in mail.outbox] == [["steering@example.org"]]


def test_members_only_library_source_is_left_out_for_a_reader_who_cannot_see_it(canada, run_jobs):
    """A follower who lapsed gets nothing; a library source is named only to those who
    may read it."""
    from documents.recommendations_services import add_status_update

    rec, assignment = make_recommendation()
    lapsed = factories.member_user(user__email="lapsed@example.org")
    follow(user=lapsed, addressee=canada)
    lapsed.groups.remove(Group.objects.get(name=MEMBERS_GROUP))
    member = factories.member_user(user__email="member@example.org")
    follow(user=member, addressee=canada)
    hidden = factories.DocumentFactory(title="Steering minutes", visibility=Visibility.STEERING)
    add_status_update(
        assignment=assignment,
        date=datetime.date(2024, 6, 1),
        status="no_action",
        note="Nothing yet.",
        sources=[hidden, "A/RES/78/70"],
        by=None,
    )
    run_jobs()
    (email,) = mail.outbox
    assert email.to == ["member@example.org"]
    assert "A/RES/78/70" in email.body
    assert "Steering minutes" not in email.body


def test_a_member_who_lapses_before_the_email_leaves_hears_nothing(canada, run_jobs):
    """Who hears of an update is decided when the email is sent, not when it is queued."""
    from documents.recommendations_services import add_status_update

    rec, assignment = make_recommendation()
    member = factories.member_user(user__email="member@example.org")
    follow(user=member, addressee=canada)
    add_status_update(
        assignment=assignment,
        date=datetime.date(2024, 6, 1),
        status="no_action",
        note="Nothing yet.",
        sources=["A/RES/78/70"],
        by=None,
    )
    member.groups.remove(Group.objects.get(name=MEMBERS_GROUP))
    run_jobs()
    assert mail.outbox == []


def test_following_a_parent_hears_of_its_sub_points(client_as, steering, member, run_jobs):
    parent, _ = make_recommendation()
    child = Recommendation.objects.create(
        document=parent.document, number="3.a", text="Pay the arrears first.", parent=parent
    )
    assignment = Assignment.objects.create(
        recommendation=child, addressee=Addressee.objects.get(slug="government-of-canada")
    )
    follow(user=member, recommendation=parent)
    post_update(client_as(steering), child, assignment)
    run_jobs()
    assert [m.to for m in mail.outbox] == [[member.email]]


# --- the reading pages' hooks ---------------------------------------------------------------


def render_hooks(user, rec, assignment):
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines
    from django.test import RequestFactory

    request = RequestFactory().get(rec.get_absolute_url())
    request.user = user or AnonymousUser()
    source = (
        "{% load recommendation_editing %}{% follow_button rec %}"
        "{% steering_recommendation_actions rec assignment %}"
    )
    return (
        engines["django"]
        .from_string(source)
        .render({"rec": rec, "assignment": assignment}, request)
    )


def test_follow_button_and_steering_link_show_to_whom_they_serve(member, steering):
    rec, assignment = make_recommendation()
    update_link = reverse("documents:recommendation-update", args=[rec.pk])
    public = render_hooks(None, rec, assignment)
    assert "Follow" not in public and update_link not in public
    as_member = render_hooks(member, rec, assignment)
    assert "Follow recommendation 3" in as_member and update_link not in as_member
    follow(user=member, recommendation=rec)
    assert "Stop following recommendation 3" in render_hooks(member, rec, assignment)
    as_steering = render_hooks(steering, rec, assignment)
    assert f"{update_link}?assignment={assignment.pk}" in as_steering
    assert "Add a status update for Government of Canada" in as_steering
