"""The scenario player in Chromium against a live `reflect serve`: from the landing page to the
debrief, scripts in a scenario file that must not run, and axe-core on the player page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect

from reflect import frameworks
from reflect._paths import scenarios_dir
from reflect.frameworks import escalation_framework
from reflect.model.drift import LEVEL_NAMES
from reflect.model.scenario import (
    Activity,
    DriftCheck,
    EscalationCheck,
    GibbsReflection,
    Question,
    SpotIndicators,
)
from reflect.scenarios import load_scenario
from reflect.ui._player_parts import ROUTE_NAMES, event_label
from tests.browser._axe import blocking_violations, describe, wait_for_app

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

PLAYER = "scenario.ipynb"
JOURNEY = "packed-lunches"  # each test plays its own scenario: they share one workbook
AXE_SCENARIO = "just-between-us"
LISTED = "everything-is-fine"
HOSTILE_ID = "browser-hostile-copy"
SCRIPTS = '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned=2">'


def _chapter(page: Page, number: int) -> Locator:
    return page.locator(".reflect-chapter").nth(number - 1)


def _verdict(expected: str) -> re.Pattern[str]:
    """The comparison line, whether or not the trainee's answer matched the scenario's."""
    return re.compile(rf"scenario's( answer)?: {re.escape(expected)}\.")


def _attempt(card: Locator, activity: Activity) -> None:
    """Do one activity as a trainee would, from its card: right answers where the model has them."""
    if isinstance(activity, SpotIndicators):
        card.get_by_role("checkbox").first.check()
        card.get_by_role("button", name="Check my choices").click()
        expect(card.get_by_text("Warning signs you spotted")).to_be_visible()
    elif isinstance(activity, Question):
        role = "checkbox" if len(activity.correct_options) > 1 else "radio"
        texts = {option.id: option.text for option in activity.options}
        for option_id in activity.correct_options:
            card.get_by_role(role, name=texts[option_id], exact=True).check()
        card.get_by_role("button", name="Submit answer").click()
        expect(card.get_by_text("Feedback on your answer")).to_be_visible()
        expect(card.get_by_text("Not the best answer")).to_have_count(0)
    elif isinstance(activity, DriftCheck):
        card.get_by_role("button", name="Check for drift").click()
        expect(card.get_by_text(_verdict(LEVEL_NAMES[activity.expected_level]))).to_be_visible()
    elif isinstance(activity, EscalationCheck):
        names = {item.id: item.name for item in escalation_framework().exceptions}
        for exception in activity.exceptions:
            card.get_by_label(names[exception], exact=True).check()
        if activity.expected_route == "ladder":
            card.get_by_label("Professionals disagree about the child's safety").check()
        card.get_by_role("button", name="Compare my answer with the scenario's").click()
        expected = ROUTE_NAMES[activity.expected_route]
        expect(card.get_by_text(f"Your answer matches the scenario's: {expected}.")).to_be_visible()
    elif isinstance(activity, GibbsReflection):
        card.get_by_label("Description", exact=True).fill("What happened, in the order it did.")
        card.get_by_role("button", name="I have written my reflection").click()
        expect(card.get_by_text("Your reflection is saved in your workbook.")).to_be_visible()


def test_a_trainee_plays_a_scenario_from_the_landing_page_to_its_debrief(
    page: Page, reflect_server: LiveServer
) -> None:
    scenario = load_scenario(scenarios_dir() / f"{JOURNEY}.yaml")
    page.goto(reflect_server.url())
    page.locator(f'[data-scenario-id="{JOURNEY}"] h3 a').click()
    wait_for_app(page)
    assert page.url.endswith(f"/voila/render/{PLAYER}?scenario={JOURNEY}")
    expect(page.get_by_role("heading", level=1)).to_have_text(scenario.title)
    expect(page.locator(".reflect-chapter")).to_have_count(1)

    # Chapter 1: tick two warning signs and one ordinary event, leave the rest.
    first, chapter = _chapter(page, 1), scenario.chapters[0]
    assert isinstance(chapter.activities[0], SpotIndicators)
    events = {event.id: event for event in chapter.events}
    indicators = list(chapter.indicators)
    ordinary = [event_id for event_id in chapter.event_ids if event_id not in indicators]
    ticked = {indicators[0], indicators[-1], ordinary[0]}
    for event_id in ticked:
        first.get_by_role("checkbox", name=event_label(events[event_id])).check()
    first.get_by_role("button", name="Check my choices").click()
    expect(first.locator('[data-list="spotted"] li')).to_have_count(2)

    def shown(key: str) -> list[str]:
        items = first.locator(f'[data-list="{key}"] li')
        return [str(n) for n in items.evaluate_all("els => els.map(e => e.dataset.event)")]

    assert shown("spotted") == [indicators[0], indicators[-1]]
    assert shown("missed") == indicators[1:-1]
    assert shown("false-alarms") == [ordinary[0]]
    expect(first.get_by_text(f"You spotted 2 of {len(indicators)} warning signs")).to_be_visible()

    # Then every activity of every chapter, in order, and on to the debrief.
    total = len(scenario.chapters)
    for number, chapter in enumerate(scenario.chapters, start=1):
        card = _chapter(page, number)
        expect(card.locator(".reflect-chapter-title")).to_have_text(
            f"Chapter {number} of {total}: {chapter.title}"
        )
        for position, activity in enumerate(chapter.activities):
            if number > 1 or position > 0:
                _attempt(card.locator(".reflect-activity").nth(position), activity)
        label = (
            "Continue to the debrief" if number == total else f"Continue to chapter {number + 1}"
        )
        page.get_by_role("button", name=label).click()
    expect(page.get_by_role("heading", name="Debrief", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Themes drawn on")).to_be_visible()
    themes = {theme.id: theme.name for theme in frameworks.themes().themes}
    for link in scenario.debrief.themes_drawn_on:
        expect(page.locator(".reflect-debrief")).to_contain_text(themes[link.theme])

    # Coming back opens where the trainee left off, with the choices kept.
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Debrief", level=2)).to_be_visible()
    expect(page.locator(".reflect-chapter")).to_have_count(total)
    again, chapter = _chapter(page, 1), scenario.chapters[0]
    for event in chapter.events:
        box = again.get_by_role("checkbox", name=event_label(event))
        expect(box).to_be_checked(checked=event.id in ticked)
    expect(again.locator('[data-list="spotted"] li')).to_have_count(2)


@pytest.fixture
def hostile_scenario(trainer_folder_server: LiveServer) -> Iterator[str]:
    """A copy of a shipped scenario, under its own id, whose narrative carries scripts."""
    text = (scenarios_dir() / f"{JOURNEY}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"id: {JOURNEY}", f"id: {HOSTILE_ID}", 1)
    text = text.replace("    narrative: |\n", f"    narrative: |\n      {SCRIPTS}\n\n", 1)
    text = text.replace("        prompt: >-\n", f"        prompt: >-\n          {SCRIPTS}\n", 1)
    assert trainer_folder_server.scenarios_dir is not None
    path = trainer_folder_server.scenarios_dir / f"{HOSTILE_ID}.yaml"
    path.write_text(text, encoding="utf-8")
    load_scenario(path)  # the copy is a valid scenario: the test plays it, not an error page
    yield HOSTILE_ID
    path.unlink(missing_ok=True)


def test_a_script_in_a_scenario_file_does_not_run(
    page: Page, trainer_folder_server: LiveServer, hostile_scenario: str
) -> None:
    page.goto(trainer_folder_server.url(f"voila/render/{PLAYER}", scenario=hostile_scenario))
    wait_for_app(page)
    chapter = _chapter(page, 1)
    expect(chapter.locator(".reflect-narrative")).to_contain_text("Larkhollow Primary")
    chapter.get_by_role("checkbox").first.check()
    chapter.get_by_role("button", name="Check my choices").click()
    expect(chapter.get_by_text("Warning signs you spotted")).to_be_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".reflect-app img, .reflect-app [onerror]").count() == 0
    scripts = page.evaluate("[...document.scripts].filter(s => s.text.includes('__pwned')).length")
    assert scripts == 0


def test_the_player_page_has_no_serious_or_critical_axe_violation(
    page: Page, reflect_server: LiveServer
) -> None:
    page.goto(reflect_server.url(f"voila/render/{PLAYER}", scenario=AXE_SCENARIO))
    wait_for_app(page)
    first = _chapter(page, 1)
    first.get_by_role("checkbox").first.check()
    first.get_by_role("button", name="Check my choices").click()
    expect(first.get_by_text("Warning signs you spotted")).to_be_visible()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)


def test_an_unknown_scenario_lists_the_others_as_links(
    page: Page, reflect_server: LiveServer
) -> None:
    page.goto(reflect_server.url(f"voila/render/{PLAYER}", scenario="no-such-case"))
    wait_for_app(page)
    expect(page.get_by_role("alert")).to_contain_text("There is no scenario 'no-such-case'")
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
    title = load_scenario(scenarios_dir() / f"{LISTED}.yaml").title
    page.get_by_role("link", name=title).click()
    wait_for_app(page)
    assert page.url.endswith(f"?scenario={LISTED}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".reflect-chapter")).to_have_count(1)
