"""The cohort's entries as every figure reads them: grouped by trainee and tool, and the two
spans of time every figure agrees on (a break, and being active now)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from reflect.layout import Competency, Gibbs
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.store import JSONValue

BREAK = timedelta(minutes=10)
"""A gap between two saves longer than this is a break: time on task counts it as this long,
and a trainee whose last save is older than this is no longer 'active now'."""

TOOL_NAMES = {Gibbs.TOOL: "Gibbs reflection", Competency.TOOL: "Competency self-assessment"}
"""What the trainer reads for each tool that is not a scenario."""


class CohortEntry(Protocol):
    """The latest value of one (owner, tool, item) with the shape of its history, as
    reflect.store.cohort_entries gives it (reflect.store.Entry)."""

    @property
    def owner(self) -> str: ...
    @property
    def tool(self) -> str: ...
    @property
    def item(self) -> str: ...
    @property
    def value(self) -> JSONValue: ...
    @property
    def first_saved_at(self) -> datetime: ...
    @property
    def last_saved_at(self) -> datetime: ...
    @property
    def revisions(self) -> int: ...


Workbooks = dict[tuple[str, str], dict[str, CohortEntry]]
"""Entries by (trainee, tool), then by item."""


def by_trainee_and_tool(entries: Iterable[CohortEntry]) -> Workbooks:
    """Entries by (trainee, tool), then by item; an item given twice keeps its later save."""
    grouped: Workbooks = {}
    for entry in entries:
        items = grouped.setdefault((entry.owner, entry.tool), {})
        kept = items.get(entry.item)
        if kept is None or entry.last_saved_at >= kept.last_saved_at:
            items[entry.item] = entry
    return grouped


def trainees(entries: Iterable[CohortEntry], owners: Sequence[str] | None = None) -> list[str]:
    """Every trainee named in `owners` (whether or not they have saved anything) and every one
    with an entry, sorted."""
    return sorted({*(owners or ()), *(entry.owner for entry in entries)})


def scenario_of_tool(scenarios: Iterable[Scenario]) -> dict[str, Scenario]:
    """The scenarios by the tool their attempts are saved under ("scenario:<id>")."""
    return {ScenarioLayout.tool(scenario.id): scenario for scenario in scenarios}


def tool_name(tool: str, scenarios: dict[str, Scenario]) -> str:
    """The tool as the trainer reads it: the scenario's title, or the app's name."""
    scenario = scenarios.get(tool)
    if scenario is not None:
        return f"Scenario: {scenario.title}"
    return TOOL_NAMES.get(tool, tool)
