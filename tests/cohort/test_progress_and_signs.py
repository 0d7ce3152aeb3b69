"""The progress table and the most-missed signs, from workbooks the real player wrote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from reflect.cohort import (
    BREAK,
    Cohort,
    most_missed_signs,
    scenario_progress_table,
    time_on_task,
)
from reflect.cohort.columns import MOST_MISSED, PROGRESS, names
from reflect.model.scenario import Scenario
from reflect.store import Entry
from tests.cohort.room import SCENARIO, TRAINEES


@pytest.fixture(scope="module")
def progress(cohort: Cohort, scenario: Scenario) -> pd.DataFrame:
    return scenario_progress_table(cohort.entries, [scenario], cohort.trainees).set_index("trainee")


def test_every_trainee_of_the_room_has_a_row_with_the_documented_columns(
    cohort: Cohort, scenario: Scenario
) -> None:
    table = scenario_progress_table(cohort.entries, [scenario], cohort.trainees)
    assert list(table.columns) == names(PROGRESS)
    assert list(table["trainee"]) == list(TRAINEES)
    assert set(table["scenario"]) == {SCENARIO}


def test_a_trainee_who_played_to_the_debrief(progress: pd.DataFrame) -> None:
    alice = progress.loc["alice"]
    assert (alice["chapter_reached"], alice["chapters"], alice["finished"]) == (4, 4, True)
    # chapter 1: all four signs and one false alarm; chapter 2: two of four signs
    assert (alice["signs_spotted"], alice["signs_missed"], alice["false_alarms"]) == (6, 2, 1)


def test_a_trainee_part_way_counts_only_the_chapters_checked(progress: pd.DataFrame) -> None:
    bob = progress.loc["bob"]
    assert (bob["chapter_reached"], bob["finished"]) == (2, False)
    # chapter 2's ticks are not checked yet: nothing counted there
    assert (bob["signs_spotted"], bob["signs_missed"], bob["false_alarms"]) == (1, 3, 0)


def test_a_trainee_who_has_not_checked_anything_has_missed_nothing(
    progress: pd.DataFrame,
) -> None:
    carol = progress.loc["carol"]
    assert bool(carol["started"])
    assert carol["chapter_reached"] == 1
    assert (carol["signs_spotted"], carol["signs_missed"], carol["false_alarms"]) == (0, 0, 0)


def test_trainees_who_never_opened_the_scenario_are_listed_as_not_started(
    progress: pd.DataFrame,
) -> None:
    for trainee in ("dan", "erin", "frank"):
        row = progress.loc[trainee]
        assert not row["started"]
        assert pd.isna(row["chapter_reached"])
        assert pd.isna(row["last_active"])
        assert row["time_on_task_min"] == 0


def test_last_active_is_the_trainees_latest_save_in_the_scenario(
    cohort: Cohort, progress: pd.DataFrame
) -> None:
    alice_saves = [e.last_saved_at for e in cohort.entries if e.owner == "alice"]
    assert progress.loc["alice", "last_active"] == max(alice_saves)
    assert progress.loc["alice", "time_on_task_min"] >= 0


def test_the_most_missed_signs_of_the_scenario_come_first(
    cohort: Cohort, scenario: Scenario
) -> None:
    table = most_missed_signs(cohort.entries, [scenario])
    assert list(table.columns) == names(MOST_MISSED)
    by_sign = table.set_index("sign")
    # chapter 1: alice, bob and carol reached it; alice and bob checked; bob missed three
    assert by_sign.loc["same-stained-jumper", ["reached", "checked", "missed"]].tolist() == [
        3,
        2,
        1,
    ]
    assert by_sign.loc["hides-bread-rolls", ["reached", "checked", "missed"]].tolist() == [3, 2, 0]
    # chapter 2: alice and bob reached it; only alice checked, missing the two carry-overs
    assert by_sign.loc["dentist-carried-over", ["reached", "checked", "missed"]].tolist() == [
        2,
        1,
        1,
    ]
    assert list(table["sign"][:2]) == ["dentist-carried-over", "dentist-carried-over-again"]
    assert list(table["missed"]) == sorted(table["missed"], reverse=True)
    # every warning sign of a spotting activity is listed, with its text from the file
    indicators = {sign for chapter in scenario.chapters[:2] for sign in chapter.indicators}
    assert set(table["sign"]) == indicators
    assert by_sign.loc["hides-bread-rolls", "missed_share"] == 0


def test_a_sign_nobody_has_checked_has_no_share_missed(scenario: Scenario) -> None:
    table = most_missed_signs([], [scenario])
    assert (table["reached"] == 0).all()
    assert table["missed_share"].isna().all()


def _entry(item: str, first: int, last: int, revisions: int = 2) -> Entry:
    start = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    return Entry(
        "alice",
        "scenario:x",
        item,
        None,
        start + timedelta(minutes=first),
        start + timedelta(minutes=last),
        revisions,
    )


def test_time_on_task_adds_the_gaps_between_saves_each_at_most_a_break() -> None:
    saves = [
        _entry("ch1/a1/state", 0, 4),  # 0 to 4: 4 minutes
        _entry("question/q/state", 6, 6, 1),  # 4 to 6: 2 minutes
        _entry("progress", 8, 60),  # 6 to 8: 2; 8 to 60 is a break: 10
    ]
    assert timedelta(minutes=10) == BREAK
    assert time_on_task(saves) == timedelta(minutes=18)
    assert time_on_task(saves, break_after=timedelta(minutes=1)) == timedelta(minutes=4)
    assert time_on_task([]) == timedelta()
    assert time_on_task([_entry("one", 5, 5, 1)]) == timedelta()
