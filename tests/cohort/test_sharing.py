"""A trainee's words reach the trainer only when they share that reflection: unshared text is
in no table, no CSV, and not even in the entries the trainer's app holds."""

from __future__ import annotations

from pathlib import Path

from reflect.cohort import (
    Cohort,
    active_now,
    competency_spread,
    csv_text,
    lowest_rated_items,
    most_missed_signs,
    scenario_progress_table,
    shared_reflections,
)
from reflect.cohort.columns import SHARED_REFLECTIONS, names
from reflect.frameworks import competency_framework
from reflect.layout import Competency, Gibbs
from reflect.model.scenario import Scenario
from reflect.store import cohort_entries
from tests.cohort.room import PRIVATE, SCENARIO, SHARED_GIBBS, SHARED_SCENARIO


def _every_table(entries: list, scenario: Scenario) -> list:
    framework = competency_framework()
    return [
        scenario_progress_table(entries, [scenario]),
        most_missed_signs(entries, [scenario]),
        competency_spread(entries, framework),
        lowest_rated_items(entries, framework),
        active_now(entries, [scenario], minutes=10**6),
        shared_reflections(entries, [scenario]),
    ]


def test_only_the_shared_reflections_are_listed_stage_by_stage(
    cohort: Cohort, scenario: Scenario
) -> None:
    table = shared_reflections(cohort.entries, [scenario])
    assert list(table.columns) == names(SHARED_REFLECTIONS)
    assert list(table["text"]) == [SHARED_SCENARIO, SHARED_GIBBS]
    alice, dan = table.iloc[0], table.iloc[1]
    assert (alice["trainee"], alice["tool"], alice["stage"]) == (
        "alice",
        f"scenario:{SCENARIO}",
        "Feelings",
    )
    assert alice["where"] == f"{scenario.title}, chapter 4"
    assert alice["reflection"] == "ch4/a1"
    assert (dan["trainee"], dan["tool"], dan["stage"]) == ("dan", Gibbs.TOOL, "Analysis")
    assert dan["reflection_title"] == "Supervising a neglect case"


def test_unshared_words_are_in_no_table_and_no_csv_even_from_raw_entries(
    room: Path, scenario: Scenario
) -> None:
    # Straight from the store: every private word is there to leak, and none may.
    raw = cohort_entries([f"scenario:{SCENARIO}", Gibbs.TOOL, Competency.TOOL], folder=room)
    assert any(entry.value in PRIVATE for entry in raw)
    for table in _every_table(raw, scenario):
        text = csv_text(table) + table.to_string()
        assert not [words for words in PRIVATE if words in text]


def test_the_trainers_app_never_holds_unshared_words(cohort: Cohort) -> None:
    held = repr(cohort.entries)
    assert not [words for words in PRIVATE if words in held]
    assert SHARED_GIBBS in held
    assert SHARED_SCENARIO in held
    # their save times stay, so time on task still sees them
    withheld = [entry for entry in cohort.entries if entry.value is None]
    assert {entry.owner for entry in withheld} >= {"dan", "erin"}


def test_a_withdrawn_share_shares_nothing(cohort: Cohort, scenario: Scenario) -> None:
    table = shared_reflections(cohort.entries, [scenario])
    assert set(table["trainee"]) == {"alice", "dan"}
    assert len(table[table["trainee"] == "dan"]) == 1  # his shared one, not the withdrawn one
