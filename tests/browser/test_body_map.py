"""A body map in Chromium against `reflect serve --scenarios DIR`, played with the keyboard
alone: the outline drawn with each mark where the file puts it, the marks in words, ticking the
concerning ones with Tab and Space, checking with Enter, the feedback on each mark; axe-core on
the card; and the notes for trainers, shown only by `reflect serve --preview`. Run alone:
`pytest tests/browser/test_body_map.py`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from reflect.scenarios import load_scenario, scaffold
from tests.browser._axe import blocking_violations, describe, wait_for_app
from tests.browser.conftest import live_server

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

SCENARIO_ID = "browser-body-map"
BODY_MAP = """\
      - kind: body_map
        prompt: Megan completed this body map at 09.45. Which marks concern you?
        child: Esme, five months old
        alt: >-
          Outline of a baby, front and back: two marks on the face and one on the back.
        marks:
          - id: bruise-left-cheek
            side: front
            x: 55
            y: 9
            where: left cheek
            description: A bluish-purple bruise the size of a fingertip.
            concerning: true
            why: A baby who cannot move about on her own cannot easily bruise herself.
          - id: redness-on-chin
            side: front
            x: 50
            y: 13
            where: chin
            description: Slightly red, dry skin where she dribbles.
            why: Dribble rash is common while teething.
          - id: bruise-lower-back
            side: back
            x: 50
            y: 48
            where: lower back
            description: Two small round bruises side by side.
            concerning: true
            why: Two round bruises side by side can be the marks of fingertips.
"""
FOCUSED = """() => {
  const element = document.activeElement;
  return {
    type: element.type || "",
    label: (element.closest("label")?.textContent || element.textContent || "").trim(),
  };
}"""


@pytest.fixture
def body_map_scenario(trainer_folder_server: LiveServer) -> Iterator[str]:
    """A scenario whose first activity is a body map, in the trainer's folder."""
    assert trainer_folder_server.scenarios_dir is not None
    path = trainer_folder_server.scenarios_dir / f"{SCENARIO_ID}.yaml"
    text = scaffold(SCENARIO_ID).replace(
        "    activities:  # one or more", "    activities:\n" + BODY_MAP + "  # one or more", 1
    )
    text = text.replace(
        "  # one or more, done in order; kind is one of the five used in this file\n", "\n", 1
    )
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path).chapters[0].activities[0].kind == "body_map"
    yield SCENARIO_ID
    path.unlink()


def _focused(page: Page) -> dict[str, Any]:
    return page.evaluate(FOCUSED)  # type: ignore[no-any-return]


def _tab_to(page: Page, label_starts: str, presses: int = 60) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if _focused(page)["label"].startswith(label_starts):
            return
    pytest.fail(f"{presses} presses of Tab never reached {label_starts!r}: {_focused(page)}")


def test_a_body_map_is_read_and_marked_with_the_keyboard_alone(
    page: Page, trainer_folder_server: LiveServer, body_map_scenario: str
) -> None:
    page.goto(trainer_folder_server.url("voila/render/scenario.ipynb", scenario=body_map_scenario))
    wait_for_app(page)
    card = page.locator(".reflect-activity").filter(has_text="Read the body map")
    expect(card).to_have_count(1)

    front = card.locator('svg[data-side="front"]')
    back = card.locator('svg[data-side="back"]')
    expect(front).to_have_attribute("role", "img")
    expect(front).to_have_attribute(
        "aria-label", "Front of the body map of Esme, five months old: 2 marks, listed below"
    )
    expect(front.locator("circle")).to_have_count(2)
    expect(back.locator("circle")).to_have_count(1)
    cheek = front.locator('[data-mark="bruise-left-cheek"] circle')
    expect(cheek).to_have_attribute("cx", "55")
    expect(cheek).to_have_attribute("cy", "18")
    # The picture's position is the file's: the cheek mark sits in the top tenth of the outline.
    box, outline = cheek.bounding_box(), front.bounding_box()
    assert box is not None
    assert outline is not None
    assert box["y"] - outline["y"] < outline["height"] * 0.12
    marks = card.locator(".reflect-body-marks li")
    expect(marks).to_have_text(
        [
            "left cheek (front): A bluish-purple bruise the size of a fingertip.",
            "chin (front): Slightly red, dry skin where she dribbles.",
            "lower back (back): Two small round bruises side by side.",
        ]
    )

    # Keyboard only: Tab to each mark's box, Space to tick it, Enter on the button.
    _tab_to(page, "Mark 1, left cheek")
    page.keyboard.press("Space")
    _tab_to(page, "Mark 2, chin")
    page.keyboard.press("Space")
    _tab_to(page, "Check my choices")
    page.keyboard.press("Enter")

    result = card.locator(".reflect-activity-result")
    expect(result).to_contain_text("You found 1 of 2 concerning marks.")
    expect(result.locator('[data-list="found"] li')).to_have_text(
        [
            "Mark 1, left cheek (front): A bluish-purple bruise the size of a fingertip."
            "A baby who cannot move about on her own cannot easily bruise herself."
        ]
    )
    expect(result.locator('[data-list="missed"] li')).to_contain_text(["Mark 3, lower back"])
    expect(result.locator('[data-list="not-concerning"] li')).to_contain_text(
        ["Dribble rash is common while teething."]
    )
    expect(
        card.get_by_role("checkbox", name="Mark 1, left cheek (front)", exact=False)
    ).to_be_disabled()
    expect(card.get_by_role("button", name="Change my choices")).to_be_visible()

    violations = blocking_violations(page, ".reflect-activity")
    assert not violations, describe(violations)

    # The answer is in the workbook: a reload shows the same marking.
    page.reload()
    wait_for_app(page)
    again = page.locator(".reflect-activity").filter(has_text="Read the body map")
    expect(again.locator(".reflect-activity-result")).to_contain_text(
        "You found 1 of 2 concerning marks."
    )


def test_only_a_trainers_preview_shows_the_notes_for_trainers(
    page: Page, reflect_server: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    scenario = "a-mark-on-her-cheek"
    page.goto(reflect_server.url("voila/render/scenario.ipynb", scenario=scenario))
    wait_for_app(page)
    expect(page.get_by_text("About this scenario")).to_be_visible()
    expect(page.get_by_text("Notes for trainers")).to_have_count(0)

    with live_server(tmp_path_factory.mktemp("preview-server"), "--preview") as preview:
        page.goto(preview.url("voila/render/scenario.ipynb", scenario=scenario))
        wait_for_app(page)
        notes = page.locator(".reflect-trainer-notes")
        expect(notes).to_contain_text("Notes for trainers")
        expect(notes).to_contain_text("Shown in a trainer's preview only")
