"""The warning signs of a scenario: each trainee's spotting, and which signs the cohort missed
most. The marking is the player's (reflect.model.scenario_attempt); this module only counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import pandas as pd

from reflect.cohort import columns
from reflect.cohort._entries import CohortEntry, by_trainee_and_tool
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.model.scenario_answers import SpotResult
from reflect.model.scenario_attempt import chapters_played, spotting_places, spotting_result


class Spotting(NamedTuple):
    """A trainee's spotting in one chapter: None until they have checked their choices."""

    chapter: int
    result: SpotResult | None


def spotting_in(scenario: Scenario, items: Mapping[str, CohortEntry]) -> list[Spotting]:
    """The trainee's spotting in every chapter they have reached, from their scenario's items."""
    saved = items.get(ScenarioLayout.PROGRESS)
    played = chapters_played(scenario, saved.value if saved else None)
    found = []
    for place in spotting_places(scenario):
        if place.chapter not in played:
            continue
        chapter = scenario.chapters[place.chapter - 1]
        state = items.get(
            ScenarioLayout.state(ScenarioLayout.activity(place.chapter, place.position, chapter.id))
        )
        found.append(Spotting(place.chapter, spotting_result(chapter, state and state.value)))
    return found


def most_missed_signs(
    entries: Iterable[CohortEntry], scenarios: Iterable[Scenario]
) -> pd.DataFrame:
    """Per scenario, every warning sign of its spotting activities with how many trainees
    reached its chapter, how many of them checked their spotting there, and how many of those
    missed it; most missed first (then by share missed, then in the scenario's order).

    Only trainees who have saved something in the scenario count. Columns:
    reflect.cohort.columns.MOST_MISSED.
    """
    workbooks = by_trainee_and_tool(entries)
    rows = []
    for scenario in scenarios:
        tool = ScenarioLayout.tool(scenario.id)
        attempts = [items for (_, saved_in), items in workbooks.items() if saved_in == tool]
        counts: dict[tuple[int, str], list[int]] = {}  # (chapter, sign) -> reached, checked, missed
        for items in attempts:
            for spotting in spotting_in(scenario, items):
                chapter = scenario.chapters[spotting.chapter - 1]
                for sign in chapter.indicators:
                    count = counts.setdefault((spotting.chapter, sign), [0, 0, 0])
                    count[0] += 1
                    if spotting.result is not None:
                        count[1] += 1
                        count[2] += sign in spotting.result.missed
        for order, (number, sign, text) in enumerate(_signs(scenario)):
            reached, checked, missed = counts.get((number, sign), [0, 0, 0])
            rows.append(
                {
                    "scenario": scenario.id,
                    "title": scenario.title,
                    "chapter": number,
                    "sign": sign,
                    "event": text,
                    "reached": reached,
                    "checked": checked,
                    "missed": missed,
                    "missed_share": missed / checked if checked else None,
                    "_order": order,
                }
            )
    table = pd.DataFrame(rows, columns=[*columns.names(columns.MOST_MISSED), "_order"])
    table["missed_share"] = table["missed_share"].astype("Float64")
    for name in ("chapter", "reached", "checked", "missed"):
        table[name] = table[name].astype("int64")
    table = table.sort_values(
        ["scenario", "missed", "missed_share", "_order"],
        ascending=[True, False, False, True],
        na_position="last",
        kind="stable",
    )
    return table.drop(columns="_order").reset_index(drop=True)


def _signs(scenario: Scenario) -> list[tuple[int, str, str]]:
    """(chapter, event id, event text) of every warning sign a spotting activity asks about."""
    texts = {
        (number, event.id): event.text
        for number, chapter in enumerate(scenario.chapters, start=1)
        for event in chapter.events
    }
    chapters = dict.fromkeys(place.chapter for place in spotting_places(scenario))
    return [
        (number, sign, texts[number, sign])
        for number in chapters
        for sign in scenario.chapters[number - 1].indicators
    ]
