"""Email alerts by theme: subscribe, confirm, change preferences, unsubscribe, digests.

- **Double opt-in.** ``subscribe`` records the wish and queues a confirmation email;
  nothing else is ever sent to an address until its owner follows that link. The page
  answers the same whatever the address's state (never saying whether it is already
  subscribed): a confirmed address is sent a link to its preferences instead, and the
  request changes nothing.
- **Links are signed tokens that expire** (``django.core.signing``, one salt per use):
  the subscription's id and its key, so a tampered token, an expired one, and one of a
  subscription since deleted are each told apart and explained on the page.
- **Every message** has a one-click unsubscribe link and the ``List-Unsubscribe`` and
  ``List-Unsubscribe-Post`` headers (RFC 8058: the mail client POSTs to that address),
  in the subscriber's language, as plain text with an HTML alternative.
- **Digests** (``queue_due_digests``, from the daily job in ``documents.tasks``): for each
  subscription due, the papers published since its last digest that match its themes
  and types and that its reader may see (``visible_to`` on the account with that
  address, or the public), one version per pair of translations (the subscriber's
  language first). Each paper listed is recorded (``AlertDelivery``) in the same
  transaction that queues the email, so a paper is never listed twice, whatever runs
  twice; steering-only papers are never emailed.
"""

import datetime
import re

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from documents.models import (
    AlertDelivery,
    AlertSubscription,
    Document,
    DocumentType,
    ThematicArea,
    ThemedDocument,
)
from powg import jobs
from powg.links import absolute_url
from powg.visibility import Visibility

CONFIRM = "confirm"
PREFERENCES = "preferences"
UNSUBSCRIBE = "unsubscribe"
# How long each link works. An unsubscribe link lives long (every message brings a
# fresh one); an expired link's page says how to get a new one.
MAX_AGE = {
    CONFIRM: datetime.timedelta(days=7),
    PREFERENCES: datetime.timedelta(days=30),
    UNSUBSCRIBE: datetime.timedelta(days=180),
}
SALT = "documents.alerts."
# A paper saved just before a digest's time but committed after it would fall between
# two windows: each window reaches back this far, and the deliveries drop repeats.
LOOKBACK = datetime.timedelta(hours=1)
# Subscriptions from one internet address and requests for one email address.
SUBSCRIBE_RATE = "20/1h/ip,3/1h/key"
ACTION = "alerts"


# --- tokens ---------------------------------------------------------------------------


class BadToken(Exception):
    """A link that does not work: ``reason`` is ``expired``, ``invalid`` or ``gone``."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def make_token(subscription, purpose: str) -> str:
    return signing.dumps({"s": subscription.pk, "k": subscription.key}, salt=SALT + purpose)


def read_token(token: str, purpose: str) -> AlertSubscription:
    """The subscription a link is for, or ``BadToken`` saying why not."""
    try:
        data = signing.loads(token, salt=SALT + purpose, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired:
        raise BadToken("expired") from None
    except signing.BadSignature:
        raise BadToken("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise BadToken("invalid")
    subscription = AlertSubscription.objects.filter(pk=data["s"], key=data.get("k")).first()
    if subscription is None:
        raise BadToken("gone")
    return subscription


def link(subscription, purpose: str) -> str:
    """The absolute address of one of a subscription's pages, in the active language."""
    name = {
        CONFIRM: "documents:alert-confirm",
        PREFERENCES: "documents:alert-preferences",
        UNSUBSCRIBE: "documents:alert-unsubscribe",
    }[purpose]
    return absolute_url(reverse(name, kwargs={"token": make_token(subscription, purpose)}))


# --- acts -----------------------------------------------------------------------------


def subscribe_allowed(request, *, email: str) -> bool:
    """Whether this internet address, and this email address, may ask for alerts now."""
    rate = getattr(settings, "ALERTS_SUBSCRIBE_RATE_LIMIT", SUBSCRIBE_RATE)
    usage = allauth_ratelimit.consume(
        request, app="documents", action=ACTION, config={ACTION: rate}, key=email.lower()
    )
    return usage is not None


