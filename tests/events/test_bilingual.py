"""Events in both languages: every events page kind in English and French, each role
where it matters; a missing translation shows the other language marked with ``lang``."""

import datetime
import re

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from events.models import CalendarFeedToken, Event, EventStatus, ParticipantRole
from events.sitemaps import EventSitemap
from tests import factories

pytestmark = pytest.mark.django_db

TITLE = "Roundtable on protecting civilians"
TITLE_FR = "Table ronde sur la protection des civils"


@pytest.fixture
def bilingual(db):
    """A public event written in both languages, with a series, questions and agenda."""
    series = factories.EventSeriesFactory(
        title="Policy webinars", title_fr="Webinaires sur les politiques"
    )
    event = factories.EventFactory(
        title=TITLE,
        title_fr=TITLE_FR,
        slug="roundtable-protecting-civilians",
        summary="A day on protection mandates.",
        summary_fr="Une journée sur les mandats de protection.",
        description="Practitioners **compare** notes.",
        description_fr="Des praticiens **comparent** leurs notes.",
        series=series,
        capacity=20,
    )
    factories.EventQuestionFactory(
        event=event, order=1, text="What works?", text_fr="Qu’est-ce qui fonctionne ?"
    )
    factories.EventQuestionFactory(event=event, order=2, text="Who pays?", text_fr="")
    factories.AgendaItemFactory(event=event, order=1, title="Opening", title_fr="Ouverture")
    factories.AgendaItemFactory(event=event, order=2, title="Lunch", title_fr="")
    return event


@pytest.fixture
def english_only(db):
    """A public event with no French at all: the French pages fall back to English."""
    return factories.EventFactory(
        title="Workshop on rosters",
        slug="workshop-on-rosters",
        summary="Rosters, faster.",
        description="Only in English.",
    )


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def h1(html):
    return re.search(r"<h1[^>]*>.*?</h1>", html, re.S).group(0)


# --- the event page ----------------------------------------------------------------------


def test_event_page_in_french_shows_every_french_text(client, bilingual, french_catalogue):
    html = page(client, f"/fr/events/{bilingual.slug}/")
    assert h1(html) == f'<h1 id="event-title">{TITLE_FR}</h1>'
    assert f"<title>{TITLE_FR}" in html
    assert '<p class="lead">Une journée sur les mandats de protection.</p>' in html
    assert "Des praticiens <strong>comparent</strong> leurs notes." in html
    assert '<meta name="description" content="Une journée sur les mandats de protection.">' in html
    assert "<li>Qu’est-ce qui fonctionne ?</li>" in html
    assert '<th scope="row">Ouverture</th>' in html
    assert "Webinaires sur les politiques" in html
    assert "Questions à aborder" in html and "Programme" in html
    for english in [TITLE, "A day on protection", "compare notes", "What works?", "Opening"]:
        assert english not in html


def test_event_page_in_english_shows_no_french(client, bilingual):
    html = page(client, f"/events/{bilingual.slug}/")
    assert h1(html) == f'<h1 id="event-title">{TITLE}</h1>'
    assert "Practitioners <strong>compare</strong> notes." in html
    assert '<meta name="description" content="A day on protection mandates.">' in html
    assert "<li>What works?</li>" in html and '<th scope="row">Opening</th>' in html
    for french in [TITLE_FR, "Une journée", "comparent", "fonctionne", "Ouverture", "Webinaires"]:
        assert french not in html
    main = html[html.index("<main") : html.index("</main>")]
    assert 'lang="fr"' not in main


def test_missing_french_is_shown_in_english_marked_english(client, english_only, bilingual):
    html = page(client, f"/fr/events/{english_only.slug}/")
    assert h1(html) == '<h1 id="event-title" lang="en">Workshop on rosters</h1>'
    assert '<p class="lead" lang="en">Rosters, faster.</p>' in html
    assert '<div lang="en"><p>Only in English.</p></div>' in html
    # One question and one agenda line lack their French: only those are marked.
    html = page(client, f"/fr/events/{bilingual.slug}/")
    assert '<li lang="en">Who pays?</li>' in html
    assert '<th scope="row" lang="en">Lunch</th>' in html
    assert "<li>Qu’est-ce qui fonctionne ?</li>" in html


