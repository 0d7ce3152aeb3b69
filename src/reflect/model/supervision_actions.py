"""Actions carried across supervision sessions: who, what, the outcome for the child and the
review date; open, done or carried over, and for how many sessions; overdue on a date.

An action keeps its id from the record it was agreed in to every later record that carries
it; the latest record that has it holds its current wording and state. It is carried over by
every later session of the supervisee held while it was still open: a session after it was
agreed and before the one that marks it done (or before the day it was done). It is overdue
once its review date has passed without it being done (on the review date it is not yet).

`case_actions` shapes a case's actions as the drift check takes them
(reflect.model.drift.CaseAction), so overdue and carried-over actions feed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.dates import long_date
from reflect.model.drift import CaseAction
from reflect.model.supervision_record import (
    Action,
    SessionRecord,
    person_key,
    same_person,
    sessions_of,
)
from reflect.model.workdays import days_phrase

ActionStatus = Literal["open", "done", "carried-over"]
STATUS_NAMES: dict[ActionStatus, str] = {
    "open": "Open",
    "done": "Done",
    "carried-over": "Carried over",
}


class ActionTrack(StrictModel):
    """One action followed from the session that agreed it to its latest record."""

    action: Action = Field(description="The action as its latest record has it.")
    agreed_on: date = Field(description="The date of the session that agreed it.")
    agreed_in: str = Field(description="The id of the record that agreed it.")
    latest_in: str = Field(description="The id of the latest record that has it.")
    case: str = Field(default="", description="The child or family of the record agreeing it.")
    status: ActionStatus = Field(description="open, done or carried-over.")
    sessions_carried: int = Field(ge=0, description="Later sessions held while it was open.")
    completed_on: date | None = Field(description="When it was done (or first marked done).")

    def overdue(self, on: date) -> bool:
        """Not done and past its review date on `on`."""
        review = self.action.review_on
        return self.status != "done" and review is not None and review < on

    def days_overdue(self, on: date) -> int:
        review = self.action.review_on
        return (on - review).days if self.overdue(on) and review is not None else 0

    def followed_up(self, on: date) -> bool:
        """Done, or not yet at its review date: what an auditor counts as followed up."""
        return self.status == "done" or not self.overdue(on)

    def describe(self, on: date) -> str:
        """'Call the GP (Ali Khan): carried over 2 sessions; review 3 March 2026, 4 days
        overdue.'"""
        parts = [STATUS_NAMES[self.status]]
        if self.status == "carried-over":
            sessions = (
                "1 session" if self.sessions_carried == 1 else (f"{self.sessions_carried} sessions")
            )
            parts = [f"carried over {sessions}"]
        review = self.action.review_on
        if review is not None and self.status != "done":
            late = f", {days_phrase(self.days_overdue(on))} overdue" if self.overdue(on) else ""
            parts.append(f"review {long_date(review)}{late}")
        return f"{self.action.what} ({self.action.who}): {'; '.join(parts)}."


def track_actions(records: Iterable[SessionRecord], supervisee: str) -> tuple[ActionTrack, ...]:
    """Every action in the supervisee's records, in the order they were agreed."""
    mine = sorted(
        (r for r in records if r.held and r.involves(supervisee)),
        key=lambda record: record.held_on,
    )
    sessions = [session.held_on for session in sessions_of(mine, supervisee)]
    seen: dict[str, list[tuple[SessionRecord, Action]]] = {}
    for record in mine:
        for action in record.actions:
            seen.setdefault(action.id, []).append((record, action))
    return tuple(_track(found, sessions) for found in seen.values())


def _track(found: list[tuple[SessionRecord, Action]], sessions: list[date]) -> ActionTrack:
    first, (last_record, latest) = found[0][0], found[-1]
    completed: date | None = None
    if latest.done:
        # the first of the records that have had it done ever since (it may have been reopened)
        marked = last_record.held_on
        for record, action in reversed(found):
            if not action.done:
                break
            marked = record.held_on
        completed = min(day for day in (marked, latest.done_on) if day is not None)
    carried = sum(
        1 for day in sessions if day > first.held_on and (completed is None or day < completed)
    )
    status: ActionStatus
    status = "done" if completed is not None else "carried-over" if carried else "open"
    return ActionTrack(
        action=latest,
        agreed_on=first.held_on,
        agreed_in=first.id,
        latest_in=last_record.id,
        case=first.case,
        status=status,
        sessions_carried=carried,
        completed_on=completed,
    )


def open_actions(tracks: Iterable[ActionTrack]) -> tuple[ActionTrack, ...]:
    """The actions not yet done."""
    return tuple(track for track in tracks if track.status != "done")


def overdue_actions(tracks: Iterable[ActionTrack], on: date) -> tuple[ActionTrack, ...]:
    """The actions past their review date and not done on `on`, longest overdue first."""
    late = [track for track in tracks if track.overdue(on)]
    return tuple(sorted(late, key=lambda track: -track.days_overdue(on)))


def carry_forward(records: Iterable[SessionRecord], supervisee: str) -> tuple[Action, ...]:
    """The open actions a new record of the supervisee starts with, as last recorded."""
    return tuple(track.action for track in open_actions(track_actions(records, supervisee)))


def case_tracks(records: Iterable[SessionRecord], case: str) -> tuple[ActionTrack, ...]:
    """The actions agreed in records about one child or family (named by its pseudonym)."""
    pool = list(records)
    about = [record for record in pool if same_person(record.case, case)]
    supervisees = {
        person_key(record.supervisee): record.supervisee
        for record in about
        if record.supervisee.strip()
    }
    tracks = [
        track
        for _, supervisee in sorted(supervisees.items())
        for track in track_actions(pool, supervisee)
        if same_person(track.case, case)
    ]
    return tuple(tracks)


def case_actions(records: Iterable[SessionRecord], case: str) -> tuple[CaseAction, ...]:
    """A case's supervision actions as the drift check's CaseFacts.actions takes them (each
    with a review date; an action without one cannot be late)."""
    return tuple(
        CaseAction(
            description=f"{track.action.what} ({track.action.who})",
            due=track.action.review_on,
            done=track.status == "done",
            carried_over=track.sessions_carried,
        )
        for track in case_tracks(records, case)
        if track.action.review_on is not None
    )
