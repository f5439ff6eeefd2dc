"""The steering committee plans a missing translation on the parity page, in a real
browser; the page passes axe in both languages and at phone width."""

import datetime

import pytest
from django.utils import timezone

from documents.models import Document, TranslationPlan
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gaps():
    today = timezone.localdate()
    factories.DocumentFactory(
        title="Late brief",
        slug="late-brief",
        translation_plan=TranslationPlan.PLANNED,
        translation_due=today - datetime.timedelta(days=5),
    )
    return factories.DocumentFactory(title="Civilian experts report", slug="civilian-experts")


def test_steering_member_plans_a_translation_and_corrects_a_mistake(page, gaps):
    steering = factories.steering_user(user__email="chair@example.org")
    log_in(page, steering.email, factories.PASSWORD)
    page.goto("/translations/?type=report")
    main = page.locator("main")
    assert "1 planned translation is late" in main.inner_text()

    # A date with "not planned" is refused, in words next to the date, keeping the choice.
    plan = page.get_by_role("combobox", name="Translation Civilian experts report")
    plan.select_option("not_planned")
    page.locator(f"#id_plan-{gaps.pk}-due").fill("2030-01-15")
    page.get_by_role("button", name="Save Civilian experts report").click()
    page.get_by_text("A date goes only with a planned translation").first.wait_for()
    assert plan.input_value() == "not_planned"
    assert page.locator(f"#id_plan-{gaps.pk}-due").input_value() == "2030-01-15"
    assert "type=report" in page.url

    plan.select_option("planned")
    page.get_by_role("button", name="Save Civilian experts report").click()
    page.get_by_text(
        "“Civilian experts report”: translation planned by 15 January 2030."
    ).wait_for()
    assert page.url.endswith("/translations/?type=report")
    gap = Document.objects.get(pk=gaps.pk)
    assert (gap.translation_plan, gap.translation_due) == ("planned", datetime.date(2030, 1, 15))


def test_parity_page_in_french_and_at_phone_width(page, gaps):
    steering = factories.steering_user(user__email="chair@example.org")
    log_in(page, steering.email, factories.PASSWORD)
    page.goto("/fr/translations/")
    assert "1 traduction prévue est en retard" in page.locator("main").inner_text()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/fr/translations/?plan=late")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.goto("/translations/?plan=late&archived=1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
