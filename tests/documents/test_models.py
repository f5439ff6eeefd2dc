"""The Document model: visibility, dates, slug history, stored search vectors."""

import datetime

import pytest

from documents.models import DatePrecision, Document, DocumentSlugHistory
from powg.visibility import Status, Visibility
from tests.factories import DocumentFactory, EventFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db


def test_visible_to_each_role(member, steering):
    public = DocumentFactory()
    members = DocumentFactory(visibility=Visibility.MEMBERS)
    steering_only = DocumentFactory(visibility=Visibility.STEERING)
    draft = DocumentFactory(status=Status.DRAFT)
    from django.contrib.auth.models import AnonymousUser

    assert set(Document.objects.visible_to(AnonymousUser())) == {public}
    assert set(Document.objects.visible_to(member)) == {public, members}
    assert set(Document.objects.visible_to(steering)) == {public, members, steering_only, draft}


def test_display_date_follows_precision():
    day = DocumentFactory(publication_date=datetime.date(2007, 3, 15))
    month = DocumentFactory(
        publication_date=datetime.date(2007, 3, 1), date_precision=DatePrecision.MONTH
    )
    year = DocumentFactory(
        publication_date=datetime.date(2005, 1, 1), date_precision=DatePrecision.YEAR
    )
    assert day.display_date == "15 March 2007"
    assert month.display_date == "March 2007"
    assert year.display_date == "2005"
    assert year.year == 2005


def test_changed_slug_is_remembered_and_reusable():
    document = DocumentFactory(slug="old-name")
    document.slug = "new-name"
    document.save()
    assert DocumentSlugHistory.objects.get(slug="old-name").document == document
    # A new document may take the old slug: the history entry then goes away.
    DocumentFactory(slug="old-name")
    assert not DocumentSlugHistory.objects.filter(slug="old-name").exists()


def test_search_vector_is_stored_and_stemmed():
    english = DocumentFactory(title="The future of peacekeeping", language="en")
    french = DocumentFactory(
        title="Rapport", body="Les opérations de paix et leurs mandats.", language="fr"
    )
    assert english.__class__.objects.filter(pk=english.pk, search_vector__isnull=False).exists()
    assert list(Document.objects.search("peacekeepers")) == [english]
    assert list(Document.objects.search("opération")) == [french]


def test_keywords_and_themes_are_searchable_and_filterable():
    theme = ThematicAreaFactory()
    document = DocumentFactory(keywords=["liquidity"], themes=[theme])
    DocumentFactory()
    assert list(Document.objects.search("liquidity")) == [document]
    assert list(Document.objects.in_theme(theme)) == [document]
    assert list(Document.objects.in_themes([theme.slug])) == [document]


def test_related_event_reverse_name():
    event = EventFactory()
    document = DocumentFactory(related_event=event)
    assert list(event.outcome_documents.all()) == [document]
