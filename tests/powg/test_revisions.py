"""The shared editing core: revisions, conflicts, restoring, publishing, scheduling."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from documents.models import Document
from powg import publishing
from powg.models import AuditAction, AuditEntry
from powg.revisions import (
    compare,
    conflicting_changes,
    restore,
    revision_token,
    with_changed_labels,
    word_diff,
)
from powg.visibility import Status, Visibility
from tests import factories

pytestmark = pytest.mark.django_db


def edit(document, **values):
    for name, value in values.items():
        setattr(document, name, value)
    document.save()
    return document


def test_word_diff_marks_removed_and_added_words_and_escapes():
    diff = word_diff("Missions need <b>experts</b> now", "Missions need civilian <b>experts</b>")
    assert "<ins>civilian </ins>" in diff or "<ins>civilian</ins>" in diff
    assert "<del>" in diff and "now" in diff
    assert "<b>" not in diff and "&lt;b&gt;" in diff


def test_word_diff_of_equal_texts_has_no_marks():
    assert word_diff("same words", "same words") == "same words"


def test_each_save_is_a_revision_and_compare_names_the_changed_fields():
    document = factories.DocumentFactory(title="First title")
    edit(document, title="Second title", body="A new body\n\nwith two paragraphs.")
    first, second = document.history.order_by("history_id")
    changes = {c.name: c for c in compare(first, second)}
    assert set(changes) == {"title", "body"}
    assert changes["title"].old == "First title" and changes["title"].new == "Second title"
    assert changes["body"].diff is not None and "<ins>" in changes["body"].diff


def test_choices_are_shown_by_their_label():
    document = factories.DocumentFactory()
    edit(document, visibility=Visibility.MEMBERS)
    first, second = document.history.order_by("history_id")
    (change,) = compare(first, second)
    assert (change.old, change.new) == ("Public", "Members only")


def test_no_conflict_when_nobody_saved_since_the_token():
    document = factories.DocumentFactory()
    token = revision_token(document)
    assert conflicting_changes(document, token) is None


def test_a_save_by_someone_else_since_the_token_is_a_conflict_with_their_changes():
    document = factories.DocumentFactory(title="Opened")
    token = revision_token(document)
    other = Document.objects.get(pk=document.pk)
    edit(other, title="Saved by the other editor")
    conflict = conflicting_changes(document, token)
    assert conflict is not None
    assert [c.name for c in conflict.changes] == ["title"]
    assert conflict.changes[0].new == "Saved by the other editor"
    assert len(conflict.records) == 1


def test_a_forged_token_counts_as_opened_before_everything():
    document = factories.DocumentFactory()
    assert conflicting_changes(document, "not-a-number") is not None


def test_restore_brings_back_the_old_content_as_a_new_revision_and_is_audited(steering):
    document = factories.DocumentFactory(title="Original", body="Original body")
    edit(document, title="Changed", body="Changed body")
    original = document.history.order_by("history_id").first()
    restored = restore(original, by=steering)
    restored.refresh_from_db()
    assert (restored.title, restored.body) == ("Original", "Original body")
    assert document.history.count() == 3
    latest = document.history.order_by("-history_id").first()
    assert "Restored revision" in latest.history_change_reason
    entry = AuditEntry.objects.get(action=AuditAction.RESTORE)
    assert entry.actor == steering and entry.object_id == str(document.pk)


def test_changed_labels_for_a_page_of_revisions():
    document = factories.DocumentFactory(title="One")
    edit(document, title="Two")
    edit(document, summary="Another summary")
    records = with_changed_labels(document.history.order_by("-history_id"))
    assert [r.changed for r in records] == [["Summary"], ["Title"], []]


def test_publish_now_dates_it_and_is_audited_once(steering):
    document = factories.DocumentFactory(status=Status.DRAFT)
    assert document.published_at is None
    publishing.publish(document, by=steering)
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED and document.published_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.PUBLISH).count() == 1
    assert document in Document.objects.visible_to(AnonymousUser())


def test_a_schedule_hides_it_until_its_time_without_any_job(steering):
    document = factories.DocumentFactory(status=Status.DRAFT)
    at = timezone.now() + datetime.timedelta(hours=1)
    publishing.publish(document, by=steering, at=at)
    assert AuditEntry.objects.filter(action=AuditAction.SCHEDULE).count() == 1
    document.refresh_from_db()
    assert document.is_scheduled and not document.is_public
    assert not Document.objects.visible_to(AnonymousUser()).filter(pk=document.pk).exists()
    assert Document.objects.visible_to(steering).filter(pk=document.pk).exists()
    Document.objects.filter(pk=document.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Document.objects.visible_to(AnonymousUser()).filter(pk=document.pk).exists()


def test_republishing_keeps_the_first_publication_date(steering):
    document = factories.DocumentFactory(status=Status.DRAFT)
    publishing.publish(document, by=steering)
    first = Document.objects.get(pk=document.pk).published_at
    publishing.publish(document, by=steering)
    assert Document.objects.get(pk=document.pk).published_at == first


def test_unpublish_and_archive_are_audited(steering):
    document = factories.DocumentFactory()
    publishing.archive(document, by=steering)
    assert Document.objects.get(pk=document.pk).status == Status.ARCHIVED
    publishing.unpublish(document, by=steering)
    document.refresh_from_db()
    assert document.status == Status.DRAFT and document.published_at is None
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        AuditAction.ARCHIVE,
        AuditAction.UNPUBLISH,
    ]


def test_a_visibility_change_is_audited_only_when_it_changes(steering):
    document = factories.DocumentFactory()
    assert (
        publishing.audit_visibility_change(document, old_visibility=Visibility.PUBLIC, by=steering)
        is None
    )
    edit(document, visibility=Visibility.MEMBERS)
    entry = publishing.audit_visibility_change(
        document, old_visibility=Visibility.PUBLIC, by=steering
    )
    assert entry.action == AuditAction.VISIBILITY and "Members only" in entry.detail


def test_saving_a_published_item_without_a_date_dates_it():
    document = factories.DocumentFactory()
    assert document.published_at is not None


def test_the_admin_bulk_actions_keep_a_revision_a_date_and_an_audit_entry_each(steering):
    from documents import services

    drafts = [factories.DocumentFactory(status=Status.DRAFT) for _ in range(2)]
    already = factories.DocumentFactory()
    chosen = Document.objects.filter(pk__in=[d.pk for d in [*drafts, already]])
    assert services.set_status(documents=chosen, status=Status.PUBLISHED, by=steering) == 2
    for document in drafts:
        document.refresh_from_db()
        assert document.status == Status.PUBLISHED and document.published_at is not None
        assert document.history.count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.PUBLISH).count() == 2
    services.set_status(documents=chosen, status=Status.DRAFT, by=steering)
    assert AuditEntry.objects.filter(action=AuditAction.UNPUBLISH).count() == 3
    assert not Document.objects.visible_to(AnonymousUser()).filter(pk=already.pk).exists()


def test_restore_keeps_a_unique_value_another_item_has_taken_since(steering):
    document = factories.DocumentFactory(slug="first-address")
    edit(document, slug="second-address")
    factories.DocumentFactory(slug="first-address")  # someone took the old address
    original = document.history.order_by("history_id").first()
    restored = restore(original, by=steering)
    assert restored.slug == "second-address" and restored.restore_kept == ["slug"]


def test_feeds_and_sitemap_querysets_leave_scheduled_documents_out():
    later = timezone.now() + datetime.timedelta(hours=2)
    scheduled = factories.DocumentFactory(published_at=later)
    announced = factories.DocumentFactory(
        visibility=Visibility.MEMBERS, listed_publicly=True, published_at=later
    )
    assert scheduled not in Document.objects.public()
    assert announced not in Document.objects.announced_to_public()
    Document.objects.update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert scheduled in Document.objects.public()
    assert announced in Document.objects.announced_to_public()


def test_a_page_of_no_revisions_has_no_labels():
    assert with_changed_labels([]) == []


def test_the_history_page_of_an_item_saved_without_revisions_answers(client_as, steering):
    document = factories.DocumentFactory()
    document.history.all().delete()  # as rows written in bulk or by a migration
    response = client_as(steering).get(f"/library/{document.slug}/history/")
    assert response.status_code == 200
    assert "No revision has been recorded yet" in response.content.decode()
