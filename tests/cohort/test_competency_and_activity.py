"""The cohort's competency profiles and who is active now, from real workbooks."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from reflect.cohort import (
    Cohort,
    active_now,
    competency_spread,
    latest_assessments,
    lowest_rated_items,
)
from reflect.cohort.columns import ACTIVE_NOW, COMPETENCY_SPREAD, LOWEST_RATED, names
from reflect.frameworks import competency_framework
from reflect.model.competency import CompetencyFramework
from reflect.model.scenario import Scenario
from tests.cohort.room import BOUNDARIES, GROUND_RULES, PURPOSE


@pytest.fixture(scope="module")
def framework() -> CompetencyFramework:
    return competency_framework()


def test_each_trainee_counts_by_their_latest_rated_assessment(
    cohort: Cohort, framework: CompetencyFramework
) -> None:
    found = latest_assessments(cohort.entries, framework)
    assert sorted(found) == ["erin", "frank"]
    # frank's newer assessment is empty: his rated one stands for him
    assert found["frank"].rating(PURPOSE).level == 2
    assert str(found["frank"].taken_on) == "2026-10-01"


def test_the_spread_per_domain_is_of_the_trainees_domain_means(
    cohort: Cohort, framework: CompetencyFramework
) -> None:
    table = competency_spread(cohort.entries, framework)
    assert list(table.columns) == names(COMPETENCY_SPREAD)
    assert list(table["domain"]) == [domain.id for domain in framework.domains]
    spread = table.set_index("domain")
    # knowledge means: erin (1 + 3) / 2 = 2, frank (2 + 4) / 2 = 3
    knowledge = spread.loc["knowledge", ["trainees", "min", "q1", "median", "q3", "max"]]
    assert knowledge.tolist() == [2, 2.0, 2.25, 2.5, 2.75, 3.0]
    process = spread.loc["process", ["trainees", "min", "median", "max"]]
    assert process.tolist() == [2, 2.0, 3.0, 4.0]
    assert spread.loc["attributes", "trainees"] == 0
    assert pd.isna(spread.loc["attributes", "median"])


def test_the_lowest_rated_items_come_first(cohort: Cohort, framework: CompetencyFramework) -> None:
    table = lowest_rated_items(cohort.entries, framework)
    assert list(table.columns) == names(LOWEST_RATED)
    assert list(table["item"]) == [PURPOSE, GROUND_RULES, BOUNDARIES]
    first = table.iloc[0]
    assert (first["trainees"], first["mean"], first["median"], first["lowest"]) == (2, 1.5, 1.5, 1)
    assert list(lowest_rated_items(cohort.entries, framework, limit=1)["item"]) == [PURPOSE]


def test_everyone_who_just_saved_is_active_and_where(cohort: Cohort, scenario: Scenario) -> None:
    latest = max(entry.last_saved_at for entry in cohort.entries)
    table = active_now(cohort.entries, [scenario], now=latest + timedelta(minutes=1))
    assert list(table.columns) == names(ACTIVE_NOW)
    rows = table.set_index("trainee")
    assert sorted(rows.index) == ["alice", "bob", "carol", "dan", "erin", "frank"]
    assert rows.loc["alice", "working_on"] == f"Scenario: {scenario.title}"
    assert rows.loc["alice", "chapter"] == 4
    assert rows.loc["bob", "chapter"] == 2
    assert rows.loc["dan", "working_on"] == "Gibbs reflection"
    assert pd.isna(rows.loc["dan", "chapter"])
    assert rows.loc["erin", "working_on"] == "Competency self-assessment"
    assert list(table["last_saved"]) == sorted(table["last_saved"], reverse=True)


def test_nobody_is_active_after_a_break(cohort: Cohort, scenario: Scenario) -> None:
    latest = max(entry.last_saved_at for entry in cohort.entries)
    later = latest + timedelta(minutes=11)
    assert active_now(cohort.entries, [scenario], now=later).empty
    assert len(active_now(cohort.entries, [scenario], minutes=60, now=later)) == 6
