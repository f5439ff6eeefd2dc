"""Email alerts: double opt-in, signed links, one-click unsubscribe, digests, the counts."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from documents import alerts
from documents.models import AlertDelivery, AlertSubscription, DocumentType
from powg.visibility import Status, Visibility
from tests import factories

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("documents:alert-subscribe")
COUNTS = reverse("documents:alert-subscribers")


@pytest.fixture
def theme():
    return factories.ThematicAreaFactory(
        name="Women, peace and security", name_fr="Femmes, paix et sécurité", slug="wps"
    )


@pytest.fixture
def other_theme():
    return factories.ThematicAreaFactory(
        name="Financing and the liquidity crisis", name_fr="Financement", slug="financing"
    )


def queued(task=None):
    """The (task, args) of the jobs queued so far (written in the test's transaction)."""
    jobs = ProcrastinateJob.objects.order_by("id").values_list("task_name", "args")
    return [(name, args) for name, args in jobs if task is None or name.endswith(task)]


def send_queued():
    """Run the alert email jobs queued so far, as a worker would (same functions)."""
    senders = {
        "documents.tasks.email_alert_confirmation": alerts.send_confirmation,
        "documents.tasks.email_alert_preferences": alerts.send_preferences_link,
        "documents.tasks.email_alert_digest": alerts.send_digest,
    }
    for name, args in queued():
        senders[name](**args)
    ProcrastinateJob.objects.all().delete()


def subscribed(email="reader@example.org", *, themes=(), types=(), language="en", days=1):
    """A confirmed subscription, confirmed ``days`` ago (its digest window opens then)."""
    subscription = AlertSubscription.objects.create(
        email=email, language=language, document_types=list(types)
    )
    subscription.themes.set(themes)
    then = timezone.now() - datetime.timedelta(days=days)
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=then, last_digest_at=then
    )
    subscription.refresh_from_db()
    return subscription


def later(days=8):
    return timezone.now() + datetime.timedelta(days=days)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def link_in(message, purpose):
    match = re.search(rf"https?://\S+/alerts/{purpose}/[^/\s]+/", message.body)
    assert match, message.body
    return path_of(match.group(0))


def html_of(message):
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


# --- subscribing: double opt-in ------------------------------------------------------


def test_every_role_may_open_the_subscribe_form(client_as, role_user, theme):
    role, user = role_user
    response = client_as(user).get(SUBSCRIBE)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="email"' in body
    assert theme.name in body
    assert ('href="/alerts/subscribers/"' in body) == (role in {"steering", "admin"})


def test_the_theme_page_and_the_library_lead_to_the_form(client, theme):
    response = client.get(theme.get_absolute_url())
    assert f'href="/alerts/?theme={theme.slug}"' in response.content.decode()
    assert 'href="/alerts/"' in client.get(reverse("documents:document-list")).content.decode()
    # From the theme page, the theme is already ticked.
    form = client.get(f"{SUBSCRIBE}?theme={theme.slug}").content.decode()
    assert re.search(rf'value="{theme.slug}"[^>]*checked', form)


