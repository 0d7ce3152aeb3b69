"""reflect's look, as a browser shows it: what the theme stylesheet must do, asserted on the
page (computed styles), not on the text of the stylesheet."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

GIBBS = "gibbs-cycle.ipynb"


def test_every_control_reached_by_keyboard_shows_a_visible_focus_ring(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(GIBBS)
    rings = []
    for _ in range(8):
        page.keyboard.press("Tab")
        rings.append(
            page.evaluate(
                """() => {
                  const element = document.activeElement;
                  const style = getComputedStyle(element);
                  return [element.tagName, style.outlineStyle, parseFloat(style.outlineWidth)];
                }"""
            )
        )
    focused = [ring for ring in rings if ring[0] not in ("BODY", "HTML")]
    assert focused, "Tab reached no control"
    assert all(style != "none" and width >= 3 for _tag, style, width in focused), rings


def test_reading_text_is_at_least_16_px_and_the_column_is_readable(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(GIBBS)
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.reflect-card p, .reflect-app textarea')]
               .map((element) => parseFloat(getComputedStyle(element).fontSize))"""
    )
    assert sizes, "no text found"
    assert min(sizes) >= 16, sizes
    width = page.evaluate("document.querySelector('.reflect-card').getBoundingClientRect().width")
    assert 0 < width <= 960, "a line of text longer than a reading column is hard to follow"
