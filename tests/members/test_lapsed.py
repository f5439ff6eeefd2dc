"""A lapsed member loses member access at once: the Members group follows the status.

Every way a status changes is covered: a save, the admin's form and actions, a bulk
update caught by the daily sync, and an admin adding the person to the group by hand.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.forms import MultiWidget
from django.urls import reverse

from documents.models import Document
from members import services
from members.models import Member, User
from powg.roles import MEMBERS_GROUP, STEERING_GROUP, is_member, is_steering
from powg.visibility import Visibility
from tests import factories

pytestmark = pytest.mark.django_db

LAPSED = Member.Status.LAPSED
ACTIVE = Member.Status.ACTIVE


def groups_of(user):
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def fresh(user):
    """The user as the next request sees them (no cached roles)."""
    return User.objects.get(pk=user.pk)


def lapse(user):
    user.member.status = LAPSED
    services.save_member(member=user.member)


def hold_term(**kwargs):
    """A current term, recorded as the admin records one (through the service)."""
    return services.save_term(term=factories.SteeringCommitteeTermFactory(**kwargs))


@pytest.fixture
def papers(settings, tmp_path):
    """A members-only paper with its file, one only announced to the public, a public one."""
    from documents.demo import make_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    hidden = factories.DocumentFactory(title="Members paper", visibility=Visibility.MEMBERS)
    hidden.file.save("members-paper.pdf", ContentFile(make_pdf("Members paper", ["Text."])))
    announced = factories.DocumentFactory(
        title="Announced paper", visibility=Visibility.MEMBERS, listed_publicly=True
    )
    announced.file.save("announced.pdf", ContentFile(make_pdf("Announced", ["Secret text."])))
    public = factories.DocumentFactory(title="Public paper")
    return {"hidden": hidden, "announced": announced, "public": public}


# --- the rule ------------------------------------------------------------------------


def test_lapsing_takes_the_member_out_of_the_group_and_back_in(member):
    assert is_member(member)
    lapse(member)
    assert MEMBERS_GROUP not in groups_of(member)
    assert not is_member(member)  # the cached roles were forgotten
    assert not is_member(fresh(member))
    member.member.status = ACTIVE
    services.save_member(member=member.member)
    assert MEMBERS_GROUP in groups_of(member)
    assert is_member(fresh(member))


def test_a_profile_created_lapsed_gives_no_access():
    user = services.save_member(member=factories.MemberFactory(status=LAPSED)).user
    assert MEMBERS_GROUP not in groups_of(user)
    assert not is_member(fresh(user))


def test_saving_a_lapsed_profile_again_keeps_it_out(member):
    lapse(member)
    member.member.title = "Former adviser"
    services.save_member(member=member.member)
    assert MEMBERS_GROUP not in groups_of(member)


def test_a_lapsed_member_sees_only_public_papers(member, papers):
    before = set(Document.objects.visible_to(fresh(member)).values_list("title", flat=True))
    assert before == {"Members paper", "Announced paper", "Public paper"}  # positive control
    lapse(member)
    after = set(Document.objects.visible_to(fresh(member)).values_list("title", flat=True))
    assert after == {"Public paper"}


def test_a_lapsed_member_cannot_open_or_download_members_papers(member, papers, client_as):
    client = client_as(member)
    hidden, announced = papers["hidden"], papers["announced"]
    assert client.get(hidden.get_absolute_url()).status_code == 200  # positive control
    assert client.get(hidden.get_download_url()).status_code == 200
    lapse(member)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_download_url()).status_code == 404
    notice = client.get(announced.get_absolute_url())
    assert notice.status_code == 200  # the title only, as the public sees it
    assert b"Secret text." not in notice.content
    assert notice.templates[0].name == "documents/document_members_only.html"
    assert client.get(announced.get_download_url()).status_code == 404
    assert client.get(papers["public"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url", ["/members/", "/members/roster/", "/members/me/"])
def test_the_directory_and_roster_refuse_a_lapsed_member(url, member, client_as):
    client = client_as(member)
    assert client.get(url).status_code == 200  # positive control
    lapse(member)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("", "Your membership has lapsed"), ("/fr", "Votre adhésion est échue")],
)
def test_a_lapsed_member_reads_why_the_page_is_closed(
    prefix, words, member, client_as, french_catalogue
):
    client = client_as(member)
    assert words not in client.get(f"{prefix}/members/").content.decode()  # positive control
    lapse(member)
    response = client.get(f"{prefix}/members/roster/")
    assert response.status_code == 403
    assert words in response.content.decode()
    outsider = client_as(factories.UserFactory()).get(f"{prefix}/members/")
    assert outsider.status_code == 403
    assert words not in outsider.content.decode()  # no profile: nothing lapsed


def test_a_lapsed_member_cannot_open_profiles_or_find_anyone(member, client_as):
    other = factories.listed_member(display_name="Listed Lina")
    client = client_as(member)
    assert "Listed Lina" in client.get("/members/?q=Lina").content.decode()
    lapse(member)
    assert client.get(other.get_absolute_url()).status_code == 403
    assert not Member.objects.visible_to(fresh(member)).exists()


# --- the steering committee and superusers --------------------------------------------


def test_a_lapsed_member_with_a_current_term_keeps_the_committee_rights(client_as):
    user = factories.member_user()
    term = hold_term(member=user.member)
    lapse(user)
    assert groups_of(user) == {STEERING_GROUP}
    assert is_steering(fresh(user)) and is_member(fresh(user))
    assert client_as(user).get("/members/applications/").status_code == 200
    services.end_term(term=term, on=term.starts_on)
    assert groups_of(user) == set()
    assert not is_member(fresh(user))
    assert client_as(user).get("/members/").status_code == 403


def test_the_daily_sync_warns_about_lapsed_members_on_the_committee():
    user = factories.member_user()
    factories.SteeringCommitteeTermFactory(member=user.member)
    lapse(user)
    out = StringIO()
    call_command("sync_steering_committee", stdout=out)
    assert f"{user.email}: membership lapsed" in out.getvalue()


def test_superusers_are_left_alone(admin):
    before = groups_of(admin)
    admin.member.status = LAPSED
    services.save_member(member=admin.member)
    services.sync_all_member_groups()
    assert groups_of(admin) == before
    assert is_member(fresh(admin)) and is_steering(fresh(admin))
    admin.groups.clear()
    admin.member.status = ACTIVE
    services.save_member(member=admin.member)
    services.sync_all_member_groups()
    assert groups_of(admin) == set()  # not added either: their rights need no group
    assert is_member(fresh(admin))


def test_users_without_a_profile_are_left_alone_by_the_sync():
    user = factories.UserFactory(groups=[MEMBERS_GROUP])
    added, removed = services.sync_all_member_groups()
    assert user not in removed
    assert MEMBERS_GROUP in groups_of(user)


# --- the daily sync --------------------------------------------------------------------


def test_the_daily_sync_catches_a_bulk_update(member, steering):
    Member.objects.filter(user=member).update(status=LAPSED)
    assert MEMBERS_GROUP in groups_of(member)  # a bulk update announces nothing
    added, removed = services.sync_all_member_groups()
    assert removed == [member] and added == []
    assert MEMBERS_GROUP not in groups_of(member)
    assert MEMBERS_GROUP in groups_of(steering)
    Member.objects.filter(user=member).update(status=ACTIVE)
    added, removed = services.sync_all_member_groups()
    assert added == [member] and removed == []
    assert MEMBERS_GROUP in groups_of(member)


def test_the_command_reports_the_members_group(member):
    Member.objects.filter(user=member).update(status=LAPSED)
    out = StringIO()
    call_command("sync_steering_committee", stdout=out)
    text = out.getvalue()
    assert f"  - {member.email} (Members)" in text
    assert "Added 0 active and removed 1 lapsed member(s) in the Members group." in text
    assert MEMBERS_GROUP not in groups_of(member)


def test_the_command_dry_run_reports_and_changes_nothing(member):
    Member.objects.filter(user=member).update(status=LAPSED)
    out = StringIO()
    call_command("sync_steering_committee", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"  - {member.email} (Members)" in text
    assert "Would add 0 active and would remove 1 lapsed member(s)" in text
    assert MEMBERS_GROUP in groups_of(member)


# --- the admin -------------------------------------------------------------------------


def change_form_data(response):
    """What the admin's change form would send back as it stands, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            widget = bound.field.widget
            if isinstance(widget, MultiWidget):  # the admin's split date and time
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = part.isoformat()
                continue
            if value is True:
                value = "on"
            elif isinstance(value, (list, tuple)):
                value = [getattr(v, "pk", v) for v in value]
                if bound.name in ("languages", "deployable_areas"):
                    value = ",".join(value)  # the admin's plain array field
            data[bound.html_name] = value
    return data


