"""The scenario player driven headless against a real workbook: chapters opening in order,
feedback, embedded tools, resuming and the debrief."""

from __future__ import annotations

import html
from datetime import date

import pytest

from reflect import frameworks
from reflect._paths import scenarios_dir
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.scenarios import load_scenario
from reflect.store import Store
from reflect.ui._player_activities import QuestionView, SpotIndicatorsView
from reflect.ui._player_tools import DriftActivityView, EscalationActivityView, GibbsActivityView
from reflect.ui.scenario import ScenarioPlayer, Tools
from tests.ui.player.app_helpers import (
    SHIPPED,
    attempt,
    chapter_titles_shown,
    html_of,
    listed,
    of_kind,
    play_current_chapter,
)


def test_chapters_open_in_order_once_every_activity_is_tried(
    player: ScenarioPlayer, scenario: Scenario, store: Store
) -> None:
    assert chapter_titles_shown(player) == [f"Chapter 1 of 4: {scenario.chapters[0].title}"]
    chapter = player.current
    assert chapter.continue_button.layout.display == "none"
    assert "0 of 2 tried" in chapter.hint.value
    with pytest.raises(ValueError, match="try every activity"):
        player.advance()

    attempt(chapter.activities[0])
    assert chapter.continue_button.layout.display == "none"
    assert "1 of 2 tried" in chapter.hint.value
    attempt(chapter.activities[1])
    assert chapter.continue_button.layout.display is None
    assert chapter.continue_button.description == "Continue to chapter 2"

    chapter.continue_button.click()
    assert player.reached == 2
    assert chapter_titles_shown(player) == [
        f"Chapter 1 of 4: {scenario.chapters[0].title}",
        f"Chapter 2 of 4: {scenario.chapters[1].title}",
    ]
    assert chapter.continue_button.layout.display == "none"  # the way on is from chapter 2 now
    assert "Debrief" not in html_of(player.body)
    saved = store.latest(ScenarioLayout.tool(SHIPPED), ScenarioLayout.PROGRESS)
    assert saved is not None
    assert saved.value == {"chapters_reached": 2, "finished": False}


def test_spotting_feedback_lists_exactly_what_was_ticked_and_missed(
    player: ScenarioPlayer, scenario: Scenario, store: Store
) -> None:
    chapter = scenario.chapters[0]
    events = {event.id: event for event in chapter.events}
    view = of_kind(player, SpotIndicatorsView)
    assert isinstance(view, SpotIndicatorsView)
    indicators = list(chapter.indicators)
    ordinary = [event_id for event_id in chapter.event_ids if event_id not in indicators]
    ticked = [indicators[0], indicators[-1], ordinary[0]]
    assert list(view.boxes) == list(chapter.event_ids)
    assert view.boxes["same-stained-jumper"].description.startswith("8 September 2025: Maisie")

    view.check_button.click()  # nothing ticked: not marked, not attempted
    assert "Choose at least one" in view.status.value
    assert not view.attempted

    for event_id in ticked:
        view.boxes[event_id].value = True
    view.check_button.click()
    result = view.result.value
    assert listed(result, "spotted") == [indicators[0], indicators[-1]]
    assert listed(result, "missed") == indicators[1:-1]
    assert listed(result, "false-alarms") == [ordinary[0]]
    why = events[indicators[1]].why
    assert why is not None
    assert why.split()[0] in result  # each with its why
    assert f"You spotted 2 of {len(indicators)} warning signs" in result
    assert all(box.disabled for box in view.boxes.values())
    # Only the Check button goes: the events stay on screen beside their feedback.
    assert view.check_button.layout.display == "none"
    assert [box.layout.display for box in view.boxes.values()] == [None] * len(view.boxes)
    assert view.change_button.layout.display is None
    assert view.removed.value == ""  # nothing chosen has left the file

    view.change_button.click()  # choices open again, feedback gone until checked again
    assert view.result.value == ""
    assert not any(box.disabled for box in view.boxes.values())
    assert view.attempted
    state = store.latest(ScenarioLayout.tool(SHIPPED), "ch1/a1/state")
    assert state is not None
    in_order = [event_id for event_id in chapter.event_ids if event_id in ticked]
    assert state.value == {
        "attempted": True,
        "chosen": in_order,  # ids, never positions
        "labels": {event_id: view.boxes[event_id].description for event_id in in_order},
        "checked": False,
    }


