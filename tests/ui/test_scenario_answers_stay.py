"""Answers never move (issue 9): a trainer edits a scenario file under answers a trainee has
already saved, and the trainee's ticks, answers and score stay with the events and options they
chose. Played through the real page (ScenarioApp) on a real workbook in REFLECT_DATA_DIR, the
file edited as a trainer would edit it, then the page opened again."""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from reflect._paths import scenarios_dir
from reflect.layout import Scenario as ScenarioLayout
from reflect.scenarios import load_scenario
from reflect.store import Store, data_dir
from reflect.ui._player_activities import QuestionView, SpotIndicatorsView
from reflect.ui.scenario import ScenarioApp, Tools

SCENARIO = "packed-lunches"  # chapter 1: spot the warning signs, then a question with one answer
QUESTION = "what-should-anita-do"
TRAINEE = "trainee"
NEW_EVENT = """\
      - id: settles-into-year-4
        on: 2025-09-03
        text: Maisie's teacher notes that she has settled well into Year 4.
        why: A settled start is not a warning sign.
"""

Page = tuple[SpotIndicatorsView, QuestionView]


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A trainer's folder with a copy of a shipped scenario; the workbook in a tmp data folder."""
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(scenarios_dir() / f"{SCENARIO}.yaml", folder)
    return folder


@pytest.fixture
def open_page(library: Path) -> Iterator[Callable[[], Page]]:
    """Open the scenario's page as the trainee's browser would: the file read afresh, the
    trainee's own workbook opened from REFLECT_DATA_DIR."""
    with ExitStack() as stores:

        def opened() -> Page:
            store = stores.enter_context(Store.for_user(TRAINEE))
            assert store.path.parent == data_dir()
            app = ScenarioApp(Tools(delay=30.0), folders=lambda: [library])
            app.attach(store, {"scenario": SCENARIO})
            assert app.player is not None
            spot, question = app.player.chapters[0].activities
            assert isinstance(spot, SpotIndicatorsView)
            assert isinstance(question, QuestionView)
            return spot, question

        yield opened


def workbook_state(item: str) -> object:
    with Store.for_user(TRAINEE) as store:
        saved = store.latest(ScenarioLayout.tool(SCENARIO), item)
    return saved.value if saved is not None else None


