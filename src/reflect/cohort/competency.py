"""The cohort's competency profiles: the spread of the trainees' domain means, and the items
the cohort rates lowest.

Each trainee counts once, by their latest assessment that has an item rated (by date taken,
then the order begun): an assessment just started and not yet rated says nothing about them,
and must not hide the one they completed. Means and ratings come from the model's own rules
(CompetencyAssessment.domain_scores, saved_ratings), as the trainee's own profile shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from reflect.cohort import columns
from reflect.cohort._entries import CohortEntry, by_trainee_and_tool
from reflect.layout import Competency, record_id
from reflect.layout import record as record_prefix
from reflect.model.competency import (
    DEFAULT_PLAN_SIZE,
    AssessmentRecord,
    CompetencyAssessment,
    CompetencyFramework,
    in_order_taken,
    saved_ratings,
)


def latest_assessments(
    entries: Iterable[CohortEntry], framework: CompetencyFramework
) -> dict[str, CompetencyAssessment]:
    """Each trainee's latest assessment with an item rated, by trainee."""
    found = {}
    for (trainee, tool), items in by_trainee_and_tool(entries).items():
        if tool != Competency.TOOL:
            continue
        dated = []
        for entry in items.values():
            entry_id = record_id(entry.item)
            taken_on = _date(entry.value) if entry.item == Competency.taken_on(entry_id) else None
            if taken_on is not None:
                dated.append((entry.first_saved_at, entry_id, taken_on))
        records = [
            AssessmentRecord(id=entry_id, taken_on=taken_on, started=order)
            for order, (_, entry_id, taken_on) in enumerate(sorted(dated))
        ]
        for record in reversed(in_order_taken(records)):
            saved = items.get(Competency.ratings(record_prefix(record.id)))
            ratings = saved_ratings(saved.value if saved else None, framework)
            if any(rating.level is not None for rating in ratings.values()):
                found[trainee] = CompetencyAssessment(taken_on=record.taken_on, ratings=ratings)
                break
    return found


def competency_spread(
    entries: Iterable[CohortEntry], framework: CompetencyFramework
) -> pd.DataFrame:
    """Per domain, in the framework's order: how many trainees have a mean there, and the
    lowest, quartiles, median and highest of those means (1 to 4; quartiles interpolated
    linearly, as pandas' quantile does). Columns: reflect.cohort.columns.COMPETENCY_SPREAD."""
    means: dict[str, list[float]] = {domain.id: [] for domain in framework.domains}
    for assessment in latest_assessments(entries, framework).values():
        for score in assessment.domain_scores(framework):
            if score.mean is not None:
                means[score.domain_id].append(score.mean)
    rows = []
    for domain in framework.domains:
        found = pd.Series(means[domain.id], dtype="float64")
        rows.append(
            {
                "domain": domain.id,
                "domain_name": domain.name,
                "trainees": len(found),
                "min": found.min(),
                "q1": found.quantile(0.25),
                "median": found.median(),
                "q3": found.quantile(0.75),
                "max": found.max(),
            }
        )
    table = pd.DataFrame(rows, columns=columns.names(columns.COMPETENCY_SPREAD))
    return table.astype({"trainees": "int64"})


def lowest_rated_items(
    entries: Iterable[CohortEntry],
    framework: CompetencyFramework,
    limit: int = DEFAULT_PLAN_SIZE,
) -> pd.DataFrame:
    """The `limit` items the cohort rates lowest: by mean rating, then median, then the
    framework's order; only items someone rated. Columns: reflect.cohort.columns.LOWEST_RATED."""
    assessments = latest_assessments(entries, framework).values()
    rows = []
    for order, item in enumerate(framework.items()):
        levels = pd.Series(
            [
                level
                for assessment in assessments
                if (level := assessment.rating(item.id).level) is not None
            ],
            dtype="float64",
        )
        if levels.empty:
            continue
        rows.append(
            {
                "item": item.id,
                "item_name": item.name,
                "domain_name": framework.domain_of(item.id).name,
                "trainees": len(levels),
                "mean": levels.mean(),
                "median": levels.median(),
                "lowest": int(levels.min()),
                "_order": order,
            }
        )
    table = pd.DataFrame(rows, columns=[*columns.names(columns.LOWEST_RATED), "_order"])
    table = table.sort_values(["mean", "median", "_order"], kind="stable").head(limit)
    return (
        table.drop(columns="_order")
        .reset_index(drop=True)
        .astype({"trainees": "int64", "lowest": "int64", "mean": "float64", "median": "float64"})
    )


def _date(value: object) -> date | None:
    """A date saved as 'YYYY-MM-DD' (the competency app's taken_on); None for anything else."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
