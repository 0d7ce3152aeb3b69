"""A trainee's words reach the trainer only when the trainee shares them.

Two gates, so that one mistake cannot leak a reflection:

- `withhold_private_text` blanks, as the cohort is read, the value of every entry the figures
  do not need (reflections not shared, evidence notes, case notes, actions, anything new):
  only their save times are kept, for time on task. The trainer's app never holds the rest.
- `shared_reflections` shows a reflection's words only while its share entry is true
  (reflect.model.sharing.is_shared), whatever entries it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

import pandas as pd

from reflect.cohort import columns
from reflect.cohort._entries import CohortEntry, by_trainee_and_tool, scenario_of_tool
from reflect.frameworks import gibbs_cycle
from reflect.layout import Competency, Gibbs, Prefix, record, record_id
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.gibbs import GibbsCycle
from reflect.model.scenario import GibbsReflection, Scenario
from reflect.model.sharing import is_shared
from reflect.store import Entry


class _Reflection:
    """One reflection of a trainee's: where it is kept, and how the trainer reads where."""

    def __init__(self, tool: str, prefix: Prefix, where: str, title_item: str | None) -> None:
        self.tool, self.prefix, self.where, self.title_item = tool, prefix, where, title_item


def _reflections(
    tool: str, items: Mapping[str, CohortEntry], scenarios: Mapping[str, Scenario]
) -> Iterator[_Reflection]:
    """Every reflection that may be shared in one workbook's tool."""
    if tool == Gibbs.TOOL:
        for item in items:
            entry_id = record_id(item)
            if item == Gibbs.shared(record(entry_id)):
                yield _Reflection(tool, record(entry_id), "Gibbs reflection", Gibbs.title(entry_id))
        return
    scenario = scenarios.get(tool)
    for number, chapter in enumerate(scenario.chapters if scenario else (), start=1):
        for position, activity in enumerate(chapter.activities, start=1):
            if isinstance(activity, GibbsReflection):
                where = f"{scenario.title if scenario else tool}, chapter {number}"
                prefix = ScenarioLayout.activity(number, position, chapter.id)
                yield _Reflection(tool, prefix, where, None)


def _shared(
    workbook: Mapping[str, CohortEntry], tool: str, scenarios: Mapping[str, Scenario]
) -> list[_Reflection]:
    found = []
    for reflection in _reflections(tool, workbook, scenarios):
        flag = workbook.get(Gibbs.shared(reflection.prefix))
        if flag is not None and is_shared(flag.value):
            found.append(reflection)
    return found


def shared_reflections(
    entries: Iterable[CohortEntry],
    scenarios: Iterable[Scenario] = (),
    cycle: GibbsCycle | None = None,
) -> pd.DataFrame:
    """The reflections trainees share with their trainer, one row per written stage, in
    Gibbs' order: in the Gibbs app and in the scenarios' reflection activities. A reflection
    whose share entry is not true gives no row, and no word of it. Columns:
    reflect.cohort.columns.SHARED_REFLECTIONS."""
    cycle = cycle or gibbs_cycle()
    by_tool = scenario_of_tool(scenarios)
    rows = []
    for (trainee, tool), workbook in sorted(by_trainee_and_tool(entries).items()):
        for reflection in _shared(workbook, tool, by_tool):
            title = workbook.get(reflection.title_item) if reflection.title_item else None
            for stage in cycle.stages:
                written = workbook.get(Gibbs.stage(reflection.prefix, stage.id))
                if written is None or not isinstance(written.value, str) or not written.value:
                    continue
                rows.append(
                    {
                        "trainee": trainee,
                        "tool": tool,
                        "where": reflection.where,
                        "reflection": reflection.prefix.rstrip("/"),
                        "reflection_title": title.value if title and title.value else None,
                        "stage": stage.name,
                        "text": written.value,
                        "last_saved": written.last_saved_at,
                    }
                )
    table = pd.DataFrame(rows, columns=columns.names(columns.SHARED_REFLECTIONS))
    table["last_saved"] = pd.to_datetime(table["last_saved"], utc=True)
    return table


def withhold_private_text(
    entries: Iterable[Entry], scenarios: Iterable[Scenario] = (), cycle: GibbsCycle | None = None
) -> list[Entry]:
    """The entries with the value of every one the cohort figures do not read set to None
    (their save times and revision counts are kept). Kept: a scenario's progress and its
    activities' states (ids chosen, levels and routes: no free text), the competency dates and
    ratings, every share choice, and the title and stages of a reflection shared now."""
    entries = list(entries)
    cycle = cycle or gibbs_cycle()
    by_tool = scenario_of_tool(scenarios)
    readable: set[tuple[str, str, str]] = set()
    for (trainee, tool), workbook in by_trainee_and_tool(entries).items():
        for reflection in _shared(workbook, tool, by_tool):
            stages = [Gibbs.stage(reflection.prefix, stage.id) for stage in cycle.stages]
            titles = [reflection.title_item] if reflection.title_item else []
            readable |= {(trainee, tool, item) for item in (*stages, *titles)}
    return [
        entry
        if _no_free_text(entry, by_tool) or (entry.owner, entry.tool, entry.item) in readable
        else replace(entry, value=None)
        for entry in entries
    ]


def _no_free_text(entry: CohortEntry, scenarios: Mapping[str, Scenario]) -> bool:
    """Entries that never hold a trainee's own words, only choices the figures count."""
    item = entry.item
    if entry.tool == Competency.TOOL:
        entry_id = record_id(item)
        return item in (Competency.taken_on(entry_id), Competency.ratings(record(entry_id)))
    if item.endswith(f"/{Gibbs.SHARED}") and entry.tool in (Gibbs.TOOL, *scenarios):
        return True
    if entry.tool in scenarios:
        return item == ScenarioLayout.PROGRESS or item.endswith(f"/{ScenarioLayout.STATE}")
    return False