def test_a_chapter_without_spotting_shows_why_each_event_matters_once_answered(
    player: ScenarioPlayer, scenario: Scenario
) -> None:
    # Spotting gives each event's why as feedback after marking, so the first chapter keeps its
    # notes back; where no activity lists the events, the chapter's own list is the only place
    # a trainee meets them: once they have answered the chapter's activities, never before
    # (a why would give their answers away).
    assert "Why it matters" not in player.current.text.value
    play_current_chapter(player)
    play_current_chapter(player)
    chapter = scenario.chapters[2]
    assert not any(activity.kind == "spot_indicators" for activity in chapter.activities)
    assert chapter.indicators
    assert "Why it matters" not in player.current.text.value
    for view in player.current.activities[:-1]:
        attempt(view)
        assert "Why it matters" not in player.current.text.value
    attempt(player.current.activities[-1])
    shown = player.current.text.value
    # Every event's why: a warning sign's, and an ordinary event's (the only place it is shown).
    assert shown.count("<strong>Why it matters:</strong>") == len(chapter.events)
    assert len(chapter.events) > len(chapter.indicators)  # ordinary events are among them
    for event in chapter.events:
        assert event.why is not None
        assert html.escape(event.why) in shown, event.on


def test_a_question_gives_feedback_on_the_chosen_option(
    player: ScenarioPlayer, scenario: Scenario
) -> None:
    view = of_kind(player, QuestionView)
    assert isinstance(view, QuestionView)
    assert view.radio is not None  # one right answer: radio buttons
    question = view.question
    options = {option.id: option for option in question.options}
    wrong = next(option_id for option_id in options if option_id not in question.correct_options)
    view.check_button.click()
    assert "Choose an answer first" in view.status.value
    view.radio.value = wrong
    view.check_button.click()
    assert "Not the best answer:" in view.result.value
    assert options[wrong].feedback.split()[0] in view.result.value
    assert "Right:" not in view.result.value
    view.change_button.click()
    (right,) = question.correct_options
    view.radio.value = right
    view.check_button.click()
    assert f'data-option="{right}"><span class="reflect-verdict">Right:' in view.result.value


def test_a_question_with_several_right_answers_uses_checkboxes(tools: Tools) -> None:
    scenario = load_scenario(scenarios_dir() / "just-between-us.yaml")
    player = ScenarioPlayer(scenario, tools)
    view = of_kind(player, QuestionView)
    assert isinstance(view, QuestionView)
    assert view.radio is None
    right = list(view.question.correct_options)
    wrong = next(option_id for option_id in view.boxes if option_id not in right)
    view.boxes[right[0]].value = True
    view.boxes[wrong].value = True
    view.check_button.click()
    result = view.result.value
    assert result.count("Right:") == 1
    assert result.count("Not the best answer:") == 1
    assert f"There are {len(right)} right answers; you chose 1 of them." in result


def test_embedded_tools_save_under_the_scenario_and_compare_with_its_answers(
    player: ScenarioPlayer, scenario: Scenario, store: Store
) -> None:
    tool = ScenarioLayout.tool(SHIPPED)
    play_current_chapter(player)

    drift = of_kind(player, DriftActivityView)
    assert isinstance(drift, DriftActivityView)
    assert drift.check.as_of == date(2026, 1, 28)  # the story's date, not the test's today
    assert drift.check.facts() == drift.activity.case_facts  # the scenario's case, filled in
    drift.check.check_button.click()
    assert drift.attempted
    assert "Drifting" in drift.result.value
    assert store.latest(tool, "ch2/a2/check") is not None
    state = store.latest(tool, "ch2/a2/state")
    assert state is not None
    assert state.value == {"attempted": True, "level": "drifting"}
    play_current_chapter(player)

    escalation = of_kind(player, EscalationActivityView)
    assert isinstance(escalation, EscalationActivityView)
    # Raised on the chapter's last day: the story's date, not the day the trainee plays it.
    assert escalation.check.raised_on.value == scenario.chapters[2].events[-1].on
    escalation.check.exception_boxes["significant-harm"].value = True
    escalation.compare_button.click()
    assert "Your answer: Tell your line manager today" in escalation.result.value
    assert "The scenario's answer: Up the professional differences" in escalation.result.value
    escalation.check.exception_boxes["significant-harm"].value = False
    escalation.check.disagreement.value = True
    escalation.compare_button.click()
    assert "Your answer matches the scenario's" in escalation.result.value
    answers = store.latest(tool, "ch3/a1/answers")
    assert answers is not None
    assert isinstance(answers.value, dict)
    assert answers.value["professional_disagreement"] is True
    play_current_chapter(player)

    gibbs = of_kind(player, GibbsActivityView)
    assert isinstance(gibbs, GibbsActivityView)
    assert "Give particular thought to:</strong> Feelings, Evaluation and Analysis." in (
        gibbs.emphasis.value
    )
    gibbs.done_button.click()  # nothing written yet
    assert "Write your reflection" in gibbs.status.value
    assert not gibbs.attempted
    gibbs.cycle.fields["analysis"].value = "Engagement was taken for change."
    gibbs.done_button.click()
    assert "Points to consider" in gibbs.result.value
    saved = store.latest(tool, "ch4/a1/analysis")
    assert saved is not None
    assert saved.value == "Engagement was taken for change."
    assert store.latest_many("gibbs") == {}  # nothing leaks into the tools' own entries