def test_saving_the_profile_in_the_admin_as_lapsed_ends_access(admin, member, client_as):
    client = client_as(admin)
    url = reverse("admin:members_member_change", args=[member.member.pk])
    data = change_form_data(client.get(url))
    data["status"] = LAPSED
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Member.objects.get(user=member).status == LAPSED
    assert MEMBERS_GROUP not in groups_of(member)
    data["status"] = ACTIVE
    assert client.post(url, data).status_code == 302
    assert MEMBERS_GROUP in groups_of(member)


def test_admin_actions_lapse_and_reactivate(admin, member, client_as):
    other = factories.member_user()
    client = client_as(admin)
    url = reverse("admin:members_member_changelist")
    selected = [member.member.pk, other.member.pk]
    response = client.post(
        url, {"action": "mark_lapsed", "_selected_action": selected}, follow=True
    )
    assert "2 members marked as lapsed" in response.content.decode()
    assert MEMBERS_GROUP not in groups_of(member) | groups_of(other)
    assert client_as(member).get("/members/").status_code == 403
    client = client_as(admin)
    response = client.post(
        url, {"action": "mark_active", "_selected_action": [member.member.pk]}, follow=True
    )
    assert "1 member marked as active" in response.content.decode()
    assert MEMBERS_GROUP in groups_of(member)
    assert MEMBERS_GROUP not in groups_of(other)


