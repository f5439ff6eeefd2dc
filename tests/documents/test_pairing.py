"""A document and its translation: one pair, seen and edited from both sides."""

import datetime
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.models import Document, TranslationPlan
from powg.visibility import Visibility
from tests.documents.test_files import admin_form_data
from tests.factories import DocumentFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


def reload(*documents):
    return [Document.objects.get(pk=d.pk) for d in documents]


def partner_ids(*documents):
    return [d.other_language_version_id for d in reload(*documents)]


@pytest.fixture
def pair():
    english = DocumentFactory(title="Civilian capacity", slug="civilian-capacity", language="en")
    french = DocumentFactory(title="Capacité civile", slug="capacite-civile", language="fr")
    services.pair_documents(document=english, counterpart=french)
    return english, french


# --- the service ----------------------------------------------------------------------


def test_pairing_links_both_sides(pair):
    english, french = pair
    assert partner_ids(english, french) == [french.pk, english.pk]


def test_pairing_from_the_other_side_gives_the_same_pair(pair):
    english, french = pair
    services.pair_documents(document=french, counterpart=english)
    assert partner_ids(english, french) == [french.pk, english.pk]


def test_a_new_pair_unlinks_the_earlier_partners_of_both(pair):
    english, french = pair
    other_english = DocumentFactory(language="en")
    other_french = DocumentFactory(language="fr")
    services.pair_documents(document=other_english, counterpart=other_french)
    # english pairs with other_french: french and other_english lose their partners
    services.pair_documents(document=english, counterpart=other_french)
    assert partner_ids(english, other_french, french, other_english) == [
        other_french.pk,
        english.pk,
        None,
        None,
    ]


def test_a_pair_must_differ_in_language_and_be_two_documents(pair):
    english, french = pair
    another_english = DocumentFactory(language="en")
    with pytest.raises(ValidationError) as error:
        services.pair_documents(document=english, counterpart=another_english)
    assert "other_language_version" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.pair_documents(document=english, counterpart=english)
    # nothing changed
    assert partner_ids(english, french, another_english) == [french.pk, english.pk, None]


def test_pairing_fulfils_a_planned_translation():
    english = DocumentFactory(
        language="en",
        translation_plan=TranslationPlan.PLANNED,
        translation_due=datetime.date(2026, 6, 1),
    )
    assert english.translation_coming
    french = DocumentFactory(language="fr")
    services.pair_documents(document=french, counterpart=english)
    english = reload(english)[0]
    assert (english.translation_plan, english.translation_due) == ("", None)
    assert not english.translation_coming


def test_unpairing_unlinks_both_sides(pair):
    english, french = pair
    services.unpair_document(document=french)
    assert partner_ids(english, french) == [None, None]


def test_link_other_language_versions_stores_what_the_document_names(pair):
    """The call the demo makes: the instance names its counterpart (or none)."""
    english, french = pair
    newer = DocumentFactory(language="fr")
    english.other_language_version = newer
    services.link_other_language_versions(document=english)
    assert partner_ids(english, newer, french) == [newer.pk, english.pk, None]
    english.other_language_version = None
    services.link_other_language_versions(document=english)
    assert partner_ids(english, newer) == [None, None]


@pytest.mark.parametrize(
    ("plan", "due", "with_counterpart", "field"),
    [
        ("", datetime.date(2026, 1, 1), False, "translation_due"),
        (TranslationPlan.NOT_PLANNED, datetime.date(2026, 1, 1), False, "translation_due"),
        (TranslationPlan.PLANNED, None, True, "translation_plan"),
        (TranslationPlan.NOT_PLANNED, None, True, "translation_plan"),
    ],
)
def test_a_translation_plan_is_checked(plan, due, with_counterpart, field):
    english = DocumentFactory(language="en")
    counterpart = DocumentFactory(language="fr") if with_counterpart else None
    with pytest.raises(ValidationError) as error:
        services.validate_pairing(
            document=english, counterpart=counterpart, translation_plan=plan, translation_due=due
        )
    assert list(error.value.message_dict) == [field]


def test_a_planned_translation_with_a_date_is_fine():
    services.validate_pairing(
        document=DocumentFactory(language="en"),
        counterpart=None,
        translation_plan=TranslationPlan.PLANNED,
        translation_due=datetime.date(2026, 1, 1),
    )


# --- the admin -------------------------------------------------------------------------


def change(client, document, **fields):
    data = admin_form_data(
        title=document.title,
        slug=document.slug,
        language=document.language,
        **fields,
    )
    return client.post(f"/admin/documents/document/{document.pk}/change/", data)


