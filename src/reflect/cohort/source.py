"""Where the cohort comes from: every workbook of the room, read through reflect.store, with
the trainees' private words withheld as they are read (reflect.cohort.sharing)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from reflect.cohort.sharing import withhold_private_text
from reflect.errors import StoreError
from reflect.layout import Competency, Gibbs
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.store import Entry, cohort_entries, workbook_owners


@dataclass(frozen=True)
class Cohort:
    """The cohort as read at `read_at`: its entries (private words withheld), every trainee
    with a workbook (including those who have saved nothing yet), and a sentence for each
    workbook that could not be read."""

    entries: tuple[Entry, ...]
    trainees: tuple[str, ...]
    read_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    problems: tuple[str, ...] = ()


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
    tools = cohort_tools(scenarios)
    problems: list[str] = []
    unread: set[str] = set()
    try:
        entries = cohort_entries(tools, owners, folder=folder, database_url=database_url)
    except StoreError:
        # One damaged or foreign file must not hide the whole room: read them one by one.
        entries = []
        for owner in owners:
            try:
                entries += cohort_entries(tools, [owner], folder=folder, database_url=database_url)
            except StoreError as exc:
                unread.add(owner)
                problems.append(f"The workbook of {owner} could not be read: {exc}")
    return Cohort(
        entries=tuple(withhold_private_text(entries, scenarios)),
        trainees=tuple(owner for owner in owners if owner not in unread),
        problems=tuple(problems),
    )
