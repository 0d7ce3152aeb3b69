"""The trainer's figures of a cohort, as pandas DataFrames: pure functions from the cohort's
entries (reflect.store.cohort_entries) and the scenario library to tables.

    from reflect.cohort import read_cohort, scenario_progress_table
    cohort = read_cohort(scenarios)
    scenario_progress_table(cohort.entries, scenarios, cohort.trainees)

Every rule of marking and progress is the model's (reflect.model.scenario_attempt, the
competency model); these modules only count and arrange. Every column is described in
reflect.cohort.columns and docs/cohort-data.md. A trainee's own words appear only in
shared_reflections, and only while the trainee shares them (reflect.cohort.sharing).
"""

from reflect.cohort._entries import BREAK, CohortEntry
from reflect.cohort.activity import active_now
from reflect.cohort.competency import competency_spread, latest_assessments, lowest_rated_items
from reflect.cohort.export import csv_text
from reflect.cohort.progress import scenario_progress_table, time_on_task
from reflect.cohort.sharing import shared_reflections, withhold_private_text
from reflect.cohort.signs import most_missed_signs
from reflect.cohort.source import Cohort, cohort_tools, read_cohort

__all__ = [
    "BREAK",
    "Cohort",
    "CohortEntry",
    "active_now",
    "cohort_tools",
    "competency_spread",
    "csv_text",
    "latest_assessments",
    "lowest_rated_items",
    "most_missed_signs",
    "read_cohort",
    "scenario_progress_table",
    "shared_reflections",
    "time_on_task",
    "withhold_private_text",
]