def test_putting_a_lapsed_member_back_in_the_group_by_hand_is_undone(admin, member, client_as):
    lapse(member)
    client = client_as(admin)
    url = reverse("admin:members_user_change", args=[member.pk])
    data = change_form_data(client.get(url))
    data["groups"] = [Group.objects.get(name=MEMBERS_GROUP).pk]
    response = client.post(url, data, follow=True)
    assert "was taken out of the Members group" in response.content.decode()
    assert MEMBERS_GROUP not in groups_of(member)
    assert not is_member(fresh(member))


def test_the_admin_messages_are_in_french(french_catalogue):
    from django.utils import translation

    from members.admin import mark_lapsed

    with translation.override("fr"):
        assert "échus" in str(mark_lapsed.short_description)
        text = translation.ngettext(
            "%(count)d member marked as lapsed and taken out of the Members group.",
            "%(count)d members marked as lapsed and taken out of the Members group.",
            2,
        )
    assert text == "%(count)d membres marqués comme échus et retirés du groupe « Members »."


def test_a_term_added_then_deleted_in_the_admin_inline_syncs_the_group(admin, member, client_as):
    client = client_as(admin)
    url = reverse("admin:members_member_change", args=[member.member.pk])
    data = change_form_data(client.get(url))
    prefix = "steering_terms"
    data[f"{prefix}-TOTAL_FORMS"] = 1
    data[f"{prefix}-0-member"] = member.member.pk
    data[f"{prefix}-0-role"] = "treasurer"
    data[f"{prefix}-0-starts_on"] = "2020-01-01"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert STEERING_GROUP in groups_of(member)
    data = change_form_data(client.get(url))
    data[f"{prefix}-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not member.member.steering_terms.exists()
    assert STEERING_GROUP not in groups_of(member)


def test_the_term_admin_saves_and_deletes_through_the_services(admin, member, client_as):
    client = client_as(admin)
    response = client.post(
        reverse("admin:members_steeringcommitteeterm_add"),
        {"member": member.member.pk, "role": "chair", "starts_on": "2020-01-01"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert STEERING_GROUP in groups_of(member)
    term = member.member.steering_terms.get()
    url = reverse("admin:members_steeringcommitteeterm_delete", args=[term.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert STEERING_GROUP not in groups_of(member)
