"""A scenario's chronology, the way case reviews build one: every event revealed so far, one line
each, in the order things happened, with the agency (or person) that held each piece, and a mark
on each piece one agency still held alone at the point the story has reached.

An event happened `on` a date (at a `time`, when given), was learned `learned_on` (a police
call-out on 2 March that health learns of in May; the same day when not given) and, when another
agency came to hold it too, was `shared_on` a date or passed on by a later event that `shares`
it (a referral, a hub's research: on a path that reveals that event). A chapter reveals what was
known by its date (its `as_of`, or the last date one of its events was learned), so the date
rules follow the day an event was learned, not the day it happened (reflect.model.scenario_branch
checks them).

This module reads scenario types only for checking; it imports none at run time, because
reflect.model.scenario uses its time-of-day type and its event check.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field

from reflect.model._base import StrictModel
from reflect.model.consistency import ConsistencyProblem

if TYPE_CHECKING:
    from reflect.model.scenario import Chapter, Event

TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
MINUTES_IN_A_DAY = 24 * 60


def _time_as_written(value: Any) -> Any:
    # YAML 1.1 reads an unquoted 22:00 as the number 1320 (base 60): give the trainer's time back.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MINUTES_IN_A_DAY:
        return f"{value // 60:02d}:{value % 60:02d}"
    return value


ClockTime = Annotated[
    str, BeforeValidator(_time_as_written), Field(pattern=TIME_PATTERN, examples=["02:30"])
]
"""A time of day on the 24-hour clock, 'HH:MM'."""


def known_on(event: Event) -> date:
    """The day the event was learned: `learned_on`, else the day it happened."""
    return event.learned_on or event.on


def timing_problems(event: Event) -> list[ConsistencyProblem]:
    """An event cannot be learned or shared before it happened."""
    problems: list[ConsistencyProblem] = []
    if event.learned_on is not None and event.learned_on < event.on:
        problems.append(
            (
                ("learned_on",),
                f"learned on {event.learned_on}, before it happened ({event.on}); "
                "`learned_on` is the day it became known, on or after `on`",
            )
        )
    if event.shared_on is not None and event.shared_on < event.on:
        problems.append(
            (
                ("shared_on",),
                f"shared on {event.shared_on}, before it happened ({event.on}); "
                "`shared_on` is the day another agency came to hold it, on or after `on`",
            )
        )
    return problems


def chapter_date(chapter: Chapter) -> date:
    """The date a chapter stands on: its `as_of`, else the last day one of its events was
    learned. What it reveals was known by then."""
    return chapter.as_of or max(known_on(event) for event in chapter.events)


def chapter_start(chapter: Chapter) -> tuple[int, date]:
    """The chapter's first event to be learned (its place in the chapter) and that day."""
    days = [known_on(event) for event in chapter.events]
    first = min(range(len(days)), key=lambda index: (days[index], index))
    return first, days[first]


def as_of_problems(chapter: Chapter) -> list[ConsistencyProblem]:
    """Every event a chapter reveals was learned by the chapter's `as_of`, when it has one."""
    if chapter.as_of is None:
        return []
    return [
        (
            ("events", index, "learned_on" if event.learned_on else "on"),
            f"learned on {known_on(event)}, after the chapter's date (as_of: {chapter.as_of}); "
            "a chapter reveals only what was known by its date: move the event to a later "
            "chapter or correct the dates",
        )
        for index, event in enumerate(chapter.events)
        if known_on(event) > chapter.as_of
    ]


OTHER_RECORDS = "Other records"
"""The chronology's column for events that name no agency."""


class ChronologyLine(StrictModel):
    """One event in the merged chronology."""

    event_id: str = Field(description="The event's id.")
    chapter: int = Field(ge=0, description="The index of the chapter that revealed it.")
    step: int = Field(ge=1, description="The place of that chapter on the path (1-based).")
    on: date = Field(description="The day it happened.")
    time: str | None = Field(default=None, description="The time of day, when given.")
    learned_on: date = Field(description="The day it was learned (the day it happened if same).")
    agency: str = Field(description="Who held it; OTHER_RECORDS when the event names no one.")
    held_alone: bool = Field(
        description="One agency held it and had not yet shared it by the date the story has "
        "reached (the date of the latest chapter revealed)."
    )


