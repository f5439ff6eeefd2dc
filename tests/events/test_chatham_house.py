"""The Chatham House Rule: no participant's affiliation on any page, feed, calendar or export."""

import html

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import ThematicArea
from events.models import CalendarFeedToken, Event
from powg.roles import is_member, is_steering
from tests import factories

pytestmark = pytest.mark.django_db

ROUNDTABLE = "experts-roundtable-future-of-un-peacekeeping-2007"
DIALOGUE = "public-dialogue-fifty-years-of-un-peacekeeping-2007"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    return Event.objects.get(slug=ROUNDTABLE)


def readable(response):
    """What a reader sees: the body with HTML entities and calendar escapes undone."""
    assert response.status_code == 200, response
    text = html.unescape(response.content.decode("utf-8-sig"))
    if response["Content-Type"].startswith("text/calendar"):
        icalendar.Calendar.from_ical(response.content)  # a real client can read it
        text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    return text.casefold()


def without_recommendations(text):
    """The page less its outcome documents' recommendations box: that box names the
    recommendations' addressees (the Government of Canada...), which is no one's
    affiliation being revealed."""
    start = text.find('aria-labelledby="event-recommendations"')
    if start == -1:
        return text
    end = text.find("</section>", start)
    return text[:start] + text[end:]


def every_surface(client, user, roundtable):
    """Each place the roundtable appears for this viewer."""
    theme = ThematicArea.objects.get(name="Canada's role in peace operations")
    urls = [
        roundtable.get_absolute_url(),
        reverse("events:event-ics", kwargs={"slug": roundtable.slug}),
        reverse("events:event-archive", kwargs={"year": 2007}),
        reverse("events:public-feed"),
        "/fr" + roundtable.get_absolute_url(),
    ]
    if user is not None and is_member(user):
        urls.append(CalendarFeedToken.objects.create(user=user).get_absolute_url())
    if user is not None and is_steering(user):
        for view in ["events:event-registrations", "events:event-registrations-csv"]:
            urls.append(reverse(view, kwargs={"slug": roundtable.slug}))
    surfaces = {url: without_recommendations(readable(client.get(url))) for url in urls}
    # A theme page's events box (the rest of the page is about documents).
    theme_page = readable(client.get(theme.get_absolute_url()))
    box = theme_page[theme_page.index('aria-labelledby="theme-events"') :]
    surfaces[theme.get_absolute_url()] = box[: box.index("</section>")]
    # The theme's address is reversed after the /fr/ visit, in French: either title.
    titles = [roundtable.title.casefold(), html.unescape(roundtable.title_fr).casefold()]
    assert any(title in surfaces[theme.get_absolute_url()] for title in titles)
    return surfaces


def test_no_affiliation_of_any_roundtable_participant_reaches_any_role(demo, role_user, client_as):
    role, user = role_user
    roundtable = demo
    factories.RegistrationFactory(
        event=roundtable,
        user=factories.member_user(
            organization=factories.OrganizationFactory(name="Secret Ministry")
        ),
    )
    affiliations = [p.affiliation for p in roundtable.participants.all()] + ["Secret Ministry"]
    assert len(affiliations) >= 8
    surfaces = every_surface(client_as(user), user, roundtable)
    for url, text in surfaces.items():
        for affiliation in affiliations:
            assert affiliation.casefold() not in text, (role, url, affiliation)
        assert "a participant from" not in text and "une personne de" not in text
    page = surfaces[roundtable.get_absolute_url()]
    # The moderator and rapporteur are named, as the group decided; the report agrees.
    assert "dr. helen marchetti" in page and "daniel osei" in page
    assert ("ruth abernathy" in page) == (role in {"steering", "admin"})
    # The control: the public dialogue is not under the Rule, so the same people's
    # affiliations show there, as they agreed.
    dialogue = readable(client_as(user).get(Event.objects.get(slug=DIALOGUE).get_absolute_url()))
    assert "ruth abernathy" in dialogue and "foreign service of canada" in dialogue


def test_the_rule_lives_in_one_method(event):
    event.chatham_house_rule = True
    event.save()
    make = factories.ParticipantFactory
    make(event=event, name="Mo", role="moderator", affiliation="M Org", order=3)
    make(event=event, name="Ra", role="rapporteur", affiliation="R Org", order=2)
    make(event=event, name="Pa", role="panelist", affiliation="P Org", order=1)
    make(event=event, name="Af", role="panelist", affiliation="A Org", attribution="affiliation")
    make(event=event, name="Un", role="moderator", affiliation="U Org", attribution="unlisted")
    public = [(p.role_label, p.name, p.affiliation) for p in event.shown_participants()]
    assert public == [("Moderator", "Mo", ""), ("Rapporteur", "Ra", "")]
    full = [(p.name, p.affiliation) for p in event.shown_participants(full_list=True)]
    assert full == [("Mo", ""), ("Un", ""), ("Ra", ""), ("Pa", ""), ("Af", "")]

    event.chatham_house_rule = False
    public = [(p.name, p.affiliation) for p in event.shown_participants()]
    assert public == [("Mo", "M Org"), ("Ra", "R Org"), ("Pa", "P Org"), ("", "A Org")]
    assert ("Un", "U Org") in [
        (p.name, p.affiliation) for p in event.shown_participants(full_list=True)
    ]


def test_registrations_keep_their_organization_without_the_rule(client_as, steering, event):
    factories.RegistrationFactory(
        event=event,
        user=factories.member_user(
            organization=factories.OrganizationFactory(name="Open Institute")
        ),
    )
    client = client_as(steering)
    for view in ["events:event-registrations", "events:event-registrations-csv"]:
        assert "Open Institute" in client.get(reverse(view, kwargs={"slug": event.slug})).text
    event.chatham_house_rule = True
    event.save()
    csv = client.get(reverse("events:event-registrations-csv", kwargs={"slug": event.slug}))
    assert "Open Institute" not in csv.text
    assert csv.text.lstrip("\ufeff").splitlines()[0] == "Name,Email,Status,Registered at,Attended"
