"""A branching scenario in Chromium against a live `reflect serve --scenarios DIR`: the shipped
pieces-of-the-picture played down both of its paths (the supervisor asks about the partner, or
moves on), each in a workbook of its own (a copy under its own id). The chronology table grows
with each chapter and marks the pieces one agency held alone; a reload resumes on the path taken;
the debrief sets the path taken beside the one the case review wished for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

import pytest
from playwright.sync_api import Locator, Page, expect

from reflect._paths import scenarios_dir
from reflect.frameworks import escalation_framework
from reflect.model.scenario import (
    Activity,
    DriftCheck,
    EscalationCheck,
    GibbsReflection,
    Question,
    Scenario,
    SpotIndicators,
)
from reflect.model.scenario_branch import chapter_ids
from reflect.model.scenario_chronology import merged_chronology
from reflect.scenarios import load_scenario
from tests.browser._axe import blocking_violations, describe, wait_for_app

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

PLAYER = "scenario.ipynb"
SLOW = 30_000  # ms: a chapter is built by the kernel, which shares the machine with others
SHIPPED = "pieces-of-the-picture"
BRANCH_QUESTION = "what-ruth-does-next"
PATHS = {  # the option chosen at supervision, and the chapter it leads to
    "asked": ("ask-about-the-partner", "pieces-together"),
    "moved-on": ("note-and-move-on", "pieces-stay-apart"),
}


@pytest.fixture
def copies(trainer_folder_server: LiveServer) -> Iterator[dict[str, str]]:
    """The shipped scenario under one id per path, so each path has a workbook of its own."""
    text = (scenarios_dir() / f"{SHIPPED}.yaml").read_text(encoding="utf-8")
    folder = trainer_folder_server.scenarios_dir
    assert folder is not None
    made = {}
    for name in PATHS:
        scenario_id = f"branching-{name}"
        path = folder / f"{scenario_id}.yaml"
        path.write_text(text.replace(f"id: {SHIPPED}\n", f"id: {scenario_id}\n", 1), "utf-8")
        load_scenario(path)  # a valid scenario: the test plays it, not an error page
        made[name] = scenario_id
    yield made
    for scenario_id in made.values():
        (folder / f"{scenario_id}.yaml").unlink(missing_ok=True)


def _chapter(page: Page, step: int) -> Locator:
    return page.locator(".reflect-chapter").nth(step - 1)


def _attempt(card: Locator, activity: Activity, branch_option: str) -> None:
    """Do one activity as a trainee would; at the branch, choose `branch_option`."""
    if isinstance(activity, SpotIndicators):
        card.get_by_role("checkbox").first.check()
        card.get_by_role("button", name="Check my choices").click()
        expect(card.get_by_text("Warning signs you spotted")).to_be_visible()
    elif isinstance(activity, Question):
        texts = {option.id: option.text for option in activity.options}
        if activity.id == BRANCH_QUESTION:
            card.get_by_role("radio", name=texts[branch_option], exact=True).check()
        else:
            role: Literal["checkbox", "radio"] = (
                "checkbox" if len(activity.correct_options) > 1 else "radio"
            )
            for option_id in activity.correct_options:
                card.get_by_role(role, name=texts[option_id], exact=True).check()
        card.get_by_role("button", name="Submit answer").click()
        expect(card.get_by_text("Feedback on your answer")).to_be_visible()
    elif isinstance(activity, DriftCheck):
        card.get_by_role("button", name="Check for drift").click()
        expect(card.locator(".reflect-activity-result")).to_contain_text("scenario's")
    elif isinstance(activity, EscalationCheck):
        names = {item.id: item.name for item in escalation_framework().exceptions}
        for exception in activity.exceptions:
            card.get_by_label(names[exception], exact=True).check()
        if activity.expected_route == "ladder":
            card.get_by_label("Professionals disagree about the child's safety").check()
        card.get_by_role("button", name="Compare my answer with the scenario's").click()
        expect(card.locator(".reflect-activity-result")).to_contain_text("scenario's")
    elif isinstance(activity, GibbsReflection):
        card.get_by_label("Description", exact=True).fill("What happened, in the order it did.")
        card.get_by_role("button", name="I have written my reflection").click()
        expect(card.get_by_text("Your reflection is saved in your workbook.")).to_be_visible()


def _play_chapter(page: Page, scenario: Scenario, step: int, index: int, option: str) -> None:
    chapter = scenario.chapters[index]
    card = _chapter(page, step)
    expect(card.locator(".reflect-chapter-title")).to_have_text(
        f"Chapter {step}: {chapter.title}", timeout=SLOW
    )
    for position, activity in enumerate(chapter.activities):
        _attempt(card.locator(".reflect-activity").nth(position), activity, option)


def _chronology_rows(page: Page) -> list[str]:
    rows = page.locator("table.reflect-chronology tbody tr")
    return [str(row) for row in rows.evaluate_all("rows => rows.map(r => r.dataset.event)")]


def _held_alone(page: Page) -> list[str]:
    rows = page.locator('table.reflect-chronology tbody tr[data-held-alone="true"]')
    return [str(row) for row in rows.evaluate_all("rows => rows.map(r => r.dataset.event)")]


@pytest.mark.parametrize("name", list(PATHS))
def test_a_branching_scenario_played_down_each_path_shows_it_beside_the_wished_for_one(
    page: Page, trainer_folder_server: LiveServer, copies: dict[str, str], name: str
) -> None:
    scenario_id = copies[name]
    option, second = PATHS[name]
    scenario = load_scenario(scenarios_dir() / f"{SHIPPED}.yaml")
    ids = chapter_ids(scenario.chapters)
    page.goto(trainer_folder_server.url(f"voila/render/{PLAYER}", scenario=scenario_id))
    wait_for_app(page)

    # Chapter 1: the chronology holds its events by date, each one agency's alone.
    chronology = merged_chronology(scenario.chapters, [0])
    assert _chronology_rows(page) == [line.event_id for line in chronology.lines]
    assert _held_alone(page) == list(chronology.held_alone)
    table = page.get_by_role("table", name="Chronology of events revealed so far")
    expect(table.get_by_role("columnheader", name="Police", exact=True)).to_be_visible()
    expect(table.get_by_role("rowheader", name="18 February 2026, 01:20")).to_be_visible()
    expect(table.get_by_text("Held by Police alone.")).to_have_count(2)
    expect(page.locator(".reflect-chronology-card")).to_contain_text(
        "On 26 February 2026, where the story has reached: 10 pieces held by one agency alone."
    )
    _play_chapter(page, scenario, 1, 0, option)
    page.get_by_role("button", name="Continue to chapter 2").click()

    # The answer at supervision chose chapter 2; a reload opens on that path.
    expect(_chapter(page, 2).locator(".reflect-chapter-title")).to_have_text(
        f"Chapter 2: {scenario.chapters[ids[second]].title}", timeout=SLOW
    )
    page.reload()
    wait_for_app(page)
    expect(page.locator(".reflect-chapter")).to_have_count(2)
    expect(_chapter(page, 2).locator(".reflect-chapter-title")).to_have_text(
        f"Chapter 2: {scenario.chapters[ids[second]].title}"
    )
    path = [0, ids[second]]
    assert _chronology_rows(page) == [
        line.event_id for line in merged_chronology(scenario.chapters, path).lines
    ]

    # On to the debrief: both paths meet again at the plan.
    path += [ids["plan-that-holds"], ids["group-supervision"]]
    for step in range(2, len(path) + 1):
        _play_chapter(page, scenario, step, path[step - 1], option)
        label = (
            "Continue to the debrief" if step == len(path) else f"Continue to chapter {step + 1}"
        )
        way_on = page.get_by_role("button", name=label)
        expect(way_on).to_be_visible(timeout=SLOW)
        way_on.click()
    expect(page.get_by_role("heading", name="Debrief", level=2)).to_be_visible(timeout=SLOW)

    # The debrief: the path taken beside the wished-for one, and each choice as made.
    paths = page.get_by_role("table", name="The chapters you played beside those the case")
    taken = [scenario.chapters[index].title for index in path]
    rows = paths.locator("tbody tr")
    expect(rows).to_have_count(len(taken))
    for number, played in enumerate(taken, start=1):
        expect(rows.nth(number - 1).locator("td").first).to_contain_text(played)
    wished = rows.nth(1).locator("td").nth(1)
    expect(wished).to_have_text(scenario.chapters[ids["pieces-together"]].title)
    card = page.locator(".reflect-paths-card")
    if name == "asked":
        expect(card).to_contain_text("Your path is the one the case review wished for.")
        expect(card.locator('tr[data-differs="true"]')).to_have_count(0)
    else:
        expect(card).to_contain_text("Your path left the one the case review wished for")
        expect(card.locator('tr[data-differs="true"]')).to_have_count(1)
        expect(rows.nth(1).locator("td").first).to_contain_text("(a different chapter)")
    branch_text = next(
        o.text
        for a in scenario.chapters[0].activities
        if isinstance(a, Question)
        for o in a.options
        if o.id == option
    )
    expect(card.locator('li[data-step="1"]')).to_contain_text(branch_text)
    expect(card.locator("li")).to_have_count(len(path))

    # Coming back: the same path, the debrief and the record as they were.
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Debrief", level=2)).to_be_visible()
    expect(page.locator(".reflect-chapter")).to_have_count(len(path))
    expect(page.locator(".reflect-paths-card tbody tr")).to_have_count(len(taken))
    expect(rows.nth(1).locator("td").first).to_contain_text(taken[1])
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
