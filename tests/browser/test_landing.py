"""The landing page of a live `reflect serve`, in Chromium: what it lists, keyboard use, axe."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from reflect import _paths
from reflect._landing import available_apps
from reflect.scenarios import scaffold
from tests.browser._axe import blocking_violations, describe, wait_for_app
from tests.browser.kernels import page_kernel_id

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

TRICKY_TITLE = 'Visits <b>missed</b> & a "quiet" child'


def _scenario_text(scenario_id: str) -> str:
    text = scaffold(scenario_id, "neglect")
    # A title with markup in it must reach the page as text, never as markup.
    return re.sub(r"(?m)^title:.*$", f"title: '{TRICKY_TITLE}'", text, count=1)


@pytest.fixture
def trainer_scenario(trainer_folder_server: LiveServer) -> Iterator[str]:
    """A valid scenario file dropped into the trainer's folder while the server runs."""
    scenario_id = "landing-test-missed-visits"
    assert trainer_folder_server.scenarios_dir is not None
    path = trainer_folder_server.scenarios_dir / f"{scenario_id}.yaml"
    path.write_text(_scenario_text(scenario_id), encoding="utf-8")
    yield scenario_id
    path.unlink(missing_ok=True)


def test_the_apps_listed_are_exactly_those_whose_notebook_exists(
    page: Page, trainer_folder_server: LiveServer
) -> None:
    page.goto(trainer_folder_server.url())
    expected = available_apps(_paths.notebooks_dir())
    assert page.locator('[data-kind="app"] h3').all_inner_texts() == [a.title for a in expected]
    hrefs = page.locator('[data-kind="app"] h3 a').evaluate_all("els => els.map(e => e.href)")
    assert hrefs == [trainer_folder_server.url(f"voila/render/{a.notebook}") for a in expected]


def test_page_is_english_titled_and_has_landmarks_and_ordered_headings(
    page: Page, trainer_folder_server: LiveServer
) -> None:
    page.goto(trainer_folder_server.url())
    assert page.locator("html").get_attribute("lang") == "en"
    assert "reflect" in page.title()
    assert page.locator("header").count() == 1
    assert page.locator("main").count() == 1
    levels = page.locator("h1, h2, h3, h4, h5, h6").evaluate_all(
        "els => els.map(e => Number(e.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels


def test_a_new_scenario_file_shows_without_restart_and_its_text_is_not_markup(
    page: Page, trainer_folder_server: LiveServer, trainer_scenario: str
) -> None:
    page.goto(trainer_folder_server.url())
    card = page.locator(f'[data-scenario-id="{trainer_scenario}"]')
    assert card.locator("h3").inner_text() == TRICKY_TITLE
    assert card.locator("b").count() == 0
    assert "Neglect" in card.locator(".tags").inner_text()
    if (_paths.notebooks_dir() / "scenario.ipynb").is_file():
        href = card.locator("h3 a").get_attribute("href")
        assert href == f"/voila/render/scenario.ipynb?scenario={trainer_scenario}"


def test_a_broken_scenario_file_is_named_for_trainers_and_the_page_still_works(
    page: Page, trainer_folder_server: LiveServer
) -> None:
    broken = trainer_folder_server.scenarios_dir / "half-written.yaml"
    broken.write_text("id: half-written\ntitle: [unclosed\n", encoding="utf-8")
    try:
        page.goto(trainer_folder_server.url())
        problems = page.locator(".problems")
        assert "half-written.yaml" in problems.inner_text()
        assert re.search(r"\d+ scenario files? (has|have) problems", problems.inner_text())
        assert "reflect validate" in problems.inner_text()
        assert page.locator("#apps-heading").is_visible()
    finally:
        broken.unlink()
    page.reload()
    assert "half-written.yaml" not in page.locator("main").inner_text()


def test_landing_page_has_no_serious_or_critical_axe_violation(
    page: Page, trainer_folder_server: LiveServer, trainer_scenario: str
) -> None:
    broken = trainer_folder_server.scenarios_dir / "axe-broken.yaml"
    broken.write_text("not: [a scenario", encoding="utf-8")
    try:
        page.goto(trainer_folder_server.url())
        # Every part of the page is there to be checked: apps, a scenario card, the problems.
        assert page.locator(f'[data-scenario-id="{trainer_scenario}"]').count() == 1
        assert page.locator(".problems").count() == 1
        violations = blocking_violations(page)
        assert violations == [], describe(violations)
    finally:
        broken.unlink()


def test_skip_link_is_first_on_tab_and_enter_moves_focus_to_main(
    page: Page, trainer_folder_server: LiveServer
) -> None:
    page.goto(trainer_folder_server.url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    # The focus ring must be visible, not suppressed by the stylesheet.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_first_card_link_is_reached_by_tab_and_opened_by_enter(
    page: Page, trainer_folder_server: LiveServer, trainer_scenario: str
) -> None:
    page.goto(trainer_folder_server.url())
    links = page.locator(".card h3 a")
    expect(links.first).to_be_visible()  # the apps and scenarios are listed as links
    target = links.first.get_attribute("href")
    assert target is not None
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.card') !== null"):
            break
    else:
        pytest.fail("ten presses of Tab never reached a card link")
    assert page.evaluate("document.activeElement.getAttribute('href')") == target
    card_outline = page.evaluate(
        "getComputedStyle(document.activeElement.closest('.card')).outlineStyle"
    )
    assert card_outline != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == trainer_folder_server.base_url + target.lstrip("/")
    wait_for_app(page)  # and the app it leads to becomes interactive


def test_closing_an_app_tab_shuts_its_kernel_down(
    context: BrowserContext, trainer_folder_server: LiveServer
) -> None:
    apps = available_apps(_paths.notebooks_dir())
    assert apps, "no app notebook is installed"
    tab = context.new_page()
    tab.goto(trainer_folder_server.url(f"voila/render/{apps[0].notebook}"))
    wait_for_app(tab)
    kernel_id = page_kernel_id(tab)
    tab.close(run_before_unload=True)  # the beacon Voila sends on beforeunload
    deadline = time.monotonic() + 20
    while f"Kernel shutdown: {kernel_id}" not in trainer_folder_server.log():
        assert time.monotonic() < deadline, "the kernel of a closed tab was left running"
        time.sleep(0.2)