def test_subscribing_queues_a_confirmation_and_nothing_else(client, theme):
    response = client.post(
        SUBSCRIBE,
        {
            "email": "Reader@Example.org",
            "themes": [theme.slug],
            "document_types": [DocumentType.REPORT],
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("documents:alert-check-email")
    subscription = AlertSubscription.objects.get()
    assert subscription.email == "reader@example.org"
    assert not subscription.is_confirmed
    assert list(subscription.themes.all()) == [theme]
    assert subscription.document_types == [DocumentType.REPORT]
    assert subscription.frequency == "daily"
    assert subscription.language == "en"
    assert queued() == [
        ("documents.tasks.email_alert_confirmation", {"subscription_id": subscription.pk})
    ]
    assert mail.outbox == []  # sent by a worker, never in the request
    assert "Check your email" in client.get(response.url).content.decode()


def test_the_confirmation_email_and_its_link(client, theme):
    client.post(
        SUBSCRIBE, {"email": "reader@example.org", "themes": [theme.slug], "frequency": "weekly"}
    )
    send_queued()
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject.endswith("Confirm your email alerts")
    assert theme.name in message.body
    html = html_of(message)
    assert "Confirm my subscription" in html and '<html lang="en">' in html
    confirm = link_in(message, "confirm")
    assert confirm in html
    subscription = AlertSubscription.objects.get()

    # Opening the link (as a mail scanner would) confirms nothing: a button does.
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    subscription.refresh_from_db()
    assert not subscription.is_confirmed

    response = client.post(confirm)
    assert response.status_code == 302
    assert response.url.startswith("/alerts/preferences/")
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert subscription.last_digest_at == subscription.confirmed_at
    assert "Your subscription is confirmed" in client.get(response.url).content.decode()
    # Twice is harmless.
    assert client.post(confirm).status_code == 302


def test_no_digest_before_confirmation(client, theme):
    client.post(
        SUBSCRIBE, {"email": "reader@example.org", "themes": [theme.slug], "frequency": "weekly"}
    )
    factories.DocumentFactory(themes=[theme])
    ProcrastinateJob.objects.all().delete()
    assert alerts.queue_due_digests(now=later(30)) == {"due": 0, "digests": 0, "papers": 0}
    assert queued() == []
    assert not AlertDelivery.objects.exists()


def test_a_known_address_hears_the_same_and_gets_its_preferences_link(client, theme, other_theme):
    subscription = subscribed(themes=[theme])
    response = client.post(
        SUBSCRIBE,
        {"email": "reader@example.org", "themes": [other_theme.slug], "frequency": "daily"},
    )
    assert response.status_code == 302
    assert response.url == reverse("documents:alert-check-email")  # as for a new address
    subscription.refresh_from_db()
    assert list(subscription.themes.all()) == [theme]  # a stranger changed nothing
    assert subscription.frequency == "weekly"
    assert [name for name, _ in queued()] == ["documents.tasks.email_alert_preferences"]
    send_queued()
    (message,) = mail.outbox
    assert "/alerts/confirm/" not in message.body
    assert client.get(link_in(message, "preferences")).status_code == 200


def test_an_unconfirmed_address_asking_again_gets_a_new_confirmation(client, theme, other_theme):
    client.post(
        SUBSCRIBE, {"email": "reader@example.org", "themes": [theme.slug], "frequency": "weekly"}
    )
    client.post(
        SUBSCRIBE,
        {"email": "reader@example.org", "themes": [other_theme.slug], "frequency": "weekly"},
    )
    subscription = AlertSubscription.objects.get()
    assert list(subscription.themes.all()) == [other_theme]
    assert [name for name, _ in queued()] == ["documents.tasks.email_alert_confirmation"] * 2


def test_a_bad_address_is_explained_and_nothing_typed_is_lost(client, theme):
    response = client.post(
        SUBSCRIBE, {"email": "not an address", "themes": [theme.slug], "frequency": "daily"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_email"' in body  # the summary links to the field
    assert 'aria-invalid="true"' in body
    assert re.search(rf'value="{theme.slug}"[^>]*checked', body)
    assert re.search(r'value="daily"[^>]*checked', body)
    assert not AlertSubscription.objects.exists()


def test_too_many_requests_are_refused_in_words(client, settings, theme):
    settings.ALERTS_SUBSCRIBE_RATE_LIMIT = "1/1h/key"
    data = {"email": "reader@example.org", "themes": [theme.slug], "frequency": "weekly"}
    assert client.post(SUBSCRIBE, data).status_code == 302
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert len(queued()) == 1


# --- every message: unsubscribe in one click ------------------------------------------


def test_every_message_has_the_unsubscribe_headers_and_both_parts(client, theme):
    subscription = subscribed(themes=[theme])
    factories.DocumentFactory(title="Gender advisers in missions", themes=[theme])
    alerts.queue_due_digests(now=later())
    client.post(
        SUBSCRIBE, {"email": "new@example.org", "themes": [theme.slug], "frequency": "weekly"}
    )
    client.post(
        SUBSCRIBE, {"email": subscription.email, "themes": [theme.slug], "frequency": "weekly"}
    )
    send_queued()
    assert len(mail.outbox) == 3  # a digest, a confirmation, a preferences link
    for message in mail.outbox:
        header = message.extra_headers["List-Unsubscribe"]
        url, mailto = re.fullmatch(r"<(https?://[^>]+)>, <(mailto:[^>]+)>", header).groups()
        assert "/alerts/unsubscribe/" in url
        assert mailto.startswith("mailto:info@example.org")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert url in message.body and url in html_of(message)
        assert "/alerts/preferences/" in message.body
        assert message.extra_headers["Content-Language"] == "en"
        assert message.message()["List-Unsubscribe"] == header  # really in the message


def test_unsubscribe_from_the_link_asks_then_forgets_the_address(client, theme):
    subscription = subscribed(themes=[theme])
    url = reverse(
        "documents:alert-unsubscribe",
        kwargs={"token": alerts.make_token(subscription, alerts.UNSUBSCRIBE)},
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "reader@example.org" in page.content.decode()
    assert AlertSubscription.objects.exists()  # opening the link changes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("documents:alert-unsubscribed")
    assert not AlertSubscription.objects.exists()
    # The link again, later: still a clear answer.
    again = client.get(url)
    assert again.status_code == 200
    assert "You are unsubscribed" in again.content.decode()


def test_one_click_unsubscribe_by_the_header_address(theme):
    subscription = subscribed(themes=[theme])
    factories.DocumentFactory(themes=[theme])
    alerts.queue_due_digests(now=later())
    send_queued()
    (message,) = mail.outbox
    url = re.match(r"<([^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    # The mail client's POST: no cookie, no CSRF token, the RFC 8058 body.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(path_of(url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not AlertSubscription.objects.filter(pk=subscription.pk).exists()
    assert not AlertDelivery.objects.exists()
    # A second POST (clients retry) is answered just as well.
    assert mail_client.post(path_of(url), {"List-Unsubscribe": "One-Click"}).status_code == 200


# --- links: expired, tampered, gone ---------------------------------------------------


@pytest.mark.parametrize("purpose", [alerts.CONFIRM, alerts.PREFERENCES, alerts.UNSUBSCRIBE])
def test_an_expired_link_is_explained(client, purpose):
    subscription = subscribed()
    old = time.time() - alerts.MAX_AGE[purpose].total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=old):
        token = alerts.make_token(subscription, purpose)
    response = client.get(reverse(f"documents:alert-{purpose}", kwargs={"token": token}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "This link has expired" in body
    assert f"{alerts.MAX_AGE[purpose].days} days" in body
    assert (
        client.post(reverse(f"documents:alert-{purpose}", kwargs={"token": token})).status_code
        == 400
    )
    assert AlertSubscription.objects.filter(pk=subscription.pk).exists()


@pytest.mark.parametrize("purpose", [alerts.CONFIRM, alerts.PREFERENCES, alerts.UNSUBSCRIBE])
def test_a_tampered_link_is_refused(client, purpose):
    subscription = subscribed()
    victim = subscribed("victim@example.org")
    token = alerts.make_token(subscription, purpose)
    payload, stamp, signature = token.split(":")
    forged = alerts.make_token(victim, purpose).split(":")[0] + f":{stamp}:{signature}"
    for bad in [forged, token[:-3] + "abc", "nonsense", "a:b:c"]:
        url = reverse(f"documents:alert-{purpose}", kwargs={"token": bad})
        assert client.get(url).status_code == 400, bad
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert AlertSubscription.objects.count() == 2


def test_a_link_for_one_purpose_does_not_open_another(client):
    subscription = subscribed()
    token = alerts.make_token(subscription, alerts.PREFERENCES)
    url = reverse("documents:alert-unsubscribe", kwargs={"token": token})
    assert client.post(url).status_code == 400
    assert AlertSubscription.objects.exists()


def test_the_links_of_a_cancelled_subscription_stop_working(client):
    subscription = subscribed()
    token = alerts.make_token(subscription, alerts.PREFERENCES)
    alerts.unsubscribe(subscription=subscription)
    subscribed()  # the same address, subscribed again: a new key
    response = client.get(reverse("documents:alert-preferences", kwargs={"token": token}))
    assert response.status_code == 404
    assert "no longer exists" in response.content.decode()


def test_the_bad_link_page_in_french(client, french_catalogue):
    response = client.get("/fr/alerts/preferences/nonsense/")
    assert response.status_code == 400
    assert "Ce lien ne fonctionne pas" in response.content.decode()


# --- preferences ----------------------------------------------------------------------


def test_preferences_change_from_the_link_without_logging_in(client, theme, other_theme):
    subscription = subscribed(themes=[theme])
    url = reverse(
        "documents:alert-preferences",
        kwargs={"token": alerts.make_token(subscription, alerts.PREFERENCES)},
    )
    page = client.get(url).content.decode()
    assert re.search(rf'value="{theme.slug}"[^>]*checked', page)
    assert "/alerts/unsubscribe/" in page
    response = client.post(
        url,
        {
            "themes": [other_theme.slug],
            "document_types": [DocumentType.POLICY_BRIEF, DocumentType.REPORT],
            "frequency": "daily",
            "language": "fr",
        },
    )
    assert response.status_code == 302 and response.url == url
    subscription.refresh_from_db()
    assert list(subscription.themes.all()) == [other_theme]
    assert subscription.document_types == [DocumentType.POLICY_BRIEF, DocumentType.REPORT]
    assert (subscription.frequency, subscription.language) == ("daily", "fr")
    bad = client.post(url, {"frequency": "hourly", "language": "fr"})
    assert bad.status_code == 200
    assert 'href="#id_frequency_0"' in bad.content.decode()
    subscription.refresh_from_db()
    assert subscription.frequency == "daily"


# --- digests ---------------------------------------------------------------------------


def test_the_digest_never_sends_a_paper_twice(theme):
    subscription = subscribed(themes=[theme])
    paper = factories.DocumentFactory(title="Protection mandates", themes=[theme])
    now = later()
    assert alerts.queue_due_digests(now=now) == {"due": 1, "digests": 1, "papers": 1}
    assert alerts.queue_due_digests(now=now) == {"due": 0, "digests": 0, "papers": 0}
    send_queued()
    assert len(mail.outbox) == 1
    assert "Protection mandates" in mail.outbox[0].body
    assert list(AlertDelivery.objects.values_list("document_id", flat=True)) == [paper.pk]

    # A week later nothing new: no email. Even if the digest's time were lost (a restore),
    # what was sent is never sent again.
    assert alerts.queue_due_digests(now=later(16))["papers"] == 0
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        last_digest_at=subscription.confirmed_at
    )
    assert alerts.queue_due_digests(now=later(24))["papers"] == 0
    send_queued()
    assert len(mail.outbox) == 1


def test_the_digest_lists_only_what_was_published_since_the_last(theme):
    before = factories.DocumentFactory(title="Old paper", themes=[theme])
    Document = type(before)
    Document.objects.filter(pk=before.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=3)
    )
    subscribed(themes=[theme], days=1)
    factories.DocumentFactory(title="New paper", themes=[theme])
    factories.DocumentFactory(title="Draft paper", themes=[theme], status=Status.DRAFT)
    factories.DocumentFactory(title="Scheduled paper", themes=[theme], published_at=later(30))
    factories.DocumentFactory(title="Archived paper", themes=[theme], status=Status.ARCHIVED)
    alerts.queue_due_digests(now=later())
    send_queued()
    (message,) = mail.outbox
    assert "New paper" in message.body
    for title in ["Old paper", "Draft paper", "Scheduled paper", "Archived paper"]:
        assert title not in message.body


def test_the_digest_follows_the_themes_and_types_chosen(theme, other_theme):
    subscribed("themed@example.org", themes=[theme], types=[DocumentType.POLICY_BRIEF])
    subscribed("everything@example.org")
    factories.DocumentFactory(
        title="Brief on theme", themes=[theme], document_type=DocumentType.POLICY_BRIEF
    )
    factories.DocumentFactory(title="Report on theme", themes=[theme])
    factories.DocumentFactory(
        title="Brief elsewhere", themes=[other_theme], document_type=DocumentType.POLICY_BRIEF
    )
    alerts.queue_due_digests(now=later())
    send_queued()
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "Brief on theme" in by_address["themed@example.org"]
    assert "Report on theme" not in by_address["themed@example.org"]
    assert "Brief elsewhere" not in by_address["themed@example.org"]
    for title in ["Brief on theme", "Report on theme", "Brief elsewhere"]:
        assert title in by_address["everything@example.org"]


def test_members_only_papers_go_only_to_members(theme):
    factories.member_user(user__email="member@example.org")
    factories.UserFactory(email="account@example.org")  # an account, not a member
    for email in ["member@example.org", "account@example.org", "public@example.org"]:
        subscribed(email, themes=[theme])
    factories.DocumentFactory(title="Public paper", themes=[theme])
    factories.DocumentFactory(title="Members paper", themes=[theme], visibility=Visibility.MEMBERS)
    factories.DocumentFactory(
        title="Committee paper", themes=[theme], visibility=Visibility.STEERING
    )
    alerts.queue_due_digests(now=later())
    send_queued()
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "Members paper" in by_address["member@example.org"]
    assert "Members only" in by_address["member@example.org"]
    for address in ["account@example.org", "public@example.org"]:
        assert "Public paper" in by_address[address]
        assert "Members paper" not in by_address[address]
    assert all("Committee paper" not in body for body in by_address.values())
    # The non-members' deliveries do not hold it back: it was never recorded for them.
    assert AlertDelivery.objects.filter(document__title="Members paper").count() == 1


def test_a_paper_made_members_only_before_the_email_leaves_is_left_out(theme):
    subscribed(themes=[theme])
    paper = factories.DocumentFactory(title="Soon restricted", themes=[theme])
    factories.DocumentFactory(title="Still public", themes=[theme])
    alerts.queue_due_digests(now=later())
    paper.visibility = Visibility.MEMBERS
    paper.save()
    send_queued()
    (message,) = mail.outbox
    assert "Still public" in message.body and "Soon restricted" not in message.body


def test_a_digest_lists_one_version_of_a_pair_in_the_subscriber_language(theme):
    subscribed("fr@example.org", themes=[theme], language="fr")
    subscribed("en@example.org", themes=[theme], language="en")
    english = factories.DocumentFactory(title="Financing peace operations", themes=[theme])
    french = factories.DocumentFactory(
        title="Financer les opérations de paix",
        language="fr",
        themes=[theme],
        other_language_version=english,
    )
    english.other_language_version = french
    english.save()
    alerts.queue_due_digests(now=later())
    send_queued()
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "Financer les opérations de paix" in by_address["fr@example.org"]
    assert "Financing peace operations" not in by_address["fr@example.org"]
    assert "Financing peace operations" in by_address["en@example.org"]
    assert "Financer les" not in by_address["en@example.org"]


def test_the_counterpart_published_later_is_not_sent_again(theme):
    subscription = subscribed(themes=[theme])
    english = factories.DocumentFactory(title="Financing peace operations", themes=[theme])
    alerts.queue_due_digests(now=later())
    french = factories.DocumentFactory(
        title="Financer les opérations de paix",
        language="fr",
        themes=[theme],
        other_language_version=english,
    )
    english.other_language_version = french
    english.save()
    AlertSubscription.objects.filter(pk=subscription.pk).update(last_digest_at=timezone.now())
    assert alerts.queue_due_digests(now=later(16))["papers"] == 0


def test_a_french_subscriber_reads_french(theme, french_catalogue):
    subscribed(themes=[theme], language="fr")
    paper = factories.DocumentFactory(title="Gender advisers", themes=[theme])
    alerts.queue_due_digests(now=later())
    send_queued()
    (message,) = mail.outbox
    assert "nouveau document" in message.subject
    assert "Femmes, paix et sécurité" in message.body
    assert f"/fr{paper.get_absolute_url()}" in message.body
    assert "/fr/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["Content-Language"] == "fr"
    html = html_of(message)
    assert '<html lang="fr">' in html
    assert 'lang="en">Gender advisers' in html  # the English paper marked as such


def test_daily_and_weekly_digests_come_when_due(theme):
    daily = subscribed("daily@example.org", themes=[theme], days=1)
    AlertSubscription.objects.filter(pk=daily.pk).update(frequency="daily")
    subscribed("weekly@example.org", themes=[theme], days=1)
    factories.DocumentFactory(themes=[theme])
    alerts.queue_due_digests(now=timezone.now())
    send_queued()
    assert [m.to[0] for m in mail.outbox] == ["daily@example.org"]


def test_preparing_a_digest_costs_the_same_at_5_and_50_papers(theme, django_assert_num_queries):
    for rows in (5, 50):
        AlertDelivery.objects.all().delete()
        subscription = subscribed(f"reader{rows}@example.org", themes=[theme])
        factories.DocumentFactory.create_batch(rows, themes=[theme])
        # savepoint, the subscription locked, its themes, the reader's account, the
        # papers, the deliveries, the subscription's time, the email's job, release
        with django_assert_num_queries(9):
            ids = alerts.prepare_digest(subscription_id=subscription.pk, now=later())
        assert len(ids) >= rows
        AlertSubscription.objects.filter(pk=subscription.pk).delete()


def test_the_digest_job_is_queued_once_a_day_in_the_toronto_morning():
    from procrastinate.contrib.django import app
    from procrastinate.periodic import PeriodicDeferrer

    deferrer = PeriodicDeferrer(registry=app.periodic_registry, max_delay=600)
    start = datetime.datetime(2026, 1, 14, 12, 0, tzinfo=datetime.UTC)
    deferrer.last_defers = {
        key: int(start.timestamp()) for key in app.periodic_registry.periodic_tasks
    }
    end = start + datetime.timedelta(days=2)
    ticks = [
        datetime.datetime.fromtimestamp(tick, datetime.UTC).astimezone(
            timezone.get_default_timezone()
        )
        for task, tick in deferrer.get_previous_tasks(at=end.timestamp())
        if task.task.name == "documents.tasks.queue_alert_digests"
    ]
    assert [(t.day, t.hour) for t in sorted(ticks)] == [(15, 6), (16, 6)]


def test_the_periodic_job_sends_the_digest_through_a_real_worker(theme, run_jobs):
    from powg import jobs

    subscription = subscribed(themes=[theme], days=8)
    factories.DocumentFactory(title="Mediation support", themes=[theme])
    jobs.defer("documents.tasks.queue_alert_digests", timestamp=int(time.time()))
    run_jobs()  # the daily job, then the digest's email job it queued
    (message,) = mail.outbox
    assert message.to == [subscription.email]
    assert "Mediation support" in message.body
    jobs.defer("documents.tasks.queue_alert_digests", timestamp=int(time.time()))
    run_jobs()
    assert len(mail.outbox) == 1


def test_a_real_worker_sends_the_confirmation(client, theme, run_jobs):
    client.post(
        SUBSCRIBE, {"email": "reader@example.org", "themes": [theme.slug], "frequency": "weekly"}
    )
    run_jobs()
    (message,) = mail.outbox
    assert "/alerts/confirm/" in message.body


# --- the steering committee's counts -------------------------------------------------


def test_the_counts_page_per_role(client_as, role_user, theme, other_theme):
    for n in range(3):
        subscribed(f"wps{n}@example.org", themes=[theme])
    subscribed("all@example.org")
    AlertSubscription.objects.create(email="pending@example.org").themes.set([theme])
    role, user = role_user
    response = client_as(user).get(COUNTS)
    if role == "public":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        return
    if role == "member":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert "4 confirmed subscribers" in body
    assert re.search(rf"{theme.name}</a></th><td>3</td>", body)
    assert re.search(rf"{other_theme.name}</a></th><td>0</td>", body)
    assert "1 address not yet confirmed" in body
    for address in ["wps0@example.org", "all@example.org", "pending@example.org"]:
        assert address not in body  # never the addresses on this page
    admin_list = reverse("admin:documents_alertsubscription_changelist")
    assert (admin_list in body) == (role == "admin")


def test_only_admins_see_the_addresses_in_the_admin(client_as, admin, steering):
    subscribed("secret@example.org")
    admin_list = reverse("admin:documents_alertsubscription_changelist")
    response = client_as(admin).get(admin_list)
    assert response.status_code == 200
    assert "secret@example.org" in response.content.decode()
    steering.is_staff = True  # even a committee member given the admin
    steering.save()
    assert client_as(steering).get(admin_list).status_code in (302, 403)


def test_the_counts_page_costs_the_same_at_5_and_50_themes(
    client_as, steering, django_assert_num_queries
):
    client = client_as(steering)
    for rows in (5, 50):
        themes = [factories.ThematicAreaFactory() for _ in range(rows)]
        for n, theme in enumerate(themes):
            subscribed(f"r{rows}-{n}@example.org", themes=[theme])
        client.get(COUNTS)
        # session, user, groups, themes with their counts, the totals
        with django_assert_num_queries(5):
            assert client.get(COUNTS).status_code == 200


def test_the_pages_in_french(client, theme, french_catalogue):
    body = client.get(f"/fr{SUBSCRIBE}").content.decode()
    assert "Alertes par courriel" in body
    assert "Femmes, paix et sécurité" in body


# --- valid HTML (the Nu Html Checker, as tests/powg/test_html_valid.py) ----------------


def test_the_alert_pages_and_emails_are_valid_html(client_as, steering, theme, tmp_path):
    import shutil

    from tests.powg.test_html_valid import skipped_heading_levels, vnu_problems

    if shutil.which("java") is None:
        pytest.fail("the Nu Html Checker needs Java (apt-get install default-jre-headless)")
    subscription = subscribed(themes=[theme])
    factories.DocumentFactory(title="Members paper", themes=[theme], visibility=Visibility.MEMBERS)
    factories.DocumentFactory(title="Public paper", themes=[theme])

    def token_url(name, purpose):
        return reverse(name, kwargs={"token": alerts.make_token(subscription, purpose)})

    pages = {
        "subscribe": (SUBSCRIBE, None),
        "subscribe-errors": (SUBSCRIBE, "post"),
        "check-email": (reverse("documents:alert-check-email"), None),
        "confirm": (token_url("documents:alert-confirm", alerts.CONFIRM), None),
        "preferences": (token_url("documents:alert-preferences", alerts.PREFERENCES), None),
        "unsubscribe": (token_url("documents:alert-unsubscribe", alerts.UNSUBSCRIBE), None),
        "unsubscribed": (reverse("documents:alert-unsubscribed"), None),
        "bad-link": ("/alerts/preferences/nonsense/", None),
        "counts": (COUNTS, "steering"),
    }
    files = {}
    for name, (url, how) in pages.items():
        for prefix in ("", "/fr"):
            client = client_as(steering if how == "steering" else None)
            if how == "post":
                response = client.post(f"{prefix}{url}", {"email": "x", "frequency": "weekly"})
            else:
                response = client.get(f"{prefix}{url}")
            assert response.status_code in (200, 400), (url, response.status_code)
            assert not skipped_heading_levels(response.content), (url, "heading levels")
            path = tmp_path / f"{name}{prefix.replace('/', '-')}.html"
            path.write_bytes(response.content)
            files[str(path)] = f"{prefix}{url}"
    alerts.queue_due_digests(now=later())
    client_as(None).post(SUBSCRIBE, {"email": "new@example.org", "frequency": "weekly"})
    send_queued()
    for n, message in enumerate(mail.outbox):
        path = tmp_path / f"email-{n}.html"
        path.write_text(html_of(message), encoding="utf-8")
        files[str(path)] = f"email: {message.subject}"
    problems = vnu_problems(files)
    assert not problems, "\n".join(problems)