def test_admin_edits_the_pair_from_the_french_side(client_as, admin, pair):
    english, french = pair
    newer_english = DocumentFactory(language="en")
    response = change(client_as(admin), french, other_language_version=newer_english.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert partner_ids(french, newer_english, english) == [newer_english.pk, french.pk, None]


def test_admin_takes_a_counterpart_from_another_pair(client_as, admin, pair):
    """The counterpart chosen is already paired: that pair is undone, no unique error."""
    english, french = pair
    lone_english = DocumentFactory(language="en")
    response = change(client_as(admin), lone_english, other_language_version=french.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert partner_ids(lone_english, french, english) == [french.pk, lone_english.pk, None]


def test_admin_shows_the_pair_on_both_sides(client_as, admin, pair):
    english, french = pair
    client = client_as(admin)
    for document, other in ((english, french), (french, english)):
        html = client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
        select = re.search(r'<select name="other_language_version".*?</select>', html, re.S)
        assert select and f'value="{other.pk}" selected' in select.group(0)
        assert 'name="translation_plan"' in html and 'name="translation_due"' in html


def test_admin_clearing_the_counterpart_unpairs_both(client_as, admin, pair):
    english, french = pair
    response = change(client_as(admin), english, other_language_version="")
    assert response.status_code == 302
    assert partner_ids(english, french) == [None, None]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"other_language_version": "same"}, "must be in the other language"),
        ({"other_language_version": "self"}, "cannot be its own other version"),
        ({"translation_due": "2026-05-01"}, "only makes sense for a planned translation"),
        (
            {"translation_plan": "planned", "other_language_version": "french"},
            "there is no translation to plan",
        ),
    ],
)
def test_admin_refuses_a_wrong_pair_or_plan(client_as, admin, fields, message):
    english = DocumentFactory(title="Lone paper", slug="lone-paper", language="en")
    french = DocumentFactory(language="fr")
    same = DocumentFactory(language="en")
    named = {"same": same.pk, "self": english.pk, "french": french.pk}
    fields = {k: named.get(v, v) for k, v in fields.items()}
    response = change(client_as(admin), english, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert partner_ids(english, french, same) == [None, None, None]


def test_admin_saves_a_planned_translation(client_as, admin):
    english = DocumentFactory(title="Lone paper", slug="lone-paper", language="en")
    response = change(
        client_as(admin), english, translation_plan="planned", translation_due="2026-05-01"
    )
    assert response.status_code == 302
    english = reload(english)[0]
    assert english.translation_coming and english.translation_due == datetime.date(2026, 5, 1)


# --- the reading page and the switcher --------------------------------------------------


def text(response):
    """The page with entities decoded (Django escapes apostrophes)."""
    return unescape(response.content.decode())


def switcher(html):
    return re.search(r'<a class="lang-switch" href="([^"]*)"', html).group(1)


def test_the_reading_page_links_the_counterpart_in_both_languages(client, pair):
    english, french = pair
    html = client.get("/library/civilian-capacity/").content.decode()
    assert (
        '<a href="/fr/library/capacite-civile/" hreflang="fr" lang="fr">Version française</a>'
        in html
    )
    html = client.get("/fr/library/capacite-civile/").content.decode()
    assert (
        '<a href="/library/civilian-capacity/" hreflang="en" lang="en">English version</a>' in html
    )


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/library/civilian-capacity/", "/fr/library/capacite-civile/"),
        ("/fr/library/capacite-civile/", "/library/civilian-capacity/"),
        # the reader reads the other version under the other prefix: the switcher
        # leads to the version in the language switched to
        ("/fr/library/civilian-capacity/", "/library/civilian-capacity/"),
        ("/library/capacite-civile/", "/fr/library/capacite-civile/"),
    ],
)
def test_the_switcher_leads_to_the_counterpart(client, pair, french_catalogue, path, target):
    assert switcher(client.get(path).content.decode()) == target


def test_without_counterpart_the_switcher_keeps_the_page_which_says_so(client, french_catalogue):
    DocumentFactory(title="English only", slug="english-only", language="en")
    DocumentFactory(title="Seulement en français", slug="francais-seulement", language="fr")
    english_page = client.get("/library/english-only/").content.decode()
    assert switcher(english_page) == "/fr/library/english-only/"
    assert "exists in English only" not in english_page  # the reader's own language
    french_view = text(client.get("/fr/library/english-only/"))
    assert '<p class="notice notice--language" lang="fr">Ce document n\'existe qu\'en anglais.' in (
        french_view
    )
    assert switcher(french_view) == "/library/english-only/"
    english_view = client.get("/library/francais-seulement/").content.decode()
    assert (
        '<p class="notice notice--language" lang="en">This document exists in French only.</p>'
        in english_view
    )


