"""Branches: where a chapter leads given the answers and the score, the path the case review
wished for, a path saved and read back, and the checks a branching scenario must pass (every
chapter named and reachable, every target known, no loop, dates along every path). A linear
scenario keeps its rules as they were."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reflect.model.scenario import Scenario
from reflect.model.scenario_attempt import chapters_played, scenario_progress
from reflect.model.scenario_paths import (
    PathProgress,
    answered_right,
    decision,
    next_chapter,
    wished_path,
)
from tests.model.scenario.app_helpers import chapter, problems, question, scenario_data

REFERRAL = "referral"  # the branching question: option-0 wrong, option-1 right


def branching_data() -> dict[str, Any]:
    """Four chapters: the referral question in chapter 1 leads to 'made' (right) or 'not-made'
    (wrong); both go on to 'review'."""
    data = scenario_data()
    ask = question(False, True, question_id=REFERRAL)
    ask["options"][0]["leads_to"] = "not-made"
    ask["options"][1]["leads_to"] = "made"
    first = chapter(date(2026, 1, 5), date(2026, 1, 5), activities=[ask])
    made = chapter(
        date(2026, 1, 10),
        date(2026, 1, 10),
        activities=[question(False, True, question_id="after")],
    )
    made["next"] = "review"
    not_made = chapter(date(2026, 1, 20), date(2026, 1, 20))
    review = chapter(date(2026, 2, 2), date(2026, 2, 2))
    names = ("start", "made", "not-made", "review")
    for name, item in zip(names, (first, made, not_made, review), strict=True):
        item["id"] = name
    data["chapters"] = [first, made, not_made, review]
    return data


@pytest.fixture
def scenario() -> Scenario:
    return Scenario.model_validate(branching_data())


def test_a_chosen_option_leads_to_its_chapter_and_a_plain_next_is_followed(
    scenario: Scenario,
) -> None:
    assert next_chapter(scenario, [0], {REFERRAL: ["option-1"]}) == 1
    assert next_chapter(scenario, [0], {REFERRAL: ["option-0"]}) == 2
    assert next_chapter(scenario, [0, 1], {}) == 3  # next: review, past not-made
    assert next_chapter(scenario, [0, 2], {}) == 3  # the chapter below it
    assert next_chapter(scenario, [0, 2, 3], {}) is None  # the last: the debrief


def test_next_rules_read_earlier_answers_and_the_score_first_that_holds_wins() -> None:
    data = branching_data()
    data["chapters"][1]["next"] = [
        {"go_to": "not-made", "if_chose": ["after/option-0"]},
        {"go_to": "end", "if_score_at_least": 2},
        {"go_to": "review"},
    ]
    scenario = Scenario.model_validate(data)
    right = {REFERRAL: ["option-1"], "after": ["option-1"]}
    assert answered_right(scenario, [0, 1], right) == 2
    assert next_chapter(scenario, [0, 1], right) is None
    assert next_chapter(scenario, [0, 1], {REFERRAL: ["option-1"], "after": ["option-0"]}) == 2
    assert answered_right(scenario, [0, 1], {REFERRAL: ["option-0", "option-1"]}) == 0
    assert next_chapter(scenario, [0, 1], {REFERRAL: ["option-1"]}) == 3


def test_the_wished_for_path_answers_every_question_right(scenario: Scenario) -> None:
    assert wished_path(scenario) == (0, 1, 3)


def test_a_path_is_saved_by_chapter_id_and_read_back_as_far_as_it_still_fits(
    scenario: Scenario,
) -> None:
    progress = PathProgress.start(scenario).advanced(True, 2).advanced(True, 3)
    finished = progress.advanced(True, None)
    saved = finished.to_saved(scenario)
    assert saved == {
        "chapters_reached": 3,
        "finished": True,
        "path": ["start", "not-made", "review"],
    }
    assert PathProgress.from_saved(saved, scenario) == finished
    # A chapter that no longer follows (or no longer exists) ends the path there, unfinished.
    broken = {**saved, "path": ["start", "not-made", "gone", "review"]}
    assert PathProgress.from_saved(broken, scenario).path == (0, 2)
    assert not PathProgress.from_saved(broken, scenario).finished
    skipped = {**saved, "path": ["start", "review"]}
    assert PathProgress.from_saved(skipped, scenario).path == (0,)
    assert PathProgress.from_saved("garbage", scenario).path == (0,)
    with pytest.raises(ValueError, match="try every activity"):
        progress.advanced(False, None)


def test_a_linear_scenario_saves_its_progress_as_it_always_did() -> None:
    scenario = Scenario.model_validate(scenario_data())
    progress = PathProgress.from_saved({"chapters_reached": 2, "finished": False}, scenario)
    assert (progress.path, progress.branching) == ((0, 1), False)
    assert progress.advanced(True, 2).to_saved(scenario) == {
        "chapters_reached": 3,
        "finished": False,
    }
    assert PathProgress.from_saved({"chapters_reached": 40, "finished": True}, scenario).finished


def test_a_decision_records_the_chapter_left_the_answers_there_and_where_it_led(
    scenario: Scenario,
) -> None:
    answers = {REFERRAL: ["option-0"], "elsewhere": ["x"]}
    made = decision(scenario, PathProgress.start(scenario), answers, 2)
    assert made.model_dump() == {
        "step": 1,
        "left": "start",
        "went_to": "not-made",
        "answers": {REFERRAL: ["option-0"]},
        "score": 0,
    }


def test_a_linear_scenario_is_valid_as_it_was_and_keeps_chapters_in_date_order() -> None:
    data = scenario_data()
    assert Scenario.model_validate(data).chapters[0].id is None
    data["chapters"][2] = chapter(date(2026, 1, 6), date(2026, 1, 6))
    [(at, message)] = problems(data)
    assert at == ("chapters", 2, "events", 0, "on")
    assert "chapters follow the case in date order" in message


def test_every_chapter_of_a_branching_scenario_needs_an_id() -> None:
    data = branching_data()
    del data["chapters"][3]["id"]
    found = dict(problems(data))
    assert "add `id: chapter` above the title" in found[("chapters", 3, "title")]


def test_a_target_that_does_not_exist_is_named_with_a_suggestion() -> None:
    data = branching_data()
    data["chapters"][0]["activities"][0]["options"][0]["leads_to"] = "not-mad"
    data["chapters"][1]["next"] = [{"go_to": "reveiw"}]
    found = dict(problems(data))
    assert found[("chapters", 0, "activities", 0, "options", 0, "leads_to")] == (
        "no chapter has the id 'not-mad'; did you mean 'not-made'? ('end' leads to the debrief)"
    )
    assert "did you mean 'review'?" in found[("chapters", 1, "next", 0, "go_to")]


def test_a_chapter_no_path_reaches_is_refused() -> None:
    data = branching_data()
    data["chapters"][0]["activities"][0]["options"][0]["leads_to"] = "made"
    data["chapters"][1]["next"] = "review"
    [(at, message)] = problems(data)
    assert at == ("chapters", 2, "id")
    assert message.startswith("no path reaches this chapter")


def test_a_branch_back_to_an_earlier_chapter_is_refused_as_a_loop() -> None:
    data = branching_data()
    data["chapters"][3]["next"] = [{"go_to": "made", "if_score_at_least": 0}]
    found = problems(data)
    assert found[0][0] == ("chapters", 3, "id")
    assert "can lead back to 'made' (chapter 2)" in found[0][1]


def test_a_rule_reads_only_answers_that_exist_and_come_before_it() -> None:
    data = branching_data()
    data["chapters"][2]["next"] = [
        {"go_to": "review", "if_chose": ["after/option-1"]},
        {"go_to": "review", "if_chose": ["referral/option-9", "nothing/here"]},
    ]
    found = dict(problems(data))
    assert (
        "chapter 2, which never comes before chapter 3"
        in found[("chapters", 2, "next", 0, "if_chose", 0)]
    )
    assert "has no option 'option-9'" in found[("chapters", 2, "next", 1, "if_chose", 0)]
    assert "no question has the id 'nothing'" in found[("chapters", 2, "next", 1, "if_chose", 1)]


def test_dates_are_checked_along_every_way_one_chapter_can_follow_another() -> None:
    data = branching_data()
    # 'review' follows 'not-made' (20 January) too: starting on 15 January is too early, though
    # it is after 'made' ends.
    data["chapters"][3] = {**chapter(date(2026, 1, 15), date(2026, 1, 15)), "id": "review"}
    [(at, message)] = problems(data)
    assert at == ("chapters", 3, "events", 0, "on")
    assert message.startswith("chapter 4 ('review'), which can follow chapter 3 ('not-made'),")
    # 'not-made' need not come after 'made' ends: no path takes one after the other.
    data = branching_data()
    data["chapters"][2] = {**chapter(date(2026, 1, 6), date(2026, 1, 6)), "id": "not-made"}
    assert Scenario.model_validate(data)


def test_chapter_ids_are_unique_and_end_is_kept_for_the_debrief() -> None:
    data = branching_data()
    data["chapters"][2]["id"] = "made"
    data["chapters"][3]["id"] = "end"
    found = problems(data)
    assert (
        ("chapters", 2, "id"),
        "the id 'made' is already used by chapter 2; each chapter needs its own id",
    ) in found
    assert any(at == ("chapters", 3, "id") and "'end' means the debrief" in m for at, m in found)


def test_a_trainer_reads_a_branching_attempt_by_the_chapters_on_its_path(
    scenario: Scenario,
) -> None:
    saved = {"chapters_reached": 3, "finished": True, "path": ["start", "not-made", "review"]}
    progress = scenario_progress(scenario, saved)
    assert (progress.reached, progress.finished) == (3, True)  # 3 of the file's 4: finished
    assert chapters_played(scenario, saved) == {1, 3, 4}
    linear = Scenario.model_validate(scenario_data())
    assert chapters_played(linear, {"chapters_reached": 2}) == {1, 2}
    assert scenario_progress(linear, {"chapters_reached": 2}).reached == 2


def looping_data() -> dict[str, Any]:
    """'review' leads back to 'start' on purpose while the referral was answered wrongly."""
    data = branching_data()
    data["chapters"][3]["next"] = [
        {"go_to": "start", "if_chose": [f"{REFERRAL}/option-0"], "loop": True}
    ]
    return data


def test_an_intended_loop_with_a_way_out_is_valid_and_followed() -> None:
    scenario = Scenario.model_validate(looping_data())
    wrong, right = {REFERRAL: ["option-0"]}, {REFERRAL: ["option-1"]}
    assert next_chapter(scenario, [0, 2, 3], wrong) == 0  # back to the start, to try again
    assert next_chapter(scenario, [0, 2, 3, 0, 1, 3], right) is None
    assert wished_path(scenario) == (0, 1, 3)
    saved = {"chapters_reached": 4, "finished": False}
    saved["path"] = ["start", "not-made", "review", "start"]  # type: ignore[assignment]
    assert PathProgress.from_saved(saved, scenario).path == (0, 2, 3, 0)


def test_a_loop_needs_a_condition_and_must_lead_back() -> None:
    data = looping_data()
    data["chapters"][3]["next"][0]["if_chose"] = []
    found = dict(problems(data))
    assert "a loop needs a condition" in found[("chapters", 3, "next", 0, "loop")]
    data = branching_data()
    data["chapters"][1]["next"] = [{"go_to": "review", "if_score_at_least": 1, "loop": True}]
    found = dict(problems(data))
    assert "for a rule that leads back; remove it" in found[("chapters", 1, "next", 0, "loop")]


def test_a_loop_not_marked_as_intended_is_refused_with_the_way_to_mark_it() -> None:
    data = looping_data()
    del data["chapters"][3]["next"][0]["loop"]
    [(at, message)] = problems(data)
    assert at == ("chapters", 3, "id")
    assert "a `next` rule that has a condition and `loop: true`" in message
