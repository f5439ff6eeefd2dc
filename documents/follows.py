"""Following the recommendations tracker: follow, unfollow, and the emails a change sends.

A status update reaches the members who follow its recommendation (or the item it is a
sub-point of), its addressee or one of its themes: one email per person per update
however many ways they follow it, in the language they followed in, sent only after the
update is committed, and never to someone who may not see the recommendation
(``visible_to`` on the recipient) or who is no longer a member.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from documents.models import Document, Follow, Recommendation, SourceKind, StatusUpdate
from powg.links import absolute_url
from powg.markdown import markdown_to_text
from powg.roles import is_member, is_steering


def follow(*, user, language="en", recommendation=None, addressee=None, theme=None) -> Follow:
    """Follow one item (again: nothing doubles); the language is the emails' language."""
    language = (language or settings.LANGUAGE_CODE).split("-")[0]
    target = {"recommendation": recommendation, "addressee": addressee, "theme": theme}
    try:
        with transaction.atomic():
            item, created = Follow.objects.get_or_create(
                user=user, **target, defaults={"language": language}
            )
    except IntegrityError:  # a double click raced us: the row exists
        item, created = Follow.objects.get(user=user, **target), False
    if not created and item.language != language:
        item.language = language
        item.save(update_fields=["language"])
    return item


def unfollow(*, user, recommendation=None, addressee=None, theme=None) -> int:
    deleted, _ = (
        Follow.objects.of(user)
        .target(recommendation=recommendation, addressee=addressee, theme=theme)
        .delete()
    )
    return deleted


def notify_followers(*, update: StatusUpdate) -> None:
    """Send the followers' emails once the update's transaction has committed."""
    update_id = update.pk
    transaction.on_commit(lambda: send_follow_emails(update_id=update_id))


class _Sight:
    """What a recipient may see, asked once per kind of reader: ``visible_to`` depends
    only on the reader's roles, and a thousand followers should not cost a thousand
    queries."""

    def __init__(self, recommendation, documents):
        self.recommendation = recommendation
        self.documents = documents
        self.cache = {}

    def of(self, user):
        key = (is_steering(user), is_member(user))
        if key not in self.cache:
            sees = Recommendation.objects.visible_to(user).filter(pk=self.recommendation.pk)
            ids = [d.pk for d in self.documents]
            visible = set(
                Document.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
            )
            self.cache[key] = (sees.exists(), visible)
        return self.cache[key]


def recipients(update: StatusUpdate):
    """(user, language, follows) for each member this update concerns and may see it."""
    assignment = update.assignment
    recommendation = assignment.recommendation
    chain, item = [], recommendation
    while item is not None:
        chain.append(item.pk)
        item = item.parent
    theme_ids = list(recommendation.themes.values_list("pk", flat=True))
    reaching = (
        Follow.objects.reaching(
            recommendation_ids=chain,
            addressee_ids=[assignment.addressee_id],
            theme_ids=theme_ids,
        )
        .filter(user__is_active=True)
        .select_related("user", "recommendation", "addressee", "theme")
        .order_by("user_id", "-created_at", "-id")
    )
    grouped = {}
    for row in reaching:
        grouped.setdefault(row.user_id, []).append(row)
    sources = list(update.sources.all())
    documents = [s.document for s in sources if s.kind == SourceKind.DOCUMENT and s.document_id]
    sight = _Sight(recommendation, documents)
    found = []
    for rows in grouped.values():
        user = rows[0].user
        if not is_member(user):
            continue  # the public never follows; a lapsed member hears no more
        sees, visible_documents = sight.of(user)
        if sees:
            found.append((user, rows[0].language, rows, visible_documents))
    return found


def send_follow_emails(*, update_id: int) -> int:
    """Email each follower of the update once; returns how many emails left."""
    update = (
        StatusUpdate.objects.select_related(
            "assignment__addressee",
            "assignment__recommendation__document",
            "assignment__recommendation__parent",
        )
        .prefetch_related("sources__document")
        .filter(pk=update_id)
        .first()
    )
    if update is None:
        return 0
    sources = list(update.sources.all())
    emails = []
    for user, language, rows, visible_documents in recipients(update):
        with translation.override(language):
            emails.append(_email(update, user, rows, sources, visible_documents))
    if emails:
        get_connection().send_messages(emails)
    return len(emails)


def _email(update, user, rows, sources, visible_documents) -> EmailMessage:
    """One member's email about one update, in the language active now."""
    assignment = update.assignment
    recommendation = assignment.recommendation
    shown = []
    for source in sources:
        if source.kind == SourceKind.DOCUMENT:
            if source.document_id not in visible_documents:
                continue
            shown.append((source.label, absolute_url(source.href)))
        else:
            shown.append((source.label, source.href))
    context = {
        "user": user,
        "update": update,
        "assignment": assignment,
        "addressee": assignment.addressee.label,
        "recommendation": recommendation,
        "document": recommendation.document,
        "text": markdown_to_text(recommendation.text),
        "note": markdown_to_text(update.note),
        "sources": shown,
        "reasons": [_reason(row) for row in rows],
        "url": absolute_url(recommendation.get_absolute_url()),
        "following_url": absolute_url(reverse("documents:recommendation-following")),
    }
    subject = render_to_string("documents/email/follow_update_subject.txt", context)
    body = render_to_string("documents/email/follow_update_message.txt", context)
    return EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def _reason(row: Follow) -> str:
    if row.recommendation_id:
        return translation.gettext("you follow recommendation %(number)s") % {
            "number": row.recommendation.number
        }
    if row.addressee_id:
        return translation.gettext("you follow the addressee %(name)s") % {
            "name": row.addressee.label
        }
    return translation.gettext("you follow the thematic area %(name)s") % {"name": row.theme.label}