def test_french_only_text_on_an_english_page_is_marked_french(client):
    event = factories.EventFactory(
        title="Forum", slug="forum", summary="", summary_fr="Un forum en français."
    )
    html = page(client, event.get_absolute_url())
    assert '<p class="lead" lang="fr">Un forum en français.</p>' in html
    assert '<p class="card-summary" lang="fr">Un forum en français.</p>' in page(client, "/events/")


def test_meta_description_falls_back_to_the_descriptions_first_words(client):
    event = factories.EventFactory(
        slug="no-summary", description="A *long* description " + "word " * 80
    )
    html = page(client, event.get_absolute_url())
    content = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert content.startswith("A long description word") and content.endswith("…")
    assert len(content) <= 201


def test_cancellation_notice_in_french(client, french_catalogue):
    event = factories.EventFactory(
        slug="called-off",
        status=EventStatus.CANCELLED,
        cancellation_notice="The hall is closed.",
        cancellation_notice_fr="La salle est fermée.",
    )
    html = page(client, f"/fr/events/{event.slug}/")
    assert "<p>La salle est fermée.</p>" in html and "The hall is closed." not in html
    event.cancellation_notice_fr = ""
    event.save()
    assert '<p lang="en">The hall is closed.</p>' in page(client, f"/fr/events/{event.slug}/")


def test_event_page_in_french_for_each_role(role_user, client_as, bilingual, french_catalogue):
    role, user = role_user
    factories.ParticipantFactory(
        event=bilingual, role="chair", name="Claire Chair", affiliation="Institut Nord"
    )
    html = page(client_as(user), f"/fr/events/{bilingual.slug}/")
    assert TITLE_FR in h1(html)
    # The role is a choice, translated; the affiliation is free text, kept as typed.
    with translation.override("fr"):
        chair = str(ParticipantRole.CHAIR.label)
    assert chair != "Chair"
    assert f'<span class="participant-role">{chair}\u00a0:</span>' in html
    assert "Institut Nord" in html
    if role == "public":
        assert "Se connecter pour s’inscrire" in html
    else:
        assert "M’inscrire" in html
    steering_list = "Liste complète des participants (comité directeur seulement)"
    assert (steering_list in html) == (role in {"steering", "admin"})


def test_outcome_documents_on_an_event_page_carry_their_language(client, bilingual):
    factories.DocumentFactory(
        related_event=bilingual, title="Rapport de la table ronde", language="fr"
    )
    html = page(client, bilingual.get_absolute_url())
    assert 'lang="fr">Rapport de la table ronde</a>' in html


# --- lists -------------------------------------------------------------------------------


def test_list_and_cards_in_both_languages(client, bilingual, english_only, french_catalogue):
    html = page(client, "/fr/events/")
    assert f'<a href="/fr/events/{bilingual.slug}/">{TITLE_FR}</a>' in html
    assert f'<a href="/fr/events/{english_only.slug}/" lang="en">Workshop on rosters</a>' in html
    assert '<p class="card-summary">Une journée sur les mandats de protection.</p>' in html
    assert re.search(r"Série\s:\sWebinaires sur les politiques</p>", html)
    html = page(client, "/events/")
    assert f'<a href="/events/{bilingual.slug}/">{TITLE}</a>' in html
    assert TITLE_FR not in html and "Webinaires" not in html


