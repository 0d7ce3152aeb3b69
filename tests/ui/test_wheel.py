"""The Gibbs cycle wheel driven from Python, as a view or a test would drive it."""

from __future__ import annotations

import pytest
from traitlets import TraitError

from reflect.ui._wheel import GIBBS_STAGE_NAMES, CycleWheel


@pytest.fixture
def wheel() -> CycleWheel:
    return CycleWheel()


def test_front_end_state_reaches_the_page(wheel: CycleWheel) -> None:
    synced = set(wheel.keys)
    assert {"stages", "current", "done", "label", "_esm", "_css"} <= synced


def test_default_wheel_is_gibbs_six_stages_none_done_first_current(wheel: CycleWheel) -> None:
    assert wheel.stages == list(GIBBS_STAGE_NAMES)
    assert len(wheel.stages) == 6
    assert wheel.stages[2] == "Evaluation"
    assert wheel.done == [False] * 6
    assert wheel.current == 0
    assert wheel.stage == "Description"
    assert wheel.label == "Gibbs reflective cycle"


def test_done_defaults_to_one_flag_per_given_stage() -> None:
    wheel = CycleWheel(stages=["Plan", "Do", "Review"])
    assert wheel.done == [False, False, False]


def test_next_walks_forward_and_stops_on_the_last_stage(wheel: CycleWheel) -> None:
    visited = [wheel.next() for _ in range(7)]
    assert visited == [1, 2, 3, 4, 5, 5, 5]
    assert wheel.stage == "Action plan"


def test_previous_walks_back_and_stops_on_the_first_stage() -> None:
    wheel = CycleWheel(current=2)
    assert [wheel.previous() for _ in range(3)] == [1, 0, 0]
    assert wheel.stage == "Description"


@pytest.mark.parametrize("index", [-1, 6, 99])
def test_current_outside_the_stages_is_rejected_and_kept(wheel: CycleWheel, index: int) -> None:
    wheel.current = 3
    with pytest.raises(TraitError, match=f"from 0 to 5; got {index}"):
        wheel.current = index
    assert wheel.current == 3


def test_current_must_be_a_whole_index_not_a_flag(wheel: CycleWheel) -> None:
    with pytest.raises(TraitError, match="current must be a stage index"):
        wheel.select(True)


def test_construction_with_out_of_range_current_fails_with_the_range() -> None:
    with pytest.raises(TraitError, match="from 0 to 2; got 3"):
        CycleWheel(stages=["Plan", "Do", "Review"], current=3)


def test_done_of_the_wrong_length_is_rejected_with_both_counts(wheel: CycleWheel) -> None:
    with pytest.raises(TraitError, match="6 stages but 5 flags"):
        wheel.done = [True] * 5
    with pytest.raises(TraitError, match="6 stages but 7 flags"):
        CycleWheel(done=[False] * 7)
    assert wheel.done == [False] * 6


def test_changing_stages_alone_to_another_count_is_rejected(wheel: CycleWheel) -> None:
    with pytest.raises(TraitError, match="4 stages but 6 flags"):
        wheel.stages = ["A", "B", "C", "D"]
    assert wheel.stages == list(GIBBS_STAGE_NAMES)


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        (["Only"], "at least 2 stages"),
        ([], "at least 2 stages"),
        (["Plan", "  "], r"blank at index \[1\]"),
        (["Plan", "Plan"], "must be different"),
    ],
)
def test_unusable_stage_lists_are_rejected(stages: list[str], message: str) -> None:
    with pytest.raises(TraitError, match=message):
        CycleWheel(stages=stages)


def test_on_select_hears_every_change_of_stage_and_can_stop(wheel: CycleWheel) -> None:
    heard: list[int] = []
    wheel.on_select(heard.append)
    wheel.select(3)
    wheel.next()
    wheel.previous()
    wheel.current = 0  # as a click in the page arrives
    assert heard == [3, 4, 3, 0]
    wheel.on_select(heard.append, remove=True)
    wheel.select(5)
    assert heard == [3, 4, 3, 0]


def test_on_select_is_silent_when_the_stage_does_not_change(wheel: CycleWheel) -> None:
    heard: list[int] = []
    wheel.on_select(heard.append)
    wheel.select(0)
    wheel.previous()  # already on the first stage
    assert heard == []


def test_a_failing_callback_does_not_stop_the_others_or_the_move(wheel: CycleWheel) -> None:
    heard: list[int] = []

    def broken(_index: int) -> None:
        raise RuntimeError("view bug")

    wheel.on_select(broken)
    wheel.on_select(heard.append)
    wheel.select(2)
    assert wheel.current == 2
    assert heard == [2]


def test_mark_done_replaces_the_list_so_the_page_sees_it(wheel: CycleWheel) -> None:
    changes: list[list[bool]] = []
    wheel.observe(lambda change: changes.append(change["new"]), names="done")
    wheel.mark_done(2)
    wheel.mark_done(2, done=False)
    assert changes == [[False, False, True, False, False, False], [False] * 6]
    with pytest.raises(TraitError, match="from 0 to 5; got 6"):
        wheel.mark_done(6)
