"""Following the recommendations tracker: follow, unfollow, and the emails a change sends.

A status update reaches the members who follow its recommendation (or the item it is a
sub-point of), its addressee or one of its themes: one email per person per update
however many ways they follow it, in the person's language (``User.language``), and
never to someone who may not see the recommendation (``visible_to`` on the recipient) or
who is no longer a member.

The emails are background jobs (``documents.tasks``): the update's transaction queues one
job, which queues one email job per follower, so a rolled-back update tells no one, a
thousand followers never hold up the steering committee's page, and a failed email is
retried alone without sending the others twice. Who gets one is decided when it is sent.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from documents.models import Document, Follow, Recommendation, SourceKind, StatusUpdate
from powg import jobs
from powg.emails import send_to_person
from powg.links import absolute_url
from powg.markdown import markdown_to_text
from powg.roles import is_member, is_steering


def follow(*, user, language="en", recommendation=None, addressee=None, theme=None) -> Follow:
    """Follow one item (again: nothing doubles), noting the language it was followed in.

    The emails themselves go in the person's own language (``User.language``)."""
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
    """Queue the followers' emails in the update's transaction (nothing if it rolls back)."""
    jobs.defer("documents.tasks.tell_followers", update_id=update.pk)


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


def recipients(update: StatusUpdate, *, user_ids=None):
    """(user, follows, visible documents) for each member this update concerns and who
    may see it; only among ``user_ids`` when given."""
    assignment = update.assignment
    recommendation = assignment.recommendation
    chain, item = [], recommendation
    while item is not None:
        chain.append(item.pk)
        item = item.parent
    theme_ids = list(recommendation.themes.values_list("pk", flat=True))
    reaching = Follow.objects.reaching(
        recommendation_ids=chain,
        addressee_ids=[assignment.addressee_id],
        theme_ids=theme_ids,
    ).filter(user__is_active=True)
    if user_ids is not None:
        reaching = reaching.filter(user_id__in=user_ids)
    reaching = reaching.select_related("user", "recommendation", "addressee", "theme").order_by(
        "user_id", "-created_at", "-id"
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
            found.append((user, rows, visible_documents))
    return found


def _update(update_id):
    return (
        StatusUpdate.objects.select_related(
            "assignment__addressee",
            "assignment__recommendation__document",
            "assignment__recommendation__parent",
        )
        .prefetch_related("sources__document")
        .filter(pk=update_id)
        .first()
    )


def follower_ids(*, update_id: int) -> list[int]:
    """The users who are to hear of this update (none if it is gone)."""
    update = _update(update_id)
    if update is None:
        return []
    return [user.pk for user, _rows, _visible in recipients(update)]


def send_follow_email(*, update_id: int, user_id: int) -> bool:
    """Email one follower about one update, in their language, if they still are to hear
    of it (still a member, still following, still allowed to see it); returns whether
    an email left."""
    update = _update(update_id)
    if update is None:
        return False
    found = recipients(update, user_ids=[user_id])
    if not found:
        return False
    ((user, rows, visible_documents),) = found
    sources = list(update.sources.all())
    send_to_person(
        user=user,
        subject_template="documents/email/follow_update_subject.txt",
        body_template="documents/email/follow_update_message.txt",
        context=lambda: _context(update, user, rows, sources, visible_documents),
    )
    return True


def _context(update, user, rows, sources, visible_documents) -> dict:
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
    return {
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
