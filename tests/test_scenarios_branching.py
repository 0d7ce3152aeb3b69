"""Branches and the chronology in a scenario file: each problem named with its file, line and
field, from a copy of the shipped pieces-of-the-picture with one thing broken."""

from __future__ import annotations

import pytest

from reflect.model.scenario_branch import is_branching
from reflect.model.scenario_chronology import merged_chronology, uses_chronology
from reflect.model.scenario_paths import wished_path
from reflect.scenarios import load_scenario_text
from tests.scenario_text import SCENARIOS, line_of, refused

NAME = "pieces-of-the-picture.yaml"
TEXT = (SCENARIOS / NAME).read_text(encoding="utf-8")


def test_the_shipped_file_branches_and_keeps_a_chronology() -> None:
    scenario = load_scenario_text(TEXT, NAME)
    ids = [chapter.id for chapter in scenario.chapters]
    assert [ids[index] for index in wished_path(scenario)] == [
        "separate-records",
        "pieces-together",
        "plan-that-holds",
        "group-supervision",
    ]
    plan = ids.index("plan-that-holds")
    found = merged_chronology(scenario.chapters, [0, ids.index("pieces-stay-apart"), plan])
    lines = {line.event_id: line for line in found.lines}
    # A police log of 2 April the core group learns of on 27 April, by the day it happened.
    assert str(lines["noise-complaint-at-the-flat"].learned_on) == "2026-04-27"
    order = [line.event_id for line in found.lines]
    assert order.index("noise-complaint-at-the-flat") < order.index("missing-on-saturday")


def test_a_target_that_is_not_a_chapter_is_named_at_its_line_with_a_suggestion() -> None:
    text = TEXT.replace("leads_to: pieces-stay-apart", "leads_to: pieces-stay-apat", 1)
    [problem] = refused(text, NAME).problems
    assert problem.line == line_of(text, "leads_to: pieces-stay-apat")
    assert problem.field == "chapters[0].activities[2].options[1].leads_to"
    assert "did you mean 'pieces-stay-apart'?" in problem.message


def test_a_chapter_that_falls_through_to_an_earlier_date_is_named_on_that_path() -> None:
    # Without its `next`, 'pieces-together' (ending 3 March) falls through to the chapter below,
    # which reveals what happened from 26 February: too early on that path.
    text = TEXT.replace("    next: plan-that-holds\n", "", 1)
    [problem] = refused(text, NAME).problems
    assert problem.field == "chapters[2].events[0].on"
    assert problem.line == line_of(text, "id: supervision-moves-on") + 1
    assert "which can follow chapter 2 ('pieces-together')" in problem.message
    assert "before chapter 2 ends (2026-03-03)" in problem.message
    assert "say where chapter 2 goes with `next`" in problem.message


def test_an_event_learned_before_it_happened_is_named_at_learned_on() -> None:
    text = TEXT.replace("learned_on: 2026-05-18", "learned_on: 2026-05-01", 1)
    [problem] = refused(text, NAME).problems
    assert problem.line == line_of(text, "learned_on: 2026-05-01")
    assert problem.field.endswith(".learned_on")
    assert "before it happened (2026-05-11)" in problem.message


def test_a_chapter_no_path_reaches_is_named_at_its_id() -> None:
    text = TEXT.replace("leads_to: pieces-stay-apart", "leads_to: pieces-together")
    [problem] = refused(text, NAME).problems
    assert problem.line == line_of(text, "  - id: pieces-stay-apart")
    assert problem.field == "chapters[2].id"
    assert problem.message.startswith("no path reaches this chapter")


def test_an_unquoted_time_reads_as_written() -> None:
    text = TEXT.replace('time: "22:00"', "time: 22:00", 1)
    scenario = load_scenario_text(text, NAME)
    times = [event.time for event in scenario.chapters[0].events if event.time]
    assert "22:00" in times


@pytest.mark.parametrize("name", ["pieces-of-the-picture", "the-new-trainers"])
def test_two_shipped_scenarios_tell_a_chronology_across_agencies_and_branch(name: str) -> None:
    scenario = load_scenario_text((SCENARIOS / f"{name}.yaml").read_text("utf-8"), f"{name}.yaml")
    events = [event for chapter in scenario.chapters for event in chapter.events]
    assert len({event.agency for event in events if event.agency}) >= 5
    assert any(event.learned_on and event.learned_on > event.on for event in events)
    assert is_branching(scenario.chapters)
    wished = wished_path(scenario)
    others = [index for index in range(len(scenario.chapters)) if index not in wished]
    assert others  # a chapter only a wrong answer leads to
    assert uses_chronology(scenario.chapters)


def test_the_trainers_guide_documents_every_chronology_and_branch_field() -> None:
    guide = (SCENARIOS.parent / "docs" / "trainers-guide.md").read_text(encoding="utf-8")
    assert "### A chronology, the way reviews build one" in guide
    assert "### Choices with consequences: branches" in guide
    for key in (
        "agency",
        "time",
        "learned_on",
        "shared_on",
        "shares",
        "scope: chronology",
        "leads_to",
        "next",
        "go_to",
        "if_chose",
        "if_score_at_least",
        "loop: true",
        "as_of",
    ):
        assert f"`{key}`" in guide or f"{key}:" in guide, key
