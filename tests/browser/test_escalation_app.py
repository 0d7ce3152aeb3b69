"""The escalation app in Chromium against a live `reflect serve`: the route follows the ticks,
a stage's outcome survives a reload, and axe-core finds nothing serious."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser._axe import blocking_violations, describe, wait_for_app

pytestmark = pytest.mark.browser

NOTEBOOK = "escalation.ipynb"
SAVE_TIMEOUT_MS = 10_000  # autosave comes ~0.8 s after typing stops; this allows a slow machine
EXCEPTION = "Practice is unsafe and puts people at risk"
DISAGREE = "Professionals disagree about the child's safety"
NOW_HEADING = "Tell your line manager today"
EXAMPLE_LADDER = Path(__file__).resolve().parents[2] / "docs/examples/partnership-ladder.yaml"
ANYSHIRE = "Anyshire Safeguarding Children Partnership"
OUTCOME = "Agreed with the school nurse to share the attendance log by Friday."


def _status_of(page: Page, label: str) -> Locator:
    box = page.get_by_label(label, exact=True)
    return page.locator(".reflect-field", has=box).locator(".reflect-status")


def test_the_route_follows_the_answers_and_an_outcome_survives_a_reload(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(NOTEBOOK)
    _new_concern(page)
    name_label = "Name of this concern (a pseudonym, such as Child A)"
    expect(page.get_by_label(name_label)).to_have_value("")

    page.get_by_label(EXCEPTION).check()
    now_panel = page.get_by_role("alert").filter(has_text=NOW_HEADING)
    expect(now_panel).to_be_visible()
    expect(page.get_by_role("heading", name=NOW_HEADING, level=2)).to_be_visible()

    page.get_by_label(EXCEPTION).uncheck()
    expect(page.get_by_role("heading", name=NOW_HEADING)).to_have_count(0)
    page.get_by_label(DISAGREE).check()
    expect(page.get_by_text("Stage 1 of 4 of the Lincolnshire (default) ladder")).to_be_visible()
    expect(page.get_by_text("Who to contact: The professional you disagree with")).to_be_visible()

    page.get_by_label(name_label).fill("Child D, attendance")
    expect(_status_of(page, name_label)).to_contain_text("saved at", timeout=SAVE_TIMEOUT_MS)
    page.get_by_role("button", name="Start stage 1: Professional to professional").click()
    outcome = page.get_by_label("Outcome of stage 1", exact=True)
    outcome.fill(OUTCOME)
    expect(_status_of(page, "Outcome of stage 1")).to_contain_text(
        "saved at", timeout=SAVE_TIMEOUT_MS
    )

    page.reload()
    wait_for_app(page)
    expect(page.get_by_label(name_label)).to_have_value("Child D, attendance")
    expect(page.get_by_label(DISAGREE)).to_be_checked()
    expect(page.get_by_label(EXCEPTION)).not_to_be_checked()
    expect(page.get_by_label("Outcome of stage 1", exact=True)).to_have_value(OUTCOME)
    expect(page.get_by_role("table")).to_contain_text("Professional to professional")
    expect(page.get_by_label("Past concerns")).to_contain_text("Child D, attendance")


def test_escalation_page_has_no_serious_or_critical_axe_violation(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(NOTEBOOK)
    page.get_by_label(EXCEPTION).check()
    page.get_by_label(DISAGREE).check()
    expect(page.get_by_role("heading", name=NOW_HEADING)).to_be_visible()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)


def test_a_ladder_file_is_checked_before_it_replaces_the_default(
    open_app: Callable[..., Page], tmp_path: Path
) -> None:
    good = EXAMPLE_LADDER.read_text(encoding="utf-8")
    bad = tmp_path / "our-ladder.yaml"
    bad.write_text(good.replace("    who: Your line manager", "    whoo: Your line manager"))
    page = open_app(NOTEBOOK)
    _new_concern(page)
    page.get_by_label(DISAGREE).check()

    _choose_ladder(page, bad)
    problem = page.get_by_role("alert").filter(has_text="our-ladder.yaml")
    expect(problem).to_contain_text(re.compile(r"our-ladder\.yaml:\d+: stages\[1\]\.whoo: unknown"))
    expect(page.get_by_text("Stage 1 of 4 of the Lincolnshire (default) ladder")).to_be_visible()

    _choose_ladder(page, EXAMPLE_LADDER)
    expect(problem).to_have_count(0)
    expect(page.get_by_text(f"{ANYSHIRE}, loaded from partnership-ladder.yaml.")).to_be_visible()
    expect(page.get_by_text(f"Stage 1 of 4 of the {ANYSHIRE} ladder")).to_be_visible()

    page.reload()
    wait_for_app(page)
    expect(page.get_by_text(f"Stage 1 of 4 of the {ANYSHIRE} ladder")).to_be_visible()
    expect(page.get_by_label(DISAGREE)).to_be_checked()


def _new_concern(page: Page) -> None:
    """Start a new concern and wait until the kernel has opened it: a box ticked before then
    would be unticked again by the new concern's empty answers."""
    page.get_by_role("button", name="New concern").click()
    expect(page.get_by_role("status").filter(has_text="Started a new concern")).to_be_visible()


def _choose_ladder(page: Page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile("Load your partnership's ladder")).click()
    chooser.value.set_files(str(path))
