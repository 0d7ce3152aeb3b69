"""How far each trainee has got in each scenario, with their spotting and their time on task.

Time on task is estimated from what the workbook keeps of each entry: when it was first and
last saved (not every revision's time). Those moments of a trainee's scenario, in time order,
are the saves; the gaps between consecutive saves are added up, each gap counting at most
BREAK (10 minutes): a longer gap is taken for a break and counts as 10 minutes. So reading a
chapter between two saves counts, a lunch break counts 10 minutes, and a long stretch spent
revising one entry with nothing else saved in between counts at most 10 minutes (its middle
revisions' times are not read). Time before the first save and after the last is not seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import pairwise

import pandas as pd

from reflect.cohort import columns
from reflect.cohort._entries import BREAK, CohortEntry, by_trainee_and_tool, trainees
from reflect.cohort.signs import spotting_in
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.model.scenario_attempt import scenario_progress


def time_on_task(saved: Iterable[CohortEntry], break_after: timedelta = BREAK) -> timedelta:
    """The time between the saves of `saved` (each entry's first and last save), every gap
    counting at most `break_after`. See the module's docstring for what this does not see."""
    moments = sorted({moment for entry in saved for moment in _saves(entry)})
    gaps = (min(later - earlier, break_after) for earlier, later in pairwise(moments))
    return sum(gaps, timedelta())


def _saves(entry: CohortEntry) -> tuple[datetime, datetime]:
    return entry.first_saved_at, entry.last_saved_at


def scenario_progress_table(
    entries: Iterable[CohortEntry],
    scenarios: Iterable[Scenario],
    owners: Sequence[str] | None = None,
    *,
    break_after: timedelta = BREAK,
) -> pd.DataFrame:
    """One row per trainee and scenario: the chapter reached of how many, finished or not, the
    warning signs spotted and missed and the false alarms over the chapters whose spotting they
    have checked, the time on task and when they were last active there.

    The trainees are `owners` (say, every workbook of the room, so those who have not started
    are listed) and everyone with an entry. Columns: reflect.cohort.columns.PROGRESS.
    """
    entries = list(entries)
    workbooks = by_trainee_and_tool(entries)
    people = trainees(entries, owners)
    rows = []
    for scenario in scenarios:
        tool = ScenarioLayout.tool(scenario.id)
        for trainee in people:
            items = workbooks.get((trainee, tool), {})
            rows.append(_row(trainee, scenario, items, break_after))
    table = pd.DataFrame(rows, columns=columns.names(columns.PROGRESS))
    return table.astype(
        {
            "started": "bool",
            "chapter_reached": "Int64",
            "chapters": "int64",
            "finished": "bool",
            "signs_spotted": "int64",
            "signs_missed": "int64",
            "false_alarms": "int64",
            "time_on_task_min": "float64",
        }
    ).assign(last_active=lambda frame: pd.to_datetime(frame["last_active"], utc=True))


def _row(
    trainee: str, scenario: Scenario, items: Mapping[str, CohortEntry], break_after: timedelta
) -> dict[str, object]:
    row: dict[str, object] = {
        "trainee": trainee,
        "scenario": scenario.id,
        "title": scenario.title,
        "started": bool(items),
        "chapter_reached": None,
        "chapters": len(scenario.chapters),
        "finished": False,
        "signs_spotted": 0,
        "signs_missed": 0,
        "false_alarms": 0,
        "time_on_task_min": 0.0,
        "last_active": None,
    }
    if not items:
        return row
    saved = items.get(ScenarioLayout.PROGRESS)
    progress = scenario_progress(scenario, saved.value if saved else None)
    results = [spotting.result for spotting in spotting_in(scenario, items)]
    checked = [result for result in results if result is not None]
    minutes = time_on_task(items.values(), break_after) / timedelta(minutes=1)
    row.update(
        chapter_reached=progress.reached,
        finished=progress.finished,
        signs_spotted=sum(len(result.spotted) for result in checked),
        signs_missed=sum(len(result.missed) for result in checked),
        false_alarms=sum(len(result.false_alarms) for result in checked),
        time_on_task_min=round(minutes, 1),
        last_active=max(entry.last_saved_at for entry in items.values()),
    )
    return row
