"""The balance of supervision's functions over time: the agenda items of the last sessions
counted per Morrison function, and a flag when the managerial function has crowded out the
others for several sessions in a row.

The flag: in each of the latest `sessions_in_a_row` sessions with tagged agenda items, more
than `share_above` of the items served the watched function (management). A session with no
tagged items says nothing either way, so it neither counts nor breaks a run. 001 quotes the
Munro review on exactly this; 002 asks for the balance 'not always within one session, but
certainly over the entire supervision process'. The figures (more than 60%, three sessions)
are our choice, not the policies'.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import Field

from reflect.model._base import Source, StrictModel
from reflect.model.dates import date_list
from reflect.model.supervision import FUNCTION_IDS, FunctionId
from reflect.model.supervision_agreement import SessionFormat
from reflect.model.supervision_record import SessionRecord, sessions_of


class BalanceRule(StrictModel):
    """When one function has crowded out the others, and where the concern comes from."""

    function: FunctionId = Field(default="management", description="The function watched.")
    share_above: float = Field(
        default=0.6, gt=0, lt=1, description="A session is crowded above this share of items."
    )
    sessions_in_a_row: int = Field(default=3, ge=2, description="Crowded sessions in a row.")
    last_sessions: int = Field(default=6, ge=1, description="How many sessions to show.")
    warning: str = Field(min_length=1, description="What the flag says, in our words.")
    quote: str = Field(min_length=1, description="The policy's quotation behind the concern.")
    threshold_note: str = Field(min_length=1, description="Where the figures come from.")
    source: Source = Field(description="Where the quotation is.")
    see_also: tuple[Source, ...] = Field(default=(), description="Other policies saying so.")


class SessionBalance(StrictModel):
    """One session's agenda items, counted per function."""

    held_on: date = Field(description="When it was held.")
    format: SessionFormat = Field(description="One-to-one or group.")
    counts: dict[FunctionId, int] = Field(description="Items per Morrison function (all four).")
    crowded: bool = Field(description="The watched function's share is over the threshold.")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, function: FunctionId) -> float | None:
        return self.counts[function] / self.total if self.total else None


class Balance(StrictModel):
    """A supervisee's last sessions, function by function, and whether one crowds the rest."""

    supervisee: str = Field(description="Whom it is about.")
    rule: BalanceRule = Field(description="The rule applied.")
    sessions: tuple[SessionBalance, ...] = Field(description="Tagged sessions, oldest first.")
    untagged: int = Field(ge=0, description="Sessions among the last with no tagged items.")
    run: tuple[date, ...] = Field(description="The latest sessions crowded in a row.")

    @property
    def crowded_out(self) -> bool:
        """The flag: the latest sessions_in_a_row tagged sessions were all crowded."""
        return len(self.run) >= self.rule.sessions_in_a_row

    @property
    def totals(self) -> dict[FunctionId, int]:
        return {f: sum(s.counts[f] for s in self.sessions) for f in FUNCTION_IDS}

    def rows(self, names: dict[FunctionId, str]) -> tuple[tuple[str, ...], ...]:
        """The figures as a table (a heading row, a row per session, a total row), for the
        chart's accessible twin: session date, items per function, total, watched share."""
        watched = names[self.rule.function]
        heading = ("Session", *(names[f] for f in FUNCTION_IDS), "Total", f"{watched} share")
        body = [
            (
                session.held_on.isoformat(),
                *(str(session.counts[f]) for f in FUNCTION_IDS),
                str(session.total),
                _percent(session.share(self.rule.function)),
            )
            for session in self.sessions
        ]
        totals = self.totals
        whole = sum(totals.values())
        total_row = (
            "All shown",
            *(str(totals[f]) for f in FUNCTION_IDS),
            str(whole),
            _percent(totals[self.rule.function] / whole if whole else None),
        )
        return (heading, *body, total_row) if body else (heading,)

    def text(self, names: dict[FunctionId, str]) -> str:
        """The flag in plain words, or what was found."""
        watched = names[self.rule.function]
        if not self.sessions:
            return "No agenda items are tagged with a function yet."
        if self.crowded_out:
            return (
                f"{self.rule.warning} {watched} took more than "
                f"{_percent(self.rule.share_above)} of the items in each of the last "
                f"{len(self.run)} sessions ({date_list(self.run)})."
            )
        return (
            f"No function has crowded out the others: {watched} was more than "
            f"{_percent(self.rule.share_above)} of the items in "
            f"{sum(s.crowded for s in self.sessions)} of the {len(self.sessions)} sessions shown."
        )


def balance(records: Iterable[SessionRecord], supervisee: str, rule: BalanceRule) -> Balance:
    """The supervisee's last `rule.last_sessions` sessions, counted per function."""
    last = sessions_of(records, supervisee)[-rule.last_sessions :]
    counted: list[SessionBalance] = []
    for session in last:
        counts = dict.fromkeys(FUNCTION_IDS, 0)
        for record in session.records:
            for item in record.agenda:
                counts[item.function] += 1
        total = sum(counts.values())
        if total:
            crowded = counts[rule.function] / total > rule.share_above
            counted.append(
                SessionBalance(
                    held_on=session.held_on, format=session.format, counts=counts, crowded=crowded
                )
            )
    run: list[date] = []
    for tagged in reversed(counted):
        if not tagged.crowded:
            break
        run.insert(0, tagged.held_on)
    return Balance(
        supervisee=supervisee,
        rule=rule,
        sessions=tuple(counted),
        untagged=len(last) - len(counted),
        run=tuple(run),
    )


def _percent(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)}%"
