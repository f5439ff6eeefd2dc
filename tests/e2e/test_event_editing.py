"""A steering-committee member edits an event's agenda in the browser: adds an item,
moves it up with the script's buttons, saves, and finds it in place on the public page.
axe checks every editing page on the way, in English and in French."""

import pytest

from events.models import AgendaItem
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def event():
    event = factories.EventFactory(
        title="Roundtable on civilian protection",
        slug="roundtable-on-civilian-protection",
        city="Ottawa",
    )
    AgendaItem.objects.create(event=event, order=1, title="Opening remarks")
    AgendaItem.objects.create(event=event, order=2, title="First panel")
    factories.ParticipantFactory(event=event, role="moderator", name="Mona Moderator")
    factories.EventQuestionFactory(event=event)
    return event


@pytest.fixture
def editor():
    return factories.steering_user(user__name="Sam Steering", user__email="sam@example.org")


def _agenda_titles(page):
    return page.locator(".agenda tbody th").all_inner_texts()


def test_a_steering_member_adds_and_moves_an_agenda_item(page, event, editor):
    log_in(page, editor.email, factories.PASSWORD)
    page.goto(f"/events/{event.slug}/")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_url(f"**/events/{event.slug}/edit/")
    agenda = page.locator("[data-formset=agenda]")
    rows = agenda.locator("[data-formset-row]")
    assert rows.count() == 3  # two items and a blank row

    agenda.get_by_role("button", name="Add another row").click()
    assert rows.count() == 4  # added in place by the script, no page load
    new_row = rows.nth(3)
    new_row.get_by_label("Title", exact=True).fill("Coffee and networking")
    assert new_row.get_by_label("Order").input_value() == "3"
    # Up past the blank row, then past the first panel.
    new_row.get_by_role("button", name="Move up").click()
    agenda.locator("[data-formset-row]").nth(2).get_by_role("button", name="Move up").click()
    moved = agenda.locator("[data-formset-row]").nth(1)
    assert moved.get_by_label("Title", exact=True).input_value() == "Coffee and networking"
    assert moved.get_by_label("Order").input_value() == "2"
    assert moved.get_by_role("button", name="Move up").is_enabled()
    assert (
        agenda.locator("[data-formset-row]")
        .nth(0)
        .get_by_role("button", name="Move up")
        .is_disabled()
    )
    assert_accessible(page)

    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The event is saved.").wait_for()
    assert [i.title for i in event.agenda_items.all()] == [
        "Opening remarks",
        "Coffee and networking",
        "First panel",
    ]

    page.goto(f"/events/{event.slug}/")
    assert _agenda_titles(page) == ["Opening remarks", "Coffee and networking", "First panel"]
    assert page.console_errors == []


def test_editing_pages_pass_axe_in_both_languages(page, event, editor):
    log_in(page, editor.email, factories.PASSWORD)
    for prefix in ["", "/fr"]:
        for url in [
            "/events/new/",
            f"/events/{event.slug}/edit/",
            f"/events/{event.slug}/preview/",
            f"/events/{event.slug}/history/",
        ]:
            page.goto(prefix + url)
            assert page.locator("h1").count() == 1
            assert_accessible(page)
        # A form sent back with errors: the summary at the top links to each field.
        page.goto(f"{prefix}/events/{event.slug}/edit/")
        page.locator("#id_title").fill("")
        page.locator("[data-formset=agenda] [data-formset-row]").nth(0).locator(
            "input[name$='-title']"
        ).fill("")
        page.locator("button[name=action][value=save]:not([aria-hidden])").click()
        summary = page.locator("#error-summary")
        summary.wait_for()
        assert summary.locator("a[href='#id_title']").count() == 1
        assert summary.locator("a[href='#id_agenda-0-title']").count() == 1
        assert_accessible(page)
    page.goto(f"/fr/events/{event.slug}/edit/")
    assert page.get_by_role("button", name="Ajouter une ligne").count() == 3
    assert page.get_by_role("button", name="Monter").count() >= 3
    assert page.console_errors == []