def test_archive_in_french(client, french_catalogue):
    start = timezone.now() - datetime.timedelta(days=400)
    old = factories.EventFactory(
        title="Old forum",
        title_fr="Ancien forum",
        slug="old-forum",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    html = page(client, f"/fr/events/archive/{start.year}/")
    assert f'<a href="/fr/events/{old.slug}/">Ancien forum</a>' in html
    assert "Old forum" not in html
    assert "Old forum" in page(client, f"/events/archive/{start.year}/")


def test_my_events_in_french(client_as, member, bilingual, english_only, french_catalogue):
    for event in [bilingual, english_only]:
        factories.RegistrationFactory(event=event, user=member)
    html = page(client_as(member), "/fr/events/mine/")
    assert f">{TITLE_FR}</a>" in html
    assert 'lang="en">Workshop on rosters</a>' in html
    # The cancel button's hidden name keeps the fallback's language too.
    assert '<span lang="en">Workshop on rosters</span>' in html
    assert "Mes événements" in html


def test_my_events_needs_a_login_in_french(client):
    response = client.get("/fr/events/mine/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_registrations_page_in_french(role_user, client_as, english_only, french_catalogue):
    role, user = role_user
    factories.RegistrationFactory(event=english_only, user=factories.member_user())
    response = client_as(user).get(f"/fr/events/{english_only.slug}/registrations/")
    if role not in {"steering", "admin"}:
        assert response.status_code == (302 if role == "public" else 403)
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert re.fullmatch(
        r'<h1>Inscriptions\s: <span lang="en">Workshop on rosters</span></h1>', h1(html)
    )
    assert "Inscrit\u00a0: 1 · En liste d’attente\u00a0: 0" in html


def test_home_and_theme_boxes_show_the_french_title(client, bilingual, english_only):
    theme = factories.ThematicAreaFactory(name="Protection", name_fr="Protection")
    bilingual.themes.add(theme)
    english_only.themes.add(theme)
    for url in ["/fr/", f"/fr/themes/{theme.slug}/"]:
        html = page(client, url)
        assert f">{TITLE_FR}</a>" in html, url
        assert 'lang="en">Workshop on rosters</a>' in html, url
    assert f">{TITLE}</a>" in page(client, "/")


# --- calendars and the sitemap -----------------------------------------------------------


def calendar_events(response):
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(item["uid"]): item for item in calendar.walk("VEVENT")}, calendar


def test_event_calendar_in_french_says_its_language(client, bilingual, english_only):
    items, _ = calendar_events(client.get(f"/fr/events/{bilingual.slug}/event.ics"))
    (item,) = items.values()
    assert str(item["summary"]) == TITLE_FR
    assert item["summary"].params["LANGUAGE"] == "fr"
    assert "Des praticiens comparent leurs notes." in str(item["description"])
    assert item["description"].params["LANGUAGE"] == "fr"
    assert str(item["url"]).endswith(f"/fr/events/{bilingual.slug}/")
    # No French: the English text, saying it is English.
    items, _ = calendar_events(client.get(f"/fr/events/{english_only.slug}/event.ics"))
    (item,) = items.values()
    assert str(item["summary"]) == "Workshop on rosters"
    assert item["summary"].params["LANGUAGE"] == "en"


def test_public_feed_in_each_language(client, bilingual, english_only, french_catalogue):
    items, calendar = calendar_events(client.get("/fr/events/feed.ics"))
    summaries = {
        str(item["summary"]): item["summary"].params["LANGUAGE"] for item in items.values()
    }
    assert summaries == {TITLE_FR: "fr", "Workshop on rosters": "en"}
    assert str(calendar["x-wr-calname"]).startswith("Groupe de travail")
    items, calendar = calendar_events(client.get("/events/feed.ics"))
    summaries = {
        str(item["summary"]): item["summary"].params["LANGUAGE"] for item in items.values()
    }
    assert summaries == {TITLE: "en", "Workshop on rosters": "en"}
    assert str(calendar["x-wr-calname"]).startswith("Peace Operations Working Group")


def test_personal_feed_in_french(client, member, bilingual):
    members_only = factories.EventFactory(
        title="Members' briefing", title_fr="Séance des membres", visibility="members"
    )
    token = CalendarFeedToken.objects.create(user=member)
    with translation.override("fr"):
        url = token.get_absolute_url()
    assert url.startswith("/fr/")
    items, _ = calendar_events(client.get(url))
    assert {str(item["summary"]) for item in items.values()} == {TITLE_FR, "Séance des membres"}
    assert members_only.title not in client.get(url).content.decode()


def test_sitemap_lists_each_event_in_both_languages(client, bilingual):
    urls = [entry["location"] for entry in EventSitemap().get_urls(protocol="http")]
    assert any(url.endswith(f"/events/{bilingual.slug}/") and "/fr/" not in url for url in urls)
    assert any(url.endswith(f"/fr/events/{bilingual.slug}/") for url in urls)
    xml = client.get("/sitemap.xml").content.decode()
    entries = [entry for entry in xml.split("<url>") if bilingual.slug in entry]
    assert len(entries) == 2  # the English page and the French one, each with both
    for entry in entries:
        assert re.search(rf'hreflang="en" href="http[^"]+/events/{bilingual.slug}/"', entry)
        assert re.search(rf'hreflang="fr" href="http[^"]+/fr/events/{bilingual.slug}/"', entry)


# --- the admin and the model -------------------------------------------------------------


def test_admin_edits_both_languages_side_by_side(client_as, admin, bilingual):
    html = page(client_as(admin), reverse("admin:events_event_change", args=[bilingual.pk]))
    for name in ["title_fr", "summary", "summary_fr", "description_fr", "cancellation_notice_fr"]:
        assert f'name="{name}"' in html, name
    assert 'name="questions-0-text_fr"' in html
    assert 'name="agenda_items-0-title_fr"' in html
    html = page(
        client_as(admin), reverse("admin:events_eventseries_change", args=[bilingual.series.pk])
    )
    assert 'name="title_fr"' in html and 'name="description_fr"' in html


def test_admin_list_tells_french_titles(client_as, admin, bilingual, english_only):
    html = page(client_as(admin), reverse("admin:events_event_changelist"))
    rows = {
        title: row
        for row in html.split("<tr")
        for title in [TITLE, "Workshop on rosters"]
        if f">{title}</a>" in row
    }
    assert 'alt="True"' in rows[TITLE] and 'alt="False"' in rows["Workshop on rosters"]


def test_admin_saves_a_french_title_on_one_line(client_as, admin, bilingual):
    url = reverse("admin:events_event_change", args=[bilingual.pk])
    response = client_as(admin).get(url)
    form = response.context["adminform"].form
    data = {**form.initial}
    assert "title_fr" in form.fields and "summary_fr" in form.fields
    # The single-line rule covers the French title like the English one.
    bound = type(form)(
        data={**{k: v for k, v in data.items() if v is not None}, "title_fr": "Deux\nlignes"},
        instance=bilingual,
    )
    bound.is_valid()
    assert bound.cleaned_data.get("title_fr") == "Deux lignes"


def test_short_summary_keeps_the_language_it_is_in():
    event = Event(title="T", description="Seulement en français.", description_fr="")
    with translation.override("en"):
        assert event.short_summary == "Seulement en français." and event.short_summary.lang == "en"
    event = Event(title="T", description="", description_fr="Seulement en **français**.")
    with translation.override("en"):
        summary = event.short_summary
        assert summary == "Seulement en français." and summary.lang == "fr"
        assert summary.lang_attr == ' lang="fr"'


# --- the demo ----------------------------------------------------------------------------


def test_demo_events_speak_both_languages_but_one_title(settings, client, french_catalogue):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    events = list(Event.objects.prefetch_related("questions", "agenda_items"))
    assert len(events) >= 9
    untitled = [event.slug for event in events if not event.title_fr]
    # One event keeps no French title, to show the fallback; everything else is French.
    assert untitled == ["public-dialogue-fifty-years-of-un-peacekeeping-2007"]
    for event in events:
        assert event.summary and event.summary_fr and event.description_fr, event.slug
        assert all(question.text_fr for question in event.questions.all()), event.slug
        assert all(item.title_fr for item in event.agenda_items.all()), event.slug
    # French typography: no-break spaces, never a plain space before a colon.
    titles = [event.title_fr for event in events if event.title_fr]
    assert all(" :" not in title for title in titles)
    assert any("\u00a0:" in title for title in titles)
    html = page(client, "/fr/events/public-dialogue-fifty-years-of-un-peacekeeping-2007/")
    assert h1(html) == (
        '<h1 id="event-title" lang="en">Public dialogue: fifty years of UN peacekeeping</h1>'
    )
    assert '<p class="lead">Le bilan des Casques bleus' in html
    # A second load changes nothing.
    before = list(Event.objects.order_by("pk").values_list("title_fr", "summary_fr", "updated_at"))
    call_command("load_demo", verbosity=0)
    after = list(Event.objects.order_by("pk").values_list("title_fr", "summary_fr", "updated_at"))
    assert before == after
