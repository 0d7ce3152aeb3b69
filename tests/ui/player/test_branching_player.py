"""The player on a branching scenario with a chronology (the shipped pieces-of-the-picture):
the answer at supervision chooses the next chapter, each move is recorded without replacing
the last, a second visit resumes on the path taken, the chronology grows and marks what one
agency held alone, spotting runs on the chronology, and the debrief sets the path taken beside
the one the case review wished for."""

from __future__ import annotations

import re

import pytest

from reflect._paths import scenarios_dir
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.model.scenario_branch import chapter_ids
from reflect.model.scenario_chronology import merged_chronology
from reflect.scenarios import load_scenario
from reflect.store import Store
from reflect.ui._player_activities import QuestionView, SpotIndicatorsView
from reflect.ui._player_chronology import CHOICES
from reflect.ui.scenario import ScenarioPlayer, Tools
from tests.model.scenario.test_branching import looping_data
from tests.ui.player.app_helpers import attempt, chapter_titles_shown, html_of

BRANCHING = "pieces-of-the-picture"
BRANCH = "what-ruth-does-next"


@pytest.fixture(scope="module")
def branching() -> Scenario:
    return load_scenario(scenarios_dir() / f"{BRANCHING}.yaml")


def play(player: ScenarioPlayer, choice: str) -> None:
    """Try every activity of the current chapter, choosing `choice` at the branch, and go on."""
    for view in player.current.activities:
        if isinstance(view, QuestionView) and view.question.id == BRANCH:
            assert view.radio is not None
            view.radio.value = choice
            view.check_button.click()
        else:
            attempt(view)
    player.current.continue_button.click()
    assert player.errors.value == ""


def chronology_rows(player: ScenarioPlayer) -> list[str]:
    return re.findall(r'<tr data-event="([^"]+)"', player.chronology.value)


def held_alone_rows(player: ScenarioPlayer) -> list[str]:
    return re.findall(r'<tr data-event="([^"]+)" data-held-alone="true"', player.chronology.value)


def test_the_answer_at_supervision_chooses_the_next_chapter_and_a_reload_resumes_there(
    branching: Scenario, tools: Tools, store: Store
) -> None:
    ids = chapter_ids(branching.chapters)
    player = ScenarioPlayer(branching, tools)
    player.attach(store)
    assert player.current.continue_button.description == "Continue to chapter 2"
    assert "4 chapters or so: some of your answers change what happens next" in player.intro.value
    play(player, "note-and-move-on")
    assert player.progress.path == (0, ids["pieces-stay-apart"])
    assert chapter_titles_shown(player) == [
        "Chapter 1: Separate records",
        "Chapter 2: The pieces stay apart",
    ]
    saved = store.latest(player.tool, ScenarioLayout.PROGRESS)
    assert saved is not None
    assert saved.value == {
        "chapters_reached": 2,
        "finished": False,
        "path": ["separate-records", "pieces-stay-apart"],
    }
    again = ScenarioPlayer(branching, tools)
    again.attach(store)
    assert again.progress.path == (0, ids["pieces-stay-apart"])
    assert chapter_titles_shown(again) == chapter_titles_shown(player)


def test_every_move_is_recorded_and_none_replaced(
    branching: Scenario, tools: Tools, store: Store
) -> None:
    player = ScenarioPlayer(branching, tools)
    player.attach(store)
    while not player.finished:
        play(player, "ask-about-the-partner")
    history = [revision.value for revision in store.history(player.tool, CHOICES)]
    assert [(record["left"], record["went_to"]) for record in history] == [  # type: ignore[index,call-overload]
        ("separate-records", "pieces-together"),
        ("pieces-together", "plan-that-holds"),
        ("plan-that-holds", "group-supervision"),
        ("group-supervision", "end"),
    ]
    first = history[0]
    assert isinstance(first, dict)
    assert first["answers"] == {  # the answers the move was made on, as they were then
        "confidentiality-at-14": ["confidentiality-absolute"],
        BRANCH: ["ask-about-the-partner"],
    }


def test_the_chronology_grows_with_the_path_and_marks_what_one_agency_held_alone(
    branching: Scenario, tools: Tools, store: Store
) -> None:
    ids = chapter_ids(branching.chapters)
    player = ScenarioPlayer(branching, tools)
    player.attach(store)
    first = merged_chronology(branching.chapters, [0])
    assert chronology_rows(player) == [line.event_id for line in first.lines]
    assert held_alone_rows(player) == list(first.held_alone)
    assert len(first.held_alone) == len(branching.chapters[0].events)  # nobody had shared yet
    assert '<th scope="col">Youth service</th>' in player.chronology.value
    assert '<th scope="row">14 February 2026, 02:30</th>' in player.chronology.value
    play(player, "ask-about-the-partner")
    # The referral and the hub's research share every piece of the first chapter.
    together = merged_chronology(branching.chapters, [0, ids["pieces-together"]])
    assert chronology_rows(player) == [line.event_id for line in together.lines]
    assert not set(held_alone_rows(player)) & set(branching.chapters[0].event_ids)
    assert "no piece held by one agency alone" in player.chronology.value