SEES_STEERING = {"public": False, "member": False, "steering": True, "admin": True}


def test_a_counterpart_the_reader_may_not_see_is_not_linked(role_user, client_as, french_catalogue):
    role, user = role_user
    linked = SEES_STEERING[role]
    english = DocumentFactory(title="Civilian capacity", slug="civilian-capacity", language="en")
    french = DocumentFactory(
        title="Capacité civile",
        slug="capacite-civile",
        language="fr",
        visibility=Visibility.STEERING,
    )
    services.pair_documents(document=english, counterpart=french)
    client = client_as(user)
    html = client.get("/library/civilian-capacity/").content.decode()
    assert ("/fr/library/capacite-civile/" in html) is linked
    assert switcher(html) == (
        "/fr/library/capacite-civile/" if linked else "/fr/library/civilian-capacity/"
    )
    french_view = text(client.get("/fr/library/civilian-capacity/"))
    assert ("Ce document n'existe qu'en anglais." in french_view) is not linked


def test_the_switcher_keeps_the_query_string_on_ordinary_pages(client):
    html = client.get("/library/?q=civilian+experts&sort=title&page=2").content.decode()
    assert switcher(html) == "/fr/library/?q=civilian+experts&amp;sort=title&amp;page=2"
    html = client.get("/fr/events/?past=1").content.decode()
    assert switcher(html) == "/events/?past=1"


# --- badges ----------------------------------------------------------------------------


def test_a_coming_translation_shows_a_badge_with_its_date(client, french_catalogue):
    DocumentFactory(
        title="Planned paper",
        slug="planned-paper",
        language="en",
        translation_plan=TranslationPlan.PLANNED,
        translation_due=datetime.date(2026, 3, 15),
    )
    DocumentFactory(
        title="Rapport prévu",
        slug="rapport-prevu",
        language="fr",
        translation_plan=TranslationPlan.PLANNED,
    )
    DocumentFactory(
        title="Not planned", slug="not-planned", translation_plan=TranslationPlan.NOT_PLANNED
    )
    english = client.get("/library/planned-paper/").content.decode()
    assert '<span class="badge badge--translation">French version coming</span>' in english
    assert "expected by 15 March 2026" in english
    french = text(client.get("/fr/library/planned-paper/"))
    assert '<span class="badge badge--translation">Version française à venir</span>' in french
    assert "prévue d'ici le 15 mars 2026" in french
    listing = client.get("/library/").content.decode()
    coming = [c for c in listing.split("<article")[1:] if "badge--translation" in c]
    assert len(coming) == 2
    assert any("Planned paper" in c and "French version coming" in c for c in coming)
    assert any("Rapport prévu" in c and "English version coming" in c for c in coming)
    assert "badge--translation" not in client.get("/library/not-planned/").content.decode()


# --- lang on content in the other language ---------------------------------------------


def test_content_in_the_other_language_is_marked(client, french_catalogue):
    theme = ThematicAreaFactory(name="Rapid deployment", name_fr="", slug="rapid")
    DocumentFactory(title="Déploiement rapide", slug="deploiement", language="fr", themes=[theme])
    DocumentFactory(title="Rapid deployment", slug="rapid-deployment", themes=[theme])
    english = client.get("/library/").content.decode()
    assert '<a href="/library/deploiement/" lang="fr">Déploiement rapide</a>' in english
    assert '<a href="/library/rapid-deployment/">Rapid deployment</a>' in english
    french = client.get("/fr/library/").content.decode()
    assert '<a href="/fr/library/rapid-deployment/" lang="en">Rapid deployment</a>' in french
    assert '<a href="/fr/library/deploiement/">Déploiement rapide</a>' in french
    # a theme with no French name shows its English one, marked
    assert '<a href="/fr/themes/rapid/" lang="en">Rapid deployment</a>' in french
    reading = client.get("/fr/library/deploiement/").content.decode()
    assert '<a href="/fr/library/rapid-deployment/" lang="en">Rapid deployment</a>' in reading
    for field in ('id="document-title" lang="fr"', '<div class="prose document-body" lang="fr">'):
        assert field in reading
    assert '<h1 lang="en">Rapid deployment</h1>' in client.get("/fr/themes/rapid/").content.decode()