def edit(path: Path, change: Callable[[list[str]], list[str]]) -> None:
    """Change a file line by line, as a trainer would in an editor."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(change(lines)), encoding="utf-8")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _item_end(lines: list[str], start: int) -> int:
    """Where the list item starting at `start` ends: the next line no deeper than its dash."""
    depth = _indent(lines[start])
    return next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i].strip() and _indent(lines[i]) <= depth
        ),
        len(lines),
    )


def insert_event_at_the_start_of_chapter_1(lines: list[str]) -> list[str]:
    at = next(i for i, line in enumerate(lines) if line == "    events:\n") + 1
    return [*lines[:at], NEW_EVENT, *lines[at:]]


def reverse_the_options(lines: list[str]) -> list[str]:
    asked = lines.index(f"        id: {QUESTION}\n")
    start = next(i for i in range(asked, len(lines)) if lines[i].strip() == "options:") + 1
    items = []
    while start < len(lines) and lines[start].lstrip().startswith("- id:"):
        end = _item_end(lines, start)
        items.append(lines[start:end])
        start = end
    first = start - sum(len(item) for item in items)
    return [*lines[:first], *(line for item in reversed(items) for line in item), *lines[start:]]


def remove_item(item_id: str) -> Callable[[list[str]], list[str]]:
    def removed(lines: list[str]) -> list[str]:
        start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {item_id}")
        return [*lines[:start], *lines[_item_end(lines, start) :]]

    return removed


def ticked(spot: SpotIndicatorsView) -> dict[str, str]:
    return {event_id: box.description for event_id, box in spot.boxes.items() if box.value}


def test_inserting_an_event_and_reordering_options_keeps_the_ticks_and_the_score(
    library: Path, open_page: Callable[[], Page]
) -> None:
    spot, question = open_page()
    chapter = spot.chapter
    # By position, as saved before ids, one event inserted above these made the score 1 of 4.
    first_sign, third_sign = chapter.indicators[0], chapter.indicators[2]
    ordinary = next(e for e in chapter.event_ids if e not in chapter.indicators)
    for event_id in (first_sign, third_sign, ordinary):
        spot.boxes[event_id].value = True
    spot.check_button.click()
    score = f"You spotted 2 of {len(chapter.indicators)} warning signs."
    assert score in spot.result.value
    (right,) = question.question.correct_options
    assert question.radio is not None
    question.radio.value = right
    question.check_button.click()
    assert "Right:" in question.result.value
    before = ticked(spot), spot.result.value, question.result.value

    path = library / f"{SCENARIO}.yaml"
    edit(path, insert_event_at_the_start_of_chapter_1)
    edit(path, reverse_the_options)
    edited = load_scenario(path)  # the trainer's edit is a valid file, and is the edit meant
    assert edited.chapters[0].event_ids[0] == "settles-into-year-4"
    asked = edited.chapters[0].activities[1]
    assert asked.kind == "question"
    assert asked.option_ids == tuple(reversed(question.question.option_ids))

    spot, question = open_page()
    assert not spot.boxes["settles-into-year-4"].value
    assert ticked(spot) == before[0]
    assert score in spot.result.value
    assert spot.result.value == before[1]
    assert all(box.disabled for box in spot.boxes.values())  # still checked, as left
    assert question.radio is not None
    assert question.radio.value == right
    assert question.result.value == before[2]
    assert spot.removed.value == question.removed.value == ""


def test_an_answered_event_or_option_removed_from_the_file_is_kept_and_shown_as_removed(
    library: Path, open_page: Callable[[], Page]
) -> None:
    spot, question = open_page()
    chapter = spot.chapter
    removed_sign, kept_sign = chapter.indicators[:2]
    removed_label = spot.boxes[removed_sign].description
    spot.boxes[removed_sign].value = True
    spot.boxes[kept_sign].value = True
    spot.check_button.click()
    wrong = next(
        o for o in question.question.option_ids if o not in question.question.correct_options
    )
    wrong_text = question.labels[wrong]
    assert question.radio is not None
    question.radio.value = wrong
    question.check_button.click()

    path = library / f"{SCENARIO}.yaml"
    edit(path, remove_item(removed_sign))
    edit(path, remove_item(wrong))
    spot, question = open_page()
    assert removed_sign not in spot.boxes

    # Shown to the trainee as no longer there, with the text it had when chosen.
    assert (
        f"You chose an event that is no longer in this chapter: {html.escape(removed_label)}"
        in spot.removed.value
    )
    assert "Your choice is kept in your workbook, and not marked or counted" in spot.removed.value
    # Counted neither as spotted nor missed nor a false alarm: one of the signs left.
    signs_left = len(chapter.indicators) - 1
    assert f"You spotted 1 of {signs_left} warning signs." in spot.result.value
    assert removed_sign not in spot.result.value
    assert ticked(spot) == {kept_sign: spot.boxes[kept_sign].description}
    assert (
        "You chose an answer that is no longer one of this question's options: "
        f"{html.escape(wrong_text)}" in question.removed.value
    )
    assert question.radio is not None
    assert question.radio.value is None
    assert question.attempted  # the trainee is not held back by the trainer's edit

    # Kept in the workbook, and still kept when the trainee changes their choices.
    spot.change_button.click()
    ordinary = next(e for e in spot.boxes if e not in spot.chapter.indicators)
    spot.boxes[ordinary].value = True
    spot.check_button.click()
    state = workbook_state("ch1/a1/state")
    assert isinstance(state, dict)
    assert removed_sign in state["chosen"]
    assert state["labels"][removed_sign] == removed_label
    assert "You chose an event that is no longer in this chapter" in spot.removed.value
    question.radio.value = question.question.correct_options[0]
    question.check_button.click()
    answer = workbook_state(f"question/{QUESTION}/state")
    assert isinstance(answer, dict)
    assert answer["chosen"] == [question.question.correct_options[0], wrong]
    assert answer["labels"][wrong] == wrong_text


def test_answers_saved_by_position_are_mapped_to_ids_once_and_then_never_move(
    library: Path, open_page: Callable[[], Page]
) -> None:
    # As the player saved them before events and options had ids: positions in the lists.
    with Store.for_user(TRAINEE) as store:
        tool = ScenarioLayout.tool(SCENARIO)
        store.save(tool, "ch1/a1/state", {"attempted": True, "chosen": [0, 3], "checked": True})
        store.save(tool, "ch1/a2/state", {"attempted": True, "chosen": [2], "checked": True})
    spot, question = open_page()
    events, options = spot.chapter.event_ids, question.question.option_ids
    assert set(ticked(spot)) == {events[0], events[3]}
    assert question.radio is not None
    assert question.radio.value == options[2]
    # Saved back by id at once: the question's under its own id, its old place saying so.
    spot_state = workbook_state("ch1/a1/state")
    assert isinstance(spot_state, dict)
    assert spot_state["chosen"] == [events[0], events[3]]
    answer = workbook_state(f"question/{QUESTION}/state")
    assert isinstance(answer, dict)
    assert answer["chosen"] == [options[2]]
    assert workbook_state("ch1/a2/state") == {"moved_to": f"question/{QUESTION}/state"}

    path = library / f"{SCENARIO}.yaml"
    edit(path, insert_event_at_the_start_of_chapter_1)
    edit(path, reverse_the_options)
    spot, question = open_page()
    assert set(ticked(spot)) == {events[0], events[3]}
    assert question.radio is not None
    assert question.radio.value == options[2]
    assert spot.removed.value == question.removed.value == ""


def test_answers_to_parts_the_trainer_removed_are_shown_from_the_earlier_version(
    library: Path, open_page: Callable[[], Page]
) -> None:
    _spot, question = open_page()
    (right,) = question.question.correct_options
    assert question.radio is not None
    question.radio.value = right
    question.check_button.click()
    with Store.for_user(TRAINEE) as store:
        # Typed in a fourth activity of chapter 1 that the file no longer has (a reflection's
        # stage, saved as its text), and a marker left where a question's answer moved from.
        tool = ScenarioLayout.tool(SCENARIO)
        store.save(tool, "ch1/a4/feelings", "Worried that <nobody> asked the children.")
        store.save(tool, "ch1/a3/state", {"moved_to": "question/elsewhere/state"})
    app = ScenarioApp(Tools(delay=30.0), folders=lambda: [library])
    with Store.for_user(TRAINEE) as store:
        app.attach(store, {"scenario": SCENARIO})
    assert app.player is not None
    shown = app.player.earlier.value
    assert "Chapter 1, activity 4" in shown
    assert "Worried that &lt;nobody&gt; asked the children." in shown  # escaped, word for word
    assert "Chapter 1, activity 3" not in shown  # nothing typed there
    assert QUESTION not in shown  # the question is still in the file: its answer shows there
    assert app.player.earlier in app.player.body.children

    # The trainer renames the question: the answer stays in the workbook and in sight.
    path = library / f"{SCENARIO}.yaml"
    edit(path, lambda lines: [line.replace(QUESTION, "what-anita-does-next") for line in lines])
    _spot, question = open_page()
    assert question.radio is not None
    assert question.radio.value is None
    app = ScenarioApp(Tools(delay=30.0), folders=lambda: [library])
    with Store.for_user(TRAINEE) as store:
        app.attach(store, {"scenario": SCENARIO})
    assert app.player is not None
    shown = app.player.earlier.value
    assert f"A question ({QUESTION})" in shown
    assert f"Chose: {html.escape(question.labels[right])}" in shown
    assert workbook_state(f"question/{QUESTION}/state") is not None


def test_a_scenario_played_as_it_is_shows_no_earlier_version(
    open_page: Callable[[], Page],
) -> None:
    spot, _question = open_page()
    spot.boxes[spot.chapter.indicators[0]].value = True
    spot.check_button.click()
    app = ScenarioApp(Tools(delay=30.0), folders=lambda: [scenarios_dir()])
    with Store.for_user(TRAINEE) as store:
        app.attach(store, {"scenario": SCENARIO})
    assert app.player is not None
    assert app.player.earlier.value == ""
    assert app.player.earlier not in app.player.body.children
