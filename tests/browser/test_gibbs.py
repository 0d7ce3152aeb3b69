"""The Gibbs cycle app in Chromium against a live `reflect serve`: write, reload, move, axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser._axe import blocking_violations, describe, wait_for_app
from tests.browser.conftest import running_server

pytestmark = pytest.mark.browser

NOTEBOOK = "gibbs-cycle.ipynb"
SAVE_TIMEOUT_MS = 10_000  # autosave comes ~0.8 s after typing stops; this allows a slow machine


def _wheel_stage(page: Page, name: str) -> Locator:
    # Scoped to the wheel: "Next: Analysis" is a button whose name holds a stage name too.
    return page.locator(".reflect-cycle-wheel").get_by_role("button", name=re.compile(name))


def _status_of(page: Page, label: str) -> Locator:
    box = page.get_by_label(label, exact=True)
    return page.locator(".reflect-field", has=box).locator(".reflect-status")


def test_words_survive_a_reload_and_the_wheel_moves_by_click_and_keyboard(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(NOTEBOOK)
    page.get_by_role("button", name="New reflection").click()
    description = page.get_by_label("Description", exact=True)
    expect(description).to_have_value("")
    page.get_by_label("Title of this reflection").fill("Home visit, no answer")
    expect(_status_of(page, "Title of this reflection")).to_contain_text(
        "saved at", timeout=SAVE_TIMEOUT_MS
    )
    description.fill("Visited at 10:00. Nobody answered; the curtains were drawn.")
    expect(_status_of(page, "Description")).to_contain_text("saved at", timeout=SAVE_TIMEOUT_MS)
    expect(_wheel_stage(page, "Description")).to_have_accessible_name(
        "Stage 1 of 6: Description, done"
    )

    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Title of this reflection")).to_have_value("Home visit, no answer")
    expect(page.get_by_label("Past reflections")).to_contain_text("Home visit, no answer")
    # Reopened at the first stage still to write, with Description ticked on the wheel.
    expect(page.get_by_role("heading", level=2)).to_have_text("Stage 2 of 6: Feelings")
    expect(_wheel_stage(page, "Description")).to_contain_text("done")
    _wheel_stage(page, "Description").click()
    expect(page.get_by_label("Description", exact=True)).to_have_value(
        "Visited at 10:00. Nobody answered; the curtains were drawn."
    )

    _wheel_stage(page, "Analysis").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Stage 4 of 6: Analysis")
    expect(page.get_by_label("Analysis", exact=True)).to_be_visible()
    expect(_wheel_stage(page, "Analysis")).to_have_attribute("aria-current", "step")

    _wheel_stage(page, "Analysis").focus()
    page.keyboard.press("ArrowRight")
    expect(_wheel_stage(page, "Conclusion")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2)).to_have_text("Stage 5 of 6: Conclusion")
    expect(page.get_by_label("Conclusion", exact=True)).to_be_visible()

    page.get_by_role("button", name="Next: Action plan").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Stage 6 of 6: Action plan")
    # Not offered on the last stage: hidden, not just greyed out.
    expect(page.locator(".reflect-gibbs-cycle .jupyter-button", has_text="Next:")).to_be_hidden()
    expect(page.get_by_role("button", name="Previous: Conclusion")).to_be_visible()


# Each text box's own rectangle and that of the card (or, for the title, the page's column)
# around it, as [left, top, right, bottom] in CSS pixels.
_BOXES_AND_CARDS = """() => [...document.querySelectorAll('.reflect-gibbs .reflect-field')]
  .filter(field => field.offsetParent !== null)
  .map(field => {
    const edges = element => {
      const r = element.getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom];
    };
    const box = field.querySelector('textarea, input');
    const card = field.closest('.reflect-card') || field.closest('.reflect-main');
    return {label: field.querySelector('label').textContent, box: edges(box),
            wrapper: edges(box.parentElement), card: edges(card)};
  })"""


def test_every_text_box_stays_inside_its_card_at_1280_wide_on_every_stage(
    open_app: Callable[..., Page], tmp_path: Path
) -> None:
    page = open_app(NOTEBOOK)
    assert page.viewport_size == {"width": 1280, "height": 900}
    page.get_by_role("button", name="New reflection").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Stage 1 of 6: Description")
    # Not offered on the first stage: hidden, not just greyed out.
    expect(
        page.locator(".reflect-gibbs-cycle .jupyter-button", has_text="Previous:")
    ).to_be_hidden()
    page.screenshot(path=tmp_path / "gibbs-1280.png", full_page=True)
    seen = []
    for number, stage in enumerate(
        ["Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"], 1
    ):
        _wheel_stage(page, stage).click()
        expect(page.get_by_role("heading", level=2)).to_have_text(f"Stage {number} of 6: {stage}")
        for found in page.evaluate(_BOXES_AND_CARDS):
            left, top, right, bottom = found["card"]
            for part in ("box", "wrapper"):
                inner = found[part]
                inside = (
                    inner[0] >= left
                    and inner[1] >= top
                    and inner[2] <= right
                    and inner[3] <= bottom
                )
                assert inside, (
                    f"{found['label']}: {part} {inner} runs out of its card {found['card']}"
                )
            seen.append(found["label"])
    assert {"Title of this reflection", "Description", "Action plan"} <= set(seen)


def test_gibbs_page_has_no_serious_or_critical_axe_violation(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(NOTEBOOK)
    page.get_by_role("button", name="New reflection").click()
    page.get_by_label("Description", exact=True).fill("Some words, so a stage shows as done.")
    expect(_wheel_stage(page, "Description")).to_contain_text("done")
    expect(page.locator(".reflect-download")).to_be_visible()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)


def test_words_survive_a_server_restart(context: BrowserContext, tmp_path: Path) -> None:
    # Two servers one after the other on one data folder: what the first saved, the second shows.
    command = ["reflect.cli", "serve", "--no-browser", "--pool-size", "0"]
    words = "Met the family at school; the plan's actions were all overdue."
    with running_server(command, tmp_path, tmp_path / "first.log") as first:
        page = context.new_page()
        page.goto(f"{first}voila/render/{NOTEBOOK}")
        wait_for_app(page)
        page.get_by_label("Title of this reflection").fill("Core group, overdue plan")
        page.get_by_label("Description", exact=True).fill(words)
        expect(_status_of(page, "Description")).to_contain_text("saved at", timeout=SAVE_TIMEOUT_MS)
        expect(_status_of(page, "Title of this reflection")).to_contain_text(
            "saved at", timeout=SAVE_TIMEOUT_MS
        )
        page.close(run_before_unload=True)
    with running_server(command, tmp_path, tmp_path / "second.log") as second:
        page = context.new_page()
        page.goto(f"{second}voila/render/{NOTEBOOK}")
        wait_for_app(page)
        expect(page.get_by_label("Past reflections")).to_contain_text("Core group, overdue plan")
        expect(page.get_by_label("Title of this reflection")).to_have_value(
            "Core group, overdue plan"
        )
        _wheel_stage(page, "Description").click()
        expect(page.get_by_label("Description", exact=True)).to_have_value(words)
        page.close(run_before_unload=True)
