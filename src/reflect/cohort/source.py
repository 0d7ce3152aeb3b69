"""Where the cohort comes from: every workbook of the room, read through reflect.store, with
the trainees' private words withheld as they are read (reflect.cohort.sharing)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reflect.cohort.sharing import withhold_private_text
from reflect.layout import Competency, Gibbs
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.store import Entry, cohort_entries, workbook_owners


@dataclass(frozen=True)
class Cohort:
    """The cohort as read at `read_at`: its entries (private words withheld) and every
    trainee with a workbook, including those who have saved nothing yet."""

    entries: tuple[Entry, ...]
    trainees: tuple[str, ...]
    read_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def cohort_tools(scenarios: Iterable[Scenario]) -> list[str]:
    """The tools the cohort figures read: every scenario's, the Gibbs app's, the competency's."""
    scenario_tools = [ScenarioLayout.tool(scenario.id) for scenario in scenarios]
    return [*scenario_tools, Gibbs.TOOL, Competency.TOOL]


def read_cohort(
    scenarios: Sequence[Scenario],
    *,
    leave_out: Iterable[str] = (),
    folder: Path | None = None,
    database_url: str | None = None,
) -> Cohort:
    """Read the room: the database when one is set ($REFLECT_DATABASE_URL, or `database_url`),
    else every workbook file in `folder` (default: the data folder). `leave_out` names users who
    are not trainees (the trainer viewing the cohort has a workbook of their own)."""
    left_out = set(leave_out)
    owners = [
        owner
        for owner in workbook_owners(folder=folder, database_url=database_url)
        if owner not in left_out
    ]
    entries = cohort_entries(
        cohort_tools(scenarios), owners, folder=folder, database_url=database_url
    )
    return Cohort(entries=tuple(withhold_private_text(entries, scenarios)), trainees=tuple(owners))
