"""The competency self-assessment in Chromium: a whole domain rated from the keyboard alone and
still there after a reload, and no serious or critical axe-core violation."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from reflect.frameworks import competency_framework
from reflect.layout import Competency
from reflect.store import Store, workbook_file_name
from reflect.ui import current_user
from reflect.ui.competency import saved_assessments
from tests.browser._axe import blocking_violations, describe, wait_for_app

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

TOOL = Competency.TOOL
pytestmark = pytest.mark.browser

NOTEBOOK = "competency-self-assessment.ipynb"
# One level per item of the first domain (nine items), chosen so every level is used.
LEVELS = [1, 2, 3, 4, 3, 2, 1, 2, 3]
TARGETED = 2  # the third item: "I want to develop this"
EVIDENCE = "Explained it to two new supervisees this term"
FOCUSED = """() => {
  const element = document.activeElement;
  return {
    tag: element.tagName,
    type: element.type || "",
    text: (element.textContent || "").trim(),
    legend: element.closest("fieldset")?.querySelector("legend")?.textContent || "",
  };
}"""


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(FOCUSED)  # type: ignore[no-any-return]


def tab_until(page: Page, wanted: Callable[[dict[str, str]], bool], presses: int = 20) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            return
    pytest.fail(f"{presses} presses of Tab never got there; focus is on {focused(page)}")


def item_card(page: Page, index: int):  # type: ignore[no-untyped-def]
    return page.locator(".reflect-competency-item").nth(index)


def test_a_whole_domain_rated_with_the_keyboard_alone_is_kept_after_a_reload(
    open_app: Callable[..., Page], reflect_server: LiveServer, tmp_path: Path
) -> None:
    page = open_app(NOTEBOOK)
    domain = competency_framework().domains[0]
    assert len(domain.items) == len(LEVELS)
    options_before = page.locator("select option").count()

    # A fresh assessment, so what is checked below was entered here.
    tab_until(page, lambda now: now["text"] == "Start a new assessment")
    page.keyboard.press("Enter")
    expect(page.locator("select option")).to_have_count(options_before + 1)
    expect(page.locator(".reflect-status").first).to_contain_text("Started a new assessment")

    tab_until(page, lambda now: now["type"] == "radio")
    for index, (item, level) in enumerate(zip(domain.items, LEVELS, strict=True)):
        now = focused(page)
        assert (now["type"], now["legend"]) == ("radio", item.name)  # the group is named
        # Tab enters an unrated group on level 1: Space chooses it, each arrow the next level.
        if level == 1:
            page.keyboard.press("Space")
        for _ in range(level - 1):
            page.keyboard.press("ArrowRight")
        expect(item_card(page, index).locator(".reflect-level__status")).to_contain_text("saved at")
        page.keyboard.press("Tab")
        assert focused(page)["type"] == "checkbox"
        if index == TARGETED:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
        assert focused(page)["tag"] == "TEXTAREA"
        if index == 0:
            page.keyboard.type(EVIDENCE)
            expect(item_card(page, 0).locator(".reflect-field .reflect-status")).to_contain_text(
                "saved at"
            )
        page.keyboard.press("Tab")

    # On to the next domain with the keyboard alone: a short page, saying where you are.
    second = competency_framework().domains[1]
    assert focused(page)["text"] == f"Next: {second.name}"  # the Tab after the last item
    page.keyboard.press("Enter")
    domains = len(competency_framework().domains)
    position = page.locator(".reflect-steps__position")
    expect(position).to_have_text(f"Domain 2 of {domains} · 0 of {len(second.items)} rated")
    expect(page.get_by_role("heading", name=second.name)).to_be_visible()
    expect(item_card(page, 0)).to_be_hidden()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 7_000, f"the page is {height} px tall"  # was 14,000 with every domain
    page.screenshot(path=tmp_path / "competency-domain-2.png", full_page=True)

    page.get_by_role("button", name="Your profile", exact=True).click()
    expect(position).to_have_text(f"Your profile · {len(LEVELS)} of 30 items rated")
    figures = page.locator(".reflect-chart table tr", has_text=domain.name)
    expect(figures).to_contain_text("2.3")  # (1+2+3+4+3+2+1+2+3) / 9
    expect(figures).to_contain_text("9 of 9")
    page.get_by_role("button", name="Your development plan", exact=True).click()
    plan = page.locator(".reflect-competency-plan-entry h3")
    expect(plan.first).to_have_text(f"1. {domain.items[TARGETED].name}")

    with Store(reflect_server.data_dir / workbook_file_name(current_user())) as store:
        newest = saved_assessments(store)[-1]
        saved = store.latest(TOOL, f"{newest.id}/ratings")
        evidence = store.latest(TOOL, f"{newest.id}/evidence/{domain.items[0].id}")
    assert saved is not None
    assert {item_id: rating["level"] for item_id, rating in saved.value.items()} == {  # type: ignore[union-attr,index]
        item.id: level for item, level in zip(domain.items, LEVELS, strict=True)
    }
    assert evidence is not None
    assert evidence.value == EVIDENCE

    page.reload()
    wait_for_app(page)
    for index, level in enumerate(LEVELS):
        expect(item_card(page, index).locator("input[type=radio]:checked")).to_have_value(
            str(level)
        )
    expect(item_card(page, TARGETED).locator("input[type=checkbox]")).to_be_checked()
    expect(item_card(page, 0).locator("textarea")).to_have_value(EVIDENCE)
    page.get_by_role("button", name="Your profile", exact=True).click()
    expect(page.locator(".reflect-chart table")).to_be_visible()
    assert re.search(r"\b2\.3\b", page.locator(".reflect-chart table").inner_text())


def test_the_app_with_ratings_a_plan_and_a_comparison_has_no_serious_axe_violation(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(NOTEBOOK)
    page.get_by_role("button", name="Start a new assessment").click()
    first = item_card(page, 0)
    expect(first.locator(".reflect-level__status")).to_have_text("")
    first.get_by_label("2 Developing").check()
    item_card(page, 1).get_by_label("4 Proficient").check()
    item_card(page, 3).get_by_role("checkbox").check()
    expect(page.locator(".reflect-competency-plan-entry")).to_have_count(2)
    violations = blocking_violations(page)  # the first domain's step
    assert violations == [], describe(violations)
    page.get_by_role("button", name="Your profile", exact=True).click()
    expect(page.locator(".reflect-chart svg[role=img]")).to_have_attribute(
        "aria-label", re.compile(r"mean rating out of 4")
    )
    expect(page.get_by_role("heading", name=re.compile("^Progress since"))).to_be_visible()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
    # the plan's step must show every part: the date pickers, the download
    page.get_by_role("button", name="Your development plan", exact=True).click()
    expect(page.locator("input[type=date]")).to_have_count(2)
    expect(page.locator("input[type=date]").first).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Download your development plan"))
    ).to_be_visible()
    levels = (
        page.locator(".reflect-app")
        .locator("h1, h2, h3, h4, h5, h6")
        .evaluate_all("els => els.map(e => Number(e.tagName[1]))")
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels  # no level skipped
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
