"""In Chromium against a live `reflect serve`: an NHS number typed into a Gibbs reflection
brings a warning beside the box while the words are still saved as typed; the download waits
until the number is kept knowingly (a labelled checkbox, ticked from the keyboard)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser._axe import blocking_violations, describe, wait_for_app

pytestmark = pytest.mark.browser

NOTEBOOK = "gibbs-cycle.ipynb"
SAVE_TIMEOUT_MS = 10_000  # autosave comes ~0.8 s after typing stops; this allows a slow machine
TYPED = "Child A's NHS number is 943 476 5919, written on the referral."


def test_an_nhs_number_brings_a_warning_and_is_still_saved(open_app: Callable[..., Page]) -> None:
    page = open_app(NOTEBOOK)
    page.get_by_role("button", name="New reflection").click()
    description = page.get_by_label("Description", exact=True)
    expect(description).to_have_value("")
    download = page.locator("a.reflect-download")
    expect(download).to_have_count(1)  # nothing identifying yet: offered at once
    title_warning = page.locator(".reflect-identifier-warning").first
    box = title_warning.bounding_box()
    assert box is not None
    assert box["height"] < 2, box  # a warning with nothing to say takes no room

    description.press_sequentially(TYPED, delay=5)
    card = page.locator(".reflect-card", has=description)
    warning = card.locator(".reflect-identifier-warning [role='status']")
    expect(warning).to_contain_text("“943 476 5919” looks like an NHS number")
    status = page.locator(".reflect-field", has=description).locator(".reflect-status")
    expect(status).to_contain_text("saved at", timeout=SAVE_TIMEOUT_MS)
    expect(description).to_have_value(TYPED)  # never redacted
    expect(download).to_have_count(0)  # held back until the finding is dealt with
    expect(page.locator(".reflect-export-check [role='status']")).to_contain_text(
        "1 detail in what you wrote looks identifying"
    )
    assert blocking_violations(page) == [], describe(blocking_violations(page))

    keep = page.get_by_label("Keep “943 476 5919” (in Description) knowingly")
    keep.focus()
    page.keyboard.press("Space")
    expect(keep).to_be_checked()
    expect(download).to_have_count(1)

    page.reload()
    wait_for_app(page)
    page.locator(".reflect-cycle-wheel").get_by_role("button", name="Stage 1 of 6").click()
    expect(description).to_have_value(TYPED)
    expect(warning).to_contain_text("looks like an NHS number")  # said again on reopening