def _language(language) -> str:
    language = (language or "").split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _set_preferences(subscription, *, themes, document_types, frequency, language):
    subscription.document_types = sorted(set(document_types) & set(DocumentType.values))
    subscription.frequency = frequency
    subscription.language = _language(language)
    subscription.save()
    subscription.themes.set(themes)


def subscribe(*, email, themes, document_types, frequency, language) -> AlertSubscription:
    """Ask for alerts: a confirmation email to a new or unconfirmed address (with these
    choices), a link to its preferences to a confirmed one (its choices unchanged)."""
    email = email.strip().lower()
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().filter(email=email).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = AlertSubscription.objects.create(email=email)
            except IntegrityError:  # the same address sent twice at once
                subscription = AlertSubscription.objects.select_for_update().get(email=email)
        if subscription.is_confirmed:
            jobs.defer("documents.tasks.email_alert_preferences", subscription_id=subscription.pk)
        else:
            _set_preferences(
                subscription,
                themes=themes,
                document_types=document_types,
                frequency=frequency,
                language=language,
            )
            jobs.defer("documents.tasks.email_alert_confirmation", subscription_id=subscription.pk)
    return subscription


def confirm(*, subscription) -> bool:
    """Confirm the address; digests start from now. Returns whether it was new."""
    with transaction.atomic():
        locked = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.is_confirmed:
            return False
        now = timezone.now()
        locked.confirmed_at = now
        locked.last_digest_at = now
        locked.save(update_fields=["confirmed_at", "last_digest_at"])
    subscription.refresh_from_db()
    return True


def update_preferences(*, subscription, themes, document_types, frequency, language) -> None:
    with transaction.atomic():
        _set_preferences(
            subscription,
            themes=themes,
            document_types=document_types,
            frequency=frequency,
            language=language,
        )


def unsubscribe(*, subscription) -> None:
    """Forget the address, its choices and what it was sent."""
    with transaction.atomic():
        AlertSubscription.objects.filter(pk=subscription.pk).delete()


# --- digests --------------------------------------------------------------------------


def reader_for(email: str):
    """Whom a digest is for: the active account with this address, or the public."""
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    return user or AnonymousUser()


def digest_documents(subscription, *, now, reader=None):
    """The papers a digest prepared at ``now`` lists, newest first."""
    reader = reader if reader is not None else reader_for(subscription.email)
    since = subscription.confirmed_at
    if subscription.last_digest_at is not None:
        since = max(since, subscription.last_digest_at - LOOKBACK)
    documents = (
        Document.objects.visible_to(reader)
        .published()
        .filter(
            visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS],
            published_at__gt=since,
            published_at__lte=now,
        )
    )
    theme_ids = [theme.pk for theme in subscription.themes.all()]
    if theme_ids:
        documents = documents.filter(
            pk__in=ThemedDocument.objects.filter(tag_id__in=theme_ids).values("content_object_id")
        )
    if subscription.document_types:
        documents = documents.filter(document_type__in=subscription.document_types)
    sent = AlertDelivery.objects.filter(subscription=subscription).values("document_id")
    documents = documents.exclude(pk__in=sent).exclude(
        models.Q(other_language_version__isnull=False) & models.Q(other_language_version__in=sent)
    )
    return list(
        documents.one_version_per_pair(subscription.language)
        .for_cards()
        .order_by("-published_at", "-id")
    )


