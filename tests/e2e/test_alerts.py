"""Email alerts in a real browser: subscribe to a theme, confirm from the email, receive a
digest, unsubscribe from its link; in English and in French, every page checked by axe."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from documents import alerts
from documents.models import AlertSubscription
from tests import factories
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "prefix": "",
        "alerts": "Email alerts on this theme",
        "email": "Your email address",
        "weekly": "Weekly",
        "subscribe": "Subscribe",
        "check": "Check your email",
        "confirm": "Confirm my subscription",
        "confirmed": "Your subscription is confirmed",
        "unsubscribe": "Unsubscribe",
        "done": "You are unsubscribed",
    },
    "fr": {
        "prefix": "/fr",
        "alerts": "Alertes par courriel sur ce thème",
        "email": "Votre adresse courriel",
        "weekly": "Hebdomadaire",
        "subscribe": "M'abonner",
        "check": "Consultez vos courriels",
        "confirm": "Confirmer mon abonnement",
        "confirmed": "Votre abonnement est confirmé",
        "unsubscribe": "Me désabonner",
        "done": "Vous êtes désabonné",
    },
}


def path_in(message, purpose):
    url = re.search(rf"https?://\S+/alerts/{purpose}/[^/\s]+/", message.body).group(0)
    return "/" + url.split("/", 3)[3]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_visitor_subscribes_to_a_theme_confirms_and_unsubscribes_from_the_digest(
    page, run_jobs, french_catalogue, language
):
    words = WORDS[language]
    theme = factories.ThematicAreaFactory(
        name="Women, peace and security", name_fr="Femmes, paix et sécurité", slug="wps"
    )
    factories.ThematicAreaFactory(name="Financing", name_fr="Financement", slug="financing")
    label = theme.name_fr if language == "fr" else theme.name

    # From the theme's page to the form, the theme already ticked.
    page.goto(f"{words['prefix']}/themes/{theme.slug}/")
    page.get_by_role("link", name=words["alerts"]).click()
    page.wait_for_url(re.compile(r".*/alerts/\?theme=wps"))
    assert page.get_by_label(label).is_checked()
    assert page.get_by_label(words["weekly"]).is_checked()
    page.get_by_label(words["email"]).fill("reader@example.org")
    page.get_by_role("button", name=words["subscribe"]).click()
    page.wait_for_url("**/alerts/check-your-email/")
    assert words["check"] in page.get_by_role("heading", level=1).inner_text()
    subscription = AlertSubscription.objects.get()
    assert subscription.language == language
    assert not subscription.is_confirmed

    # The confirmation email, sent by a worker; its link, then the button.
    run_jobs()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    page.goto(path_in(confirmation, "confirm"))
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_url("**/alerts/preferences/**")
    page.get_by_text(words["confirmed"]).wait_for()
    assert_accessible(page)
    subscription.refresh_from_db()
    assert subscription.is_confirmed

    # A paper on the theme is published; a week later the digest goes out.
    factories.DocumentFactory(title="Gender advisers in peace operations", themes=[theme])
    assert alerts.queue_due_digests(now=timezone.now() + datetime.timedelta(days=8))["papers"] == 1
    run_jobs()
    digest = mail.outbox[-1]
    assert "Gender advisers in peace operations" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers

    # Its unsubscribe link: a page with one button, then the address is gone.
    page.goto(path_in(digest, "unsubscribe"))
    assert "reader@example.org" in page.get_by_role("main").inner_text()
    page.get_by_role("button", name=words["unsubscribe"]).click()
    page.wait_for_url("**/alerts/unsubscribed/")
    assert words["done"] in page.get_by_role("heading", level=1).inner_text()
    assert not AlertSubscription.objects.exists()
    assert page.console_errors == []
