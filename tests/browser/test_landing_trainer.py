"""A live `reflect serve --scenarios DIR` in Chromium: the trainer's own scenarios marked in
words, a broken one's first problem in plain words with its line, and the page still passing
axe with both on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from reflect.scenarios import scaffold
from tests.browser._axe import blocking_violations, describe

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

OWN_ID = "landing-own-mark-case"
BROKEN = "landing-own-broken.yaml"


@pytest.fixture
def own_files(trainer_folder_server: LiveServer) -> Iterator[None]:
    """A valid scenario and a broken one in the trainer's folder while the server runs."""
    folder = trainer_folder_server.scenarios_dir
    assert folder is not None
    valid = folder / f"{OWN_ID}.yaml"
    valid.write_text(scaffold(OWN_ID, "neglect"), encoding="utf-8")
    broken_text = scaffold("landing-own-broken", "neglect").replace(
        "title: Landing own broken\n", "title: Ruby: a case of neglect\n"
    )
    broken = folder / BROKEN
    broken.write_text(broken_text, encoding="utf-8")
    yield
    valid.unlink(missing_ok=True)
    broken.unlink(missing_ok=True)


def test_the_trainers_own_scenario_is_marked_in_words_and_shipped_ones_are_not(
    page: Page, trainer_folder_server: LiveServer, own_files: None
) -> None:
    page.goto(trainer_folder_server.url())
    own = page.locator(f'[data-scenario-id="{OWN_ID}"]')
    mark = own.locator(".own-mark")
    expect(mark).to_be_visible()
    assert mark.inner_text() == "Your own scenario, from your scenarios folder"
    # Said in words, not by colour alone, and read with the card's link by a screen reader.
    assert own.get_attribute("data-own") == "true"
    shipped = page.locator('[data-kind="scenario"]:not([data-own])')
    assert shipped.count() >= 3
    assert shipped.locator(".own-mark").count() == 0
    assert page.locator('[data-kind="scenario"][data-own]').count() == 1
    assert "come from your scenarios folder" in page.locator(".section-intro").nth(1).inner_text()


def test_a_broken_own_file_says_why_in_plain_words_with_its_line(
    page: Page, trainer_folder_server: LiveServer, own_files: None
) -> None:
    page.goto(trainer_folder_server.url())
    problems = page.get_by_role("status").filter(has_text=BROKEN)
    expect(problems).to_be_visible()
    item = problems.locator(f'li[data-broken-file="{BROKEN}"]')
    assert item.inner_text() == (
        f"{BROKEN}, line 10, column 12 (title): the text holds a colon followed by a space, "
        "which YAML reads as the start of a new key: put the whole text in quotes: "
        "title: 'Ruby: a case of neglect'"
    )
    assert str(trainer_folder_server.scenarios_dir) not in page.locator("main").inner_text()
    # Put right, the file is listed as the trainer's own and the problem is gone.
    assert trainer_folder_server.scenarios_dir is not None
    fixed = trainer_folder_server.scenarios_dir / BROKEN
    fixed.write_text(
        fixed.read_text(encoding="utf-8").replace(
            "title: Ruby: a case of neglect", "title: 'Ruby: a case of neglect'"
        ),
        encoding="utf-8",
    )
    page.reload()
    assert page.locator(f'li[data-broken-file="{BROKEN}"]').count() == 0
    card = page.locator('[data-scenario-id="landing-own-broken"]')
    assert card.locator("h3").inner_text() == "Ruby: a case of neglect"
    assert card.get_attribute("data-own") == "true"


def test_the_page_with_own_marks_and_a_problem_has_no_serious_axe_violation(
    page: Page, trainer_folder_server: LiveServer, own_files: None
) -> None:
    page.goto(trainer_folder_server.url())
    assert page.locator('[data-own="true"]').count() == 1
    assert page.locator(f'li[data-broken-file="{BROKEN}"]').count() == 1
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