def test_spotting_on_the_chronology_lists_every_event_on_the_path_and_marks_them(
    branching: Scenario, tools: Tools, store: Store
) -> None:
    player = ScenarioPlayer(branching, tools)
    player.attach(store)
    for choice in ("note-and-move-on", "note-and-move-on", "note-and-move-on"):
        play(player, choice)
    spot = player.current.activities[0]
    assert isinstance(spot, SpotIndicatorsView)
    path = player.progress.path
    expected = merged_chronology(branching.chapters, path)
    assert list(spot.boxes) == [line.event_id for line in expected.lines]
    assert "supervision-moves-on" in spot.boxes  # only on this path
    assert "referral-to-mash" not in spot.boxes
    label = spot.boxes["found-at-the-flat"].description
    assert label.startswith("4 March 2026, 02:15, Police: ")
    spot.boxes["found-with-two-men"].value = True
    spot.boxes["new-group-of-friends"].value = True
    spot.check_button.click()
    assert 'data-event="found-with-two-men"' in spot.result.value
    assert "You spotted 1 of " in spot.result.value


@pytest.mark.parametrize(
    ("choice", "verdict", "differs"),
    [
        ("ask-about-the-partner", "Your path is the one the case review wished for.", 0),
        ("bring-back-next-month", "Your path left the one the case review wished for after", 1),
    ],
)
def test_the_debrief_sets_the_path_taken_beside_the_wished_for_one(
    branching: Scenario, tools: Tools, store: Store, choice: str, verdict: str, differs: int
) -> None:
    player = ScenarioPlayer(branching, tools)
    player.attach(store)
    while not player.finished:
        play(player, choice)
    page = html_of(player.body)
    assert verdict in page
    assert page.count('data-differs="true"') == differs
    rows = re.findall(r'<tr data-differs="(?:true|false)">(.*?)</tr>', page)
    assert len(rows) == len(player.progress.path)
    wished = re.findall(r'<td data-chapter="([^"]+)">', rows[1])
    second = branching.chapters[player.progress.path[1]].id
    assert wished == [second, "pieces-together"]
    assert page.index("Your path through the case") < page.index("<h2>Debrief</h2>")
    again = ScenarioPlayer(branching, tools)
    again.attach(store)
    assert again.finished
    assert verdict in html_of(again.body)
    assert again.earlier.value == ""  # every answer has its place: nothing from an earlier version


def test_the_new_trainers_accepting_the_decision_leads_through_monitoring(
    tools: Tools, store: Store
) -> None:
    scenario = load_scenario(scenarios_dir() / "the-new-trainers.yaml")
    ids = chapter_ids(scenario.chapters)
    player = ScenarioPlayer(scenario, tools)
    player.attach(store)
    for view in player.current.activities:
        attempt(view)
    player.current.continue_button.click()
    for view in player.current.activities:
        if isinstance(view, QuestionView) and view.question.id == "after-the-decision-stands":
            assert view.radio is not None
            view.radio.value = "accept-and-monitor"
            view.check_button.click()
        else:
            attempt(view)
    player.current.continue_button.click()
    assert player.progress.path == (0, 1, ids["monitoring"])
    # The school's own 'monitor' note is its alone; the police stop reached the MASH.
    assert "stopped-at-hexley-again" in chronology_rows(player)
    assert held_alone_rows(player) == ["school-to-monitor"]
    play(player, "")
    assert player.progress.path == (0, 1, ids["monitoring"], ids["owing"])


def test_the_choice_a_path_was_taken_on_is_kept_once_the_trainee_goes_on(
    branching: Scenario, tools: Tools, store: Store
) -> None:
    player = ScenarioPlayer(branching, tools)
    player.attach(store)
    branch = next(
        view
        for view in player.current.activities
        if isinstance(view, QuestionView) and view.question.id == BRANCH
    )
    play(player, "note-and-move-on")
    assert branch.locked
    assert branch.change_button.layout.display == "none"
    assert branch.radio is not None
    assert branch.radio.disabled
    other = next(
        view
        for view in player.chapters[0].activities
        if isinstance(view, QuestionView) and view.question.id != BRANCH
    )
    assert not other.locked
    assert other.change_button.layout.display is None
    again = ScenarioPlayer(branching, tools)
    again.attach(store)
    kept = next(
        view
        for view in again.chapters[0].activities
        if isinstance(view, QuestionView) and view.question.id == BRANCH
    )
    assert kept.locked
    assert kept.chosen() == ["note-and-move-on"]


def test_an_intended_loop_plays_a_chapter_again_with_its_answer_open_to_change(
    tools: Tools, store: Store
) -> None:
    scenario = Scenario.model_validate(looping_data())
    player = ScenarioPlayer(scenario, tools)
    player.attach(store)
    play(player, "option-0")  # the referral not made: to 'not-made', then 'review'
    play(player, "")
    play(player, "")
    assert player.progress.path == (0, 2, 3, 0)  # back to the start, as the file intends
    again = next(view for view in player.current.activities if isinstance(view, QuestionView))
    assert again.checked
    assert not again.locked
    again.change_button.click()
    assert again.radio is not None
    again.radio.value = "option-1"
    again.check_button.click()
    player.current.continue_button.click()
    assert player.progress.path == (0, 2, 3, 0, 1)
    play(player, "")
    play(player, "")
    assert player.finished
    assert player.progress.path == (0, 2, 3, 0, 1, 3)
    moves = [revision.value for revision in store.history(player.tool, CHOICES)]
    assert len(moves) == 6


def test_a_branching_chapters_answers_are_kept_by_its_id_not_its_place(
    branching: Scenario, tools: Tools, store: Store
) -> None:
    """A trainer may move a branch's chapters in the file: the answers stay with the chapter."""
    player = ScenarioPlayer(branching, tools)
    player.attach(store)
    first = branching.chapters[0]
    assert first.id == "separate-records"
    play(player, "ask-about-the-partner")
    tool = ScenarioLayout.tool(BRANCHING)
    kept = {revision.item for revision in store.items(tool)}
    assert any(item.startswith("chapter/separate-records/a") for item in kept), kept
    assert not any(item.startswith("ch1/") for item in kept), kept
