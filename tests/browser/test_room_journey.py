"""A training day in Chromium, through a real JupyterHub, its proxy and a real PostgreSQL:
alice plays a scenario, bob cannot see any of it, and the trainer sees alice's progress and the
warning sign she missed. The room is `reflect hub --trainer sam --register names.txt --database
URL`, as the README starts a room on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from reflect._paths import scenarios_dir
from reflect.model.scenario import SpotIndicators
from reflect.scenarios import load_scenario
from reflect.ui._markdown import markdown_as_text
from reflect.ui._player_parts import event_label
from tests.browser._axe import wait_for_app
from tests.hub.conftest import REGISTER, TRAINER, laptop
from tests.hub.room import Room, running_room

pytestmark = pytest.mark.browser

JOURNEY = "packed-lunches"


@pytest.fixture(scope="module")
def room_on_postgres(
    tmp_path_factory: pytest.TempPathFactory, room_database: str
) -> Iterator[Room]:
    root: Path = tmp_path_factory.mktemp("room-on-postgres")
    with running_room(
        root, "--trainer", TRAINER, "--database", room_database, register=REGISTER
    ) as room:
        yield room


def _open_scenario(page: Page) -> None:
    page.locator(f'[data-scenario-id="{JOURNEY}"] h3 a').click()
    wait_for_app(page)


def test_a_trainee_plays_another_sees_nothing_of_it_and_the_trainer_sees_the_room(
    browser: Browser, room_on_postgres: Room
) -> None:
    room = room_on_postgres
    scenario = load_scenario(scenarios_dir() / f"{JOURNEY}.yaml")
    chapter = scenario.chapters[0]
    assert isinstance(chapter.activities[0], SpotIndicators)
    events = {event.id: event for event in chapter.events}
    indicators = list(chapter.indicators)
    spotted, missed = indicators[0], indicators[1:]

    # alice spots the first warning sign of chapter 1 and misses the others.
    alice, alice_page = laptop(browser, room, "alice")
    _open_scenario(alice_page)
    first = alice_page.locator(".reflect-chapter").first
    first.get_by_role("checkbox", name=event_label(events[spotted])).check()
    first.get_by_role("button", name="Check my choices").click()
    expect(first.get_by_text(f"You spotted 1 of {len(indicators)} warning signs")).to_be_visible()

    # bob opens the same scenario: his own, untouched.
    bob, bob_page = laptop(browser, room, "bob")
    _open_scenario(bob_page)
    bobs_first = bob_page.locator(".reflect-chapter").first
    expect(
        bobs_first.get_by_role("checkbox", name=event_label(events[spotted]))
    ).not_to_be_checked()
    expect(bobs_first.get_by_text("Warning signs you spotted")).to_have_count(0)

    # The trainer's cohort view: alice's progress and the signs she missed, not bob's.
    trainer, cohort = laptop(browser, room, TRAINER)
    cohort.get_by_role("link", name="Cohort view").click()
    wait_for_app(cohort)
    cohort.get_by_label("Scenario").select_option(label=scenario.title)
    progress = cohort.get_by_role("table", name=f"Each trainee's progress in {scenario.title}")
    alices_row = progress.get_by_role("row").filter(
        has=cohort.get_by_role("rowheader", name="alice")
    )
    cells = alices_row.get_by_role("cell")
    expect(cells.nth(0)).to_have_text(f"1 of {len(scenario.chapters)}")  # chapter reached
    expect(cells.nth(1)).to_have_text("no")  # finished
    expect(cells.nth(2)).to_have_text("1")  # signs spotted
    expect(cells.nth(3)).to_have_text(str(len(missed)))  # signs missed
    expect(cells.nth(4)).to_have_text("0")  # false alarms
    most_missed = cohort.get_by_role(
        "table", name=f"Warning signs in {scenario.title}, missed most first"
    )
    first_missed = " ".join(markdown_as_text(events[missed[0]].text).split())
    expect(most_missed).to_contain_text(first_missed[:40])
    cohort.screenshot(path=str(room.room_dir.parent / "cohort-view.png"), full_page=True)
    for context in (alice, bob, trainer):
        context.close()