def test_a_second_player_on_the_same_workbook_resumes_where_the_first_left_off(
    player: ScenarioPlayer, scenario: Scenario, tools: Tools, store: Store
) -> None:
    play_current_chapter(player)
    spot = of_kind(player, SpotIndicatorsView)
    assert isinstance(spot, SpotIndicatorsView)
    boxes = list(spot.boxes.values())
    boxes[1].value = True
    boxes[2].value = True
    spot.check_button.click()
    before = spot.result.value
    drift = of_kind(player, DriftActivityView)
    assert isinstance(drift, DriftActivityView)
    drift.check.check_button.click()

    again = ScenarioPlayer(scenario, tools)
    again.attach(store)
    assert again.reached == 2
    assert len(chapter_titles_shown(again)) == 2
    first = again.chapters[0].activities
    assert isinstance(first[1], QuestionView)
    assert first[1].radio is not None
    assert first[1].radio.value == first[1].question.option_ids[0]
    assert "Feedback on your answer" in first[1].result.value
    restored = of_kind(again, SpotIndicatorsView)
    assert isinstance(restored, SpotIndicatorsView)
    assert [box.value for box in restored.boxes.values()][:3] == [False, True, True]
    assert restored.result.value == before
    assert all(box.disabled for box in restored.boxes.values())
    restored_drift = of_kind(again, DriftActivityView)
    assert "Drifting" in restored_drift.result.value
    assert again.current.continue_button.layout.display is None


def test_the_debrief_comes_after_the_last_chapter(
    player: ScenarioPlayer, scenario: Scenario, tools: Tools, store: Store
) -> None:
    for _ in scenario.chapters[:-1]:
        play_current_chapter(player)
    assert "<h2>Debrief</h2>" not in html_of(player.body)
    assert player.current.continue_button.description == "Continue to the debrief"
    play_current_chapter(player)
    page = html_of(player.body)
    assert "<h2>Debrief</h2>" in page
    names = {theme.id: theme.name for theme in frameworks.themes().themes}
    for link in scenario.debrief.themes_drawn_on:
        assert f"<dt>{names[link.theme]}</dt>" in page
    for source in scenario.debrief.references:
        assert f"<li>{source.cite()}</li>" in page.replace("&quot;", '"')
    assert "Notes for trainers" not in page  # a trainee's page: see test_player_feedback.py
    assert player.current.continue_button.layout.display == "none"

    again = ScenarioPlayer(scenario, tools)
    again.attach(store)
    assert again.finished
    assert "<h2>Debrief</h2>" in html_of(again.body)


def test_progress_that_no_longer_fits_the_file_opens_at_a_chapter_that_exists(
    scenario: Scenario, tools: Tools, store: Store
) -> None:
    progress = {"chapters_reached": 40, "finished": "yes"}
    store.save(ScenarioLayout.tool(SHIPPED), ScenarioLayout.PROGRESS, progress)
    player = ScenarioPlayer(scenario, tools)
    player.attach(store)
    assert player.reached == len(scenario.chapters)
    store.save(ScenarioLayout.tool(SHIPPED), ScenarioLayout.PROGRESS, "garbage")
    player.attach(store)
    assert player.reached == 1
    assert not player.finished


def test_a_failed_save_is_shown_in_the_error_panel(player: ScenarioPlayer, store: Store) -> None:
    view = of_kind(player, SpotIndicatorsView)
    assert isinstance(view, SpotIndicatorsView)
    store.close()
    boxes = list(view.boxes.values())
    boxes[0].value = True
    # Shown in the activity's own card, where the trainee is acting.
    assert view.errors in view.widget.children
    assert "Something went wrong" in view.errors.value
    assert "closed" in view.errors.value
    boxes[1].value = True
    view.check_button.click()
    assert "closed" in view.errors.value
    assert not view.attempted  # not marked as tried when the answer could not be kept
