"""Every column of every cohort table: its name (as in the DataFrame and the CSV), the heading
the trainer's page shows, and what it means. docs/cohort-data.md describes the same columns
(a test keeps the two together)."""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    name: str
    heading: str
    meaning: str


_TRAINEE = Column("trainee", "Trainee", "The trainee's user name (their hub user).")
_SCENARIO = Column("scenario", "Scenario id", "The scenario's id (its file name).")
_TITLE = Column("title", "Scenario", "The scenario's title.")

PROGRESS = (
    _TRAINEE,
    _SCENARIO,
    _TITLE,
    Column("started", "Started", "Whether the trainee has saved anything in the scenario."),
    Column(
        "chapter_reached",
        "Chapter reached",
        "The furthest chapter the trainee has opened (empty when not started).",
    ),
    Column("chapters", "Chapters", "How many chapters the scenario has."),
    Column(
        "finished",
        "Finished",
        "Whether the trainee continued past the last chapter to the debrief.",
    ),
    Column(
        "signs_spotted",
        "Signs spotted",
        "Warning signs the trainee ticked, over the chapters whose spotting they have checked.",
    ),
    Column(
        "signs_missed",
        "Signs missed",
        "Warning signs the trainee did not tick, over the chapters whose spotting they have "
        "checked (a chapter not yet checked misses nothing).",
    ),
    Column(
        "false_alarms",
        "False alarms",
        "Events the trainee ticked that are not warning signs, over the same chapters.",
    ),
    Column(
        "time_on_task_min",
        "Time on task (min)",
        "Minutes between the trainee's saves in the scenario, each gap counting at most "
        "10 minutes (a longer one is a break); see 'Time on task'.",
    ),
    Column(
        "last_active",
        "Last active",
        "When the trainee last saved anything in the scenario (UTC).",
    ),
)

MOST_MISSED = (
    _SCENARIO,
    _TITLE,
    Column("chapter", "Chapter", "The chapter the warning sign is in."),
    Column("sign", "Sign id", "The event's id in the scenario file."),
    Column("event", "Warning sign", "The event as the trainee read it."),
    Column("reached", "Reached", "Trainees who have opened the sign's chapter."),
    Column("checked", "Checked", "Of those, trainees who have checked their spotting there."),
    Column("missed", "Missed", "Of those who checked, trainees who did not tick the sign."),
    Column(
        "missed_share",
        "Missed (share)",
        "missed / checked, from 0 to 1 (empty when nobody has checked yet).",
    ),
)

COMPETENCY_SPREAD = (
    Column("domain", "Domain id", "The competency domain's id."),
    Column("domain_name", "Domain", "The domain's name."),
    Column(
        "trainees",
        "Trainees",
        "Trainees with at least one item of the domain rated in their latest rated assessment.",
    ),
    Column("min", "Lowest", "The lowest trainee mean in the domain (1 to 4)."),
    Column("q1", "Lower quartile", "The lower quartile of the trainees' means."),
    Column("median", "Median", "The median of the trainees' means."),
    Column("q3", "Upper quartile", "The upper quartile of the trainees' means."),
    Column("max", "Highest", "The highest trainee mean in the domain."),
)

LOWEST_RATED = (
    Column("item", "Item id", "The competency item's id."),
    Column("item_name", "Item", "The item's short name."),
    Column("domain_name", "Domain", "The domain the item belongs to."),
    Column("trainees", "Rated by", "Trainees who rated the item in their latest rated assessment."),
    Column("mean", "Mean rating", "The mean of their ratings (1 to 4)."),
    Column("median", "Median rating", "The median of their ratings."),
    Column("lowest", "Lowest rating", "The lowest rating given."),
)

ACTIVE_NOW = (
    _TRAINEE,
    Column("working_on", "Working on", "The app or scenario of the trainee's latest save."),
    Column(
        "chapter",
        "Chapter",
        "In a scenario, the furthest chapter the trainee has opened (empty elsewhere).",
    ),
    Column("last_saved", "Last saved", "When the trainee last saved anything (UTC)."),
    Column("minutes_ago", "Minutes ago", "Whole minutes since that save."),
)

SHARED_REFLECTIONS = (
    _TRAINEE,
    Column("tool", "Tool", "Where the reflection is kept: 'gibbs' or 'scenario:<id>'."),
    Column("where", "Where", "The Gibbs app, or the scenario's title and chapter."),
    Column("reflection", "Reflection id", "The reflection's place in the trainee's workbook."),
    Column("reflection_title", "Title", "The title the trainee gave it (Gibbs app only)."),
    Column("stage", "Stage", "The stage of Gibbs' cycle."),
    Column("text", "What the trainee wrote", "The stage's text, as it is now."),
    Column("last_saved", "Last saved", "When the stage was last saved (UTC)."),
)

TABLES = {
    "progress": PROGRESS,
    "most_missed": MOST_MISSED,
    "competency_spread": COMPETENCY_SPREAD,
    "lowest_rated": LOWEST_RATED,
    "active_now": ACTIVE_NOW,
    "shared_reflections": SHARED_REFLECTIONS,
}
"""Every table's columns, by the table's name."""


def names(columns: tuple[Column, ...]) -> list[str]:
    return [column.name for column in columns]


def headings(columns: tuple[Column, ...]) -> dict[str, str]:
    return {column.name: column.heading for column in columns}