def prepare_digest(*, subscription_id: int, now) -> list[int]:
    """Record and queue one subscription's digest if it is due; the papers' ids.

    The subscription is locked, so two runs at once prepare it once; the deliveries and
    the email's job are written in one transaction, or neither is.
    """
    with transaction.atomic():
        subscription = (
            AlertSubscription.objects.due(now)
            .select_for_update()
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            return []
        ids = [document.pk for document in digest_documents(subscription, now=now)]
        AlertDelivery.objects.bulk_create(
            [AlertDelivery(subscription=subscription, document_id=pk) for pk in ids]
        )
        subscription.last_digest_at = now
        subscription.save(update_fields=["last_digest_at"])
        if ids:
            jobs.defer(
                "documents.tasks.email_alert_digest",
                subscription_id=subscription.pk,
                document_ids=ids,
            )
    return ids


def queue_due_digests(*, now=None) -> dict:
    """Prepare every digest due now; how many subscriptions and papers."""
    now = now or timezone.now()
    due = list(AlertSubscription.objects.due(now).values_list("pk", flat=True))
    digests = papers = 0
    for pk in due:
        ids = prepare_digest(subscription_id=pk, now=now)
        digests += bool(ids)
        papers += len(ids)
    return {"due": len(due), "digests": digests, "papers": papers}


# --- emails ---------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _send(subscription, *, kind: str, context=None) -> EmailMultiAlternatives:
    """One alert email, plain text and HTML, in the subscriber's language."""
    language = _language(subscription.language)
    with translation.override(language):
        unsubscribe_url = link(subscription, UNSUBSCRIBE)
        values = {
            "subscription": subscription,
            "themes": [theme.label for theme in subscription.themes.all()],
            "types": [DocumentType(value).label for value in subscription.document_types],
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": link(subscription, PREFERENCES),
            "subscribe_url": absolute_url(reverse("documents:alert-subscribe")),
            "LANGUAGE_CODE": language,
            **(context() if callable(context) else context or {}),
        }
        base = f"documents/email/alert_{kind}"
        subject = gettext(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX) + _one_line(
            render_to_string(f"{base}_subject.txt", values)
        )
        text = render_to_string(f"{base}.txt", values)
        html = render_to_string(f"{base}.html", values)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers={
            "Content-Language": language,
            "List-Unsubscribe": (
                f"<{unsubscribe_url}>, <mailto:{settings.CONTACT_EMAIL}?subject=unsubscribe>"
            ),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return message


def send_confirmation(*, subscription_id: int) -> bool:
    """The double opt-in email; nothing to an address already confirmed or gone."""
    subscription = AlertSubscription.objects.filter(
        pk=subscription_id, confirmed_at__isnull=True
    ).first()
    if subscription is None:
        return False
    _send(
        subscription,
        kind="confirm",
        context=lambda: {"confirm_url": link(subscription, CONFIRM)},
    )
    return True


def send_preferences_link(*, subscription_id: int) -> bool:
    """A confirmed subscriber asked again: the link to their preferences."""
    subscription = AlertSubscription.objects.confirmed().filter(pk=subscription_id).first()
    if subscription is None:
        return False
    _send(subscription, kind="preferences")
    return True


def send_digest(*, subscription_id: int, document_ids: list[int]) -> bool:
    """The digest of these papers, if the subscription is still there and the reader may
    still see them (a paper made members-only since is left out)."""
    subscription = AlertSubscription.objects.confirmed().filter(pk=subscription_id).first()
    if subscription is None:
        return False
    reader = reader_for(subscription.email)
    documents = list(
        Document.objects.visible_to(reader)
        .published()
        .filter(pk__in=document_ids, visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
        .for_cards()
        .order_by("-published_at", "-id")
    )
    if not documents:
        return False

    def context():
        return {
            "documents": [
                {
                    "document": document,
                    "url": absolute_url(document.get_absolute_url()),
                    "type": document.get_document_type_display(),
                    "members_only": document.visibility == Visibility.MEMBERS,
                    "other_language": document.language != subscription.language,
                }
                for document in documents
            ],
            "library_url": absolute_url(reverse("documents:document-list")),
        }

    _send(subscription, kind="digest", context=context)
    return True


# --- the steering committee's counts ---------------------------------------------------


def subscriber_counts() -> dict:
    """Confirmed subscribers per theme, for every theme, and in all (no address)."""
    themes = ThematicArea.objects.annotate(
        subscribers=models.Count(
            "alert_subscriptions",
            filter=models.Q(alert_subscriptions__confirmed_at__isnull=False),
        )
    ).order_by("display_order", "name")
    confirmed = models.Q(confirmed_at__isnull=False)

    def count(condition):
        return models.Count("pk", filter=condition, distinct=True)

    totals = AlertSubscription.objects.aggregate(
        total=count(confirmed),
        every_theme=count(confirmed & models.Q(themes__isnull=True)),
        daily=count(confirmed & models.Q(frequency="daily")),
        french=count(confirmed & models.Q(language="fr")),
        pending=count(models.Q(confirmed_at__isnull=True)),
    )
    return {"themes": list(themes), **totals}
