"""Who is active now: the trainees who saved something within the last few minutes, and where."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pandas as pd

from reflect.cohort import columns
from reflect.cohort._entries import (
    BREAK,
    CohortEntry,
    by_trainee_and_tool,
    scenario_of_tool,
    tool_name,
)
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.model.scenario_attempt import scenario_progress


def active_now(
    entries: Iterable[CohortEntry],
    scenarios: Iterable[Scenario] = (),
    *,
    minutes: float = BREAK / timedelta(minutes=1),
    now: datetime | None = None,
) -> pd.DataFrame:
    """The trainees whose latest save (in any of the tools read) is at most `minutes` old,
    latest first: what they are working on (the tool of that save), the chapter they have
    reached when it is a scenario, when they saved and how many whole minutes ago.

    Activity is seen only through saves: a trainee reading a chapter for longer than
    `minutes` without ticking or typing drops off the list until their next save. The default
    is the same 10 minutes after which time on task counts a gap as a break.
    Columns: reflect.cohort.columns.ACTIVE_NOW.
    """
    now = now or datetime.now(UTC)
    since = now - timedelta(minutes=minutes)
    by_tool = scenario_of_tool(scenarios)
    workbooks = by_trainee_and_tool(entries)
    latest: dict[str, CohortEntry] = {}
    for (trainee, _), items in workbooks.items():
        for entry in items.values():
            if trainee not in latest or entry.last_saved_at > latest[trainee].last_saved_at:
                latest[trainee] = entry
    rows = []
    for trainee, entry in latest.items():
        if entry.last_saved_at < since:
            continue
        scenario = by_tool.get(entry.tool)
        chapter = None
        if scenario is not None:
            saved = workbooks[trainee, entry.tool].get(ScenarioLayout.PROGRESS)
            chapter = scenario_progress(scenario, saved.value if saved else None).reached
        rows.append(
            {
                "trainee": trainee,
                "working_on": tool_name(entry.tool, by_tool),
                "chapter": chapter,
                "last_saved": entry.last_saved_at,
                "minutes_ago": max(int((now - entry.last_saved_at) / timedelta(minutes=1)), 0),
            }
        )
    table = pd.DataFrame(rows, columns=columns.names(columns.ACTIVE_NOW))
    table = table.astype({"chapter": "Int64", "minutes_ago": "int64"})
    table["last_saved"] = pd.to_datetime(table["last_saved"], utc=True)
    return table.sort_values(["last_saved", "trainee"], ascending=[False, True]).reset_index(
        drop=True
    )