class Chronology(StrictModel):
    """Everything revealed so far along a path, one line per event, by date and time."""

    as_of: date = Field(description="The date the story has reached: the last chapter's date.")
    lines: tuple[ChronologyLine, ...] = Field(description="One per event, earliest first.")

    @property
    def agencies(self) -> tuple[str, ...]:
        """The agencies in the order their first piece appears, OTHER_RECORDS last."""
        named = list(dict.fromkeys(line.agency for line in self.lines))
        if OTHER_RECORDS in named:
            named.remove(OTHER_RECORDS)
            named.append(OTHER_RECORDS)
        return tuple(named)

    @property
    def held_alone(self) -> tuple[str, ...]:
        """The ids of the events one agency still held alone, in chronological order."""
        return tuple(line.event_id for line in self.lines if line.held_alone)


def held_alone(event: Event, as_of: date, shared: Collection[str] = ()) -> bool:
    """Whether one agency held the event alone on `as_of`: it names an agency, was not shared by
    then (`shared_on` later, or never) and is not among `shared` (the events an event revealed
    so far `shares`)."""
    shared_by_then = event.shared_on is not None and event.shared_on <= as_of
    return event.agency is not None and not shared_by_then and event.id not in shared


def shares_problems(chapters: Sequence[Chapter]) -> list[ConsistencyProblem]:
    """An event shares only events that exist and happened no later than it did."""
    events = {event.id: event for chapter in chapters for event in chapter.events}
    problems: list[ConsistencyProblem] = []
    for c, chapter in enumerate(chapters):
        for e, event in enumerate(chapter.events):
            for s, shared in enumerate(event.shares):
                at = ("chapters", c, "events", e, "shares", s)
                if shared not in events:
                    problems.append((at, f"no event has the id '{shared}'"))
                elif events[shared].on > event.on:
                    problems.append(
                        (
                            at,
                            f"'{shared}' happens later ({events[shared].on}); share it from then",
                        )
                    )
    return problems


def merged_chronology(chapters: Sequence[Chapter], path: Iterable[int]) -> Chronology:
    """The chronology of the chapters at `path` (indexes, in the order revealed; a chapter met
    again adds nothing new). Lines sort by the day it happened, then the time of day (an event
    without one first), then the order revealed."""
    steps = list(path)
    if not steps:
        raise ValueError("a chronology needs at least one chapter revealed")
    as_of = chapter_date(chapters[steps[-1]])
    lines: list[ChronologyLine] = []
    seen: set[str] = set()
    shared = {item for index in steps for event in chapters[index].events for item in event.shares}
    for step, index in enumerate(steps, start=1):
        for event in chapters[index].events:
            if event.id in seen:
                continue
            seen.add(event.id)
            lines.append(
                ChronologyLine(
                    event_id=event.id,
                    chapter=index,
                    step=step,
                    on=event.on,
                    time=event.time,
                    learned_on=known_on(event),
                    agency=event.agency or OTHER_RECORDS,
                    held_alone=held_alone(event, as_of, shared),
                )
            )
    order = {line.event_id: place for place, line in enumerate(lines)}
    lines.sort(key=lambda line: (line.on, line.time or "", order[line.event_id]))
    return Chronology(as_of=as_of, lines=tuple(lines))


def uses_chronology(chapters: Iterable[Chapter]) -> bool:
    """Whether a scenario tells its case as a chronology: an event names an agency, a time,
    a day learned or shared, or an activity spots on the chronology."""
    return any(
        event.agency or event.time or event.learned_on or event.shared_on or event.shares
        for chapter in chapters
        for event in chapter.events
    ) or any(
        getattr(activity, "scope", None) == "chronology"
        for chapter in chapters
        for activity in chapter.activities
    )


# The fields reflect.model.scenario's Event, Chapter and SpotIndicators take from the chronology.
AGENCY = Field(
    default=None,
    description="Who held it: the agency or person whose record it is, e.g. 'Police' or "
    "'School nurse'. The chronology shows each agency's pieces in a column of their own.",
)
TIME = Field(default=None, description="The time of day on the 24-hour clock, in quotes: '02:30'.")
LEARNED_ON = Field(
    default=None,
    description="The date it became known, when later than `on` (a police call-out on 2 March "
    "that health learns of in May). A chapter may reveal it only from this date.",
)
SHARED_ON = Field(
    default=None,
    description="The date another agency came to hold it too. Until then the chronology marks "
    "it as held by its agency alone; leave it out for a piece never shared.",
)
SHARES = Field(
    default=(),
    description="The ids of earlier events this one passes on to other agencies (a referral, a "
    "hub's research): once it is revealed they are no longer held alone.",
)
CHAPTER_AS_OF = Field(
    default=None,
    description="The date the chapter stands on: every event it reveals was learned by then. "
    "Default: the last date one of its events was learned.",
)
SPOTTING_SCOPE: Any = Field(
    default="chapter",
    description="'chapter' for this chapter's events; 'chronology' for every event revealed so "
    "far on the trainee's path, merged by date.",
)
