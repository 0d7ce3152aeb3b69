"""The case drift app in Chromium against a live `reflect serve`: a case written, reloaded and
checked, the identifying-detail warning, and no serious or critical axe-core violation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Locator, Page, expect

from reflect.frameworks import drift_framework
from reflect.model.drift import LEVEL_NAMES, Answer, CaseFacts, DriftAnswers, assess_drift
from tests.browser._axe import blocking_violations, describe, wait_for_app

pytestmark = pytest.mark.browser

NOTEBOOK = "case-drift.ipynb"
SAVE_TIMEOUT_MS = 10_000  # autosave comes ~0.8 s after typing stops; this allows a slow machine
SINCE_LAST = drift_framework().item("since-last-supervision").text
PROGRESSING = drift_framework().item("case-progressing").text


def _status_of(page: Page, label: str) -> Locator:
    box = page.get_by_label(label, exact=True)
    return page.locator(".reflect-field", has=box).locator(".reflect-status")


def test_a_case_is_kept_after_a_reload_and_its_check_is_listed(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(NOTEBOOK)
    page.get_by_role("button", name="New case").click()
    pseudonym = page.get_by_label("Case pseudonym", exact=True)
    expect(pseudonym).to_have_value("")
    pseudonym.fill("Jane Smith")
    warning = page.get_by_role("status").filter(has_text="looks like a real person's name")
    expect(warning).to_be_visible()
    pseudonym.fill("Child A")
    expect(warning).to_have_count(0)
    expect(_status_of(page, "Case pseudonym")).to_contain_text("saved at", timeout=SAVE_TIMEOUT_MS)

    answer = page.get_by_label(SINCE_LAST, exact=True)
    answer.fill("Two home visits; the mother was not in for either.")
    expect(_status_of(page, SINCE_LAST)).to_contain_text("saved at", timeout=SAVE_TIMEOUT_MS)
    page.get_by_role("group", name=PROGRESSING).get_by_label("No", exact=True).check()
    page.get_by_label("Plan start date", exact=True).fill("2025-06-02")
    page.get_by_label("Last review conference", exact=True).fill("2025-08-20")
    expect(page.get_by_text("Facts of the case: saved at")).to_be_visible(timeout=SAVE_TIMEOUT_MS)

    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Case pseudonym", exact=True)).to_have_value("Child A")
    expect(page.get_by_label("Case", exact=True)).to_contain_text("Child A (started ")
    expect(page.get_by_label(SINCE_LAST, exact=True)).to_have_value(
        "Two home visits; the mother was not in for either."
    )
    expect(
        page.get_by_role("group", name=PROGRESSING).get_by_label("No", exact=True)
    ).to_be_checked()
    expect(page.get_by_label("Plan start date", exact=True)).to_have_value("2025-06-02")
    expect(page.get_by_label("Last review conference", exact=True)).to_have_value("2025-08-20")

    page.get_by_role("button", name="Check for drift").click()
    expected = assess_drift(
        CaseFacts(plan_start=date(2025, 6, 2), last_review=date(2025, 8, 20)),
        DriftAnswers(answers={"case-progressing": Answer(value="no")}),
        drift_framework(),
        date.today(),  # the server's today: it runs on this machine
    )
    result = page.locator(".reflect-drift-result")
    expect(result.locator(".reflect-drift-badge")).to_have_text(LEVEL_NAMES[expected.level])
    for reason in expected.reasons:
        expect(result).to_contain_text(reason.text)
    history = page.locator(".reflect-drift-history > li")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text(LEVEL_NAMES[expected.level])


def test_drift_page_has_no_serious_or_critical_axe_violation(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(NOTEBOOK)
    page.get_by_role("button", name="New case").click()
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_label("Action 1", exact=True)).to_be_focused()  # ready to type in
    page.get_by_label("Action 1", exact=True).fill("Health assessment")
    page.get_by_label("Action 1 due date", exact=True).fill("2025-01-15")
    page.get_by_role("button", name="Add safety score").click()
    page.get_by_role("button", name="Add referral").click()
    page.get_by_label("Case pseudonym", exact=True).fill("Jane Smith")  # the warning shows too
    page.get_by_role("button", name="Check for drift").click()
    expect(page.locator(".reflect-drift-result .reflect-drift-badge")).to_be_visible()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
