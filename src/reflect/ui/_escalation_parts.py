"""Pieces of the escalation app: the route and record as HTML, saved answers, and the view that
records a professional difference's climb up the ladder."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from reflect.errors import ScenarioError, StoreError
from reflect.layout import Escalation, Prefix
from reflect.model.dates import long_date, weekday_date
from reflect.model.escalation import (
    EscalationAnswers,
    EscalationFramework,
    EscalationRecord,
    EscalationRoute,
    Ladder,
    LadderStage,
    stage_to_start,
)
from reflect.store import JSONValue, Store
from reflect.ui._components import AutosavedText, ErrorPanel, bullet_list, set_status, status_line
from reflect.ui._identifier_warning import IDENTIFIER_WARNING_CSS, IdentifierWarnings
from reflect.ui._lean import own_layout
from reflect.ui._theme import THEME_CLASS

_INITIAL = {"description_width": "initial"}
# Not in theme.css (owned elsewhere): carried by a hidden widget like the theme itself.
_CSS = """
.reflect-escalation-now { border-left: 6px solid var(--reflect-error, #a4262c);
  background: #fdf4f4; }
.reflect-escalation-hint { color: var(--reflect-muted, #4b5563); margin: 0 0 0.5rem 1.8rem; }
.reflect-escalation-record { border-collapse: collapse; width: 100%; }
.reflect-escalation-record th, .reflect-escalation-record td { text-align: left;
  vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid #d6d9d2; }
.reflect-escalation-overdue { color: var(--reflect-error, #a4262c); font-weight: 700; }
"""


def styles() -> widgets.HTML:
    """The escalation app's few extra rules, in a widget that takes no room on the page."""
    carrier = widgets.HTML(value=f"<style>{_CSS}{IDENTIFIER_WARNING_CSS}</style>")
    carrier.add_class(THEME_CLASS)
    return carrier


def checkbox(description: str) -> widgets.Checkbox:
    """An unticked box labelled by its description, the label beside it at its full length."""
    return widgets.Checkbox(
        value=False,
        description=description,
        indent=False,
        style=_INITIAL,
        layout=widgets.Layout(width="auto", max_width="100%"),
    )


def _esc(text: object) -> str:
    return html.escape(str(text))


def _due_line(stage: LadderStage, due: date | None, raised_on: date) -> str:
    if due is None or stage.timescale_working_days is None:
        return "the ladder sets no timescale for this stage; agree one when you raise it"
    days = stage.timescale_working_days
    return (
        f"{weekday_date(due)}: {days} working day{'s' if days != 1 else ''} from "
        f"{weekday_date(raised_on)}, not counting weekends and bank holidays"
    )


def route_html(route: EscalationRoute, ladder: Ladder, raised_on: date) -> str:
    """The route as a card: a prominent 'line manager now' panel, a ladder stage, or nothing."""
    reasons = f"<h3>Why</h3>{bullet_list(route.reasons)}"
    stage_part = ""
    if route.stage is not None:
        stage = route.stage
        stage_part = (
            f"<p><strong>Stage {stage.number} of {len(ladder.stages)} of the "
            f"{_esc(ladder.name)} ladder: {_esc(stage.name)}.</strong></p>"
            f"<p><strong>Who to contact:</strong> {_esc(stage.who)}</p>"
            f"<p><strong>Due by:</strong> {_esc(_due_line(stage, route.stage_due, raised_on))}</p>"
        )
    if route.kind == "line-manager-now":
        assert route.due is not None
        then = f"<h3>Then, for the professional difference</h3>{stage_part}" if stage_part else ""
        return (
            '<div class="reflect-card reflect-escalation-route reflect-escalation-now" '
            'role="alert"><h2>Tell your line manager today</h2>'
            f"<p><strong>Act now: contact your line manager today, {weekday_date(route.due)}. "
            "Do not wait for the next supervision session.</strong></p>"
            f"{then}{reasons}</div>"
        )
    if route.kind == "ladder":
        return (
            '<div class="reflect-card reflect-escalation-route">'
            f"<h2>Next step: the escalation ladder</h2>{stage_part}{reasons}</div>"
        )
    return (
        '<div class="reflect-card reflect-escalation-route"><h2>Nothing to escalate</h2>'
        f"{reasons}</div>"
    )


def ladder_error_html(error: ScenarioError, ladder_in_use: str) -> str:
    """What was wrong with an uploaded ladder, problem by problem (file, line, field, what)."""
    return (
        f'<div role="alert"><p><strong>The ladder in {_esc(error.file)} was not loaded</strong>; '
        f"the {_esc(ladder_in_use)} ladder is still used. Correct these and load it again:</p>"
        f"{bullet_list(str(problem) for problem in error.problems)}</div>"
    )


def answers_value(answers: EscalationAnswers) -> dict[str, JSONValue]:
    """The answers as saved: plain JSON in a fixed order, so unchanged answers are not resaved."""
    return {
        "raised_on": answers.raised_on.isoformat(),
        "exceptions": [str(item) for item in sorted(answers.exceptions)],
        "professional_disagreement": answers.professional_disagreement,
        "child_at_immediate_risk": answers.child_at_immediate_risk,
        "stage_reached": answers.stage_reached,
    }


def saved_answers(value: JSONValue) -> EscalationAnswers | None:
    """The answers saved earlier, or None for nothing saved (or a value this version can't read)."""
    try:
        return EscalationAnswers.model_validate(value) if isinstance(value, dict) else None
    except ValidationError:
        return None


def record_html(record: EscalationRecord | None, ladder: Ladder, today: date) -> str:
    """Every stage worked through, with its dates and whether it is overdue, resolved or open."""
    if record is None or not record.entries:
        return "<p>No ladder stage has been started for this concern yet.</p>"
    overdue = set(record.overdue(today))
    rows = []
    for index, entry in enumerate(record.entries):
        name = ladder.stage(entry.stage).name if entry.stage <= len(ladder.stages) else ""
        if entry.resolved:
            status = "Resolved"
        elif entry in overdue:
            status = '<span class="reflect-escalation-overdue">Overdue</span>'
        elif index < len(record.entries) - 1:
            status = f"Moved up to stage {record.entries[index + 1].stage}"
        else:
            status = "Open"
        rows.append(
            f"<tr><td>{entry.stage}{': ' + _esc(name) if name else ''}</td>"
            f"<td>{weekday_date(entry.started_on)}</td>"
            f"<td>{weekday_date(entry.due) if entry.due else 'No timescale'}</td>"
            f"<td>{_esc(entry.outcome) or 'Not recorded yet'}</td><td>{status}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{title}</th>'
        for title in ("Stage", "Started", "Due", "Outcome", "Status")
    )
    return (
        '<table class="reflect-escalation-record"><caption>Stages worked through, '
        f"as of {weekday_date(today)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


class StageProgressView:
    """The record of one professional difference: start a stage, write its outcome (autosaved),
    mark it resolved. Saves the stages under (tool, layout.Escalation.progress(prefix)) and each
    outcome under (tool, layout.Escalation.outcome(prefix, stage)); the decisions (due dates,
    overdue) are the model's."""

    def __init__(
        self,
        framework: EscalationFramework,
        *,
        delay: float | None = None,
        today: Callable[[], date] = date.today,
        errors: ErrorPanel | None = None,
    ) -> None:
        self.framework = framework
        self.ladder = framework.default_ladder
        self.today = today
        self.errors = errors or ErrorPanel()
        self.raised_on = today()
        self.first_stage: int | None = None  # where the route says the climb begins
        self._store: Store | None = None
        self._tool, self._prefix = Escalation.TOOL, Prefix("")
        self._record: EscalationRecord | None = None  # stages as saved, outcomes of past ones
        self._loading = False
        self.table = widgets.HTML()
        self.outcome = AutosavedText(
            "Outcome of stage 1",
            placeholder="What was agreed or said, and the next step with its date.",
            rows=4,
            delay=delay,
        )
        self.outcome_warnings = IdentifierWarnings(self.outcome.box)
        self.resolved = checkbox("Stage 1 resolved the concern")
        # Hidden and shown as stages start and end: a Layout of its own, never the shared one.
        self.current_box = widgets.VBox(
            [self.outcome, self.outcome_warnings, self.resolved], layout=own_layout()
        )
        self.start_on = widgets.DatePicker(
            description="Day the next stage starts", value=self.raised_on, style=_INITIAL
        )
        self.start_button = widgets.Button(
            description="Start stage 1", button_style="primary", layout=widgets.Layout(width="auto")
        )
        self.hint = widgets.HTML()
        self.status = status_line()
        intro = widgets.HTML(
            "<h2>Progress up the ladder</h2><p>Record each stage as it happens: when it "
            "started, what was agreed, and whether it settled the difference.</p>"
        )
        starter = widgets.HBox(
            [self.start_on, self.start_button], layout=widgets.Layout(flex_flow="row wrap")
        )
        self.widget = widgets.VBox(
            [intro, self.table, self.current_box, starter, self.hint, self.status]
        )
        self.widget.add_class("reflect-card")
        self.start_button.on_click(self.errors.guard(lambda _button: self.start()))
        self.resolved.observe(self.errors.guard(self._resolved_changed), names="value")
        self.outcome.box.observe(self.errors.guard(lambda _change: self.refresh()), names="value")
        self.refresh()

    def bind(self, store: Store, tool: str, prefix: str) -> None:
        """Show the record saved under (tool, prefix) and save there from now on."""
        if not self.outcome.flush():
            raise StoreError("your last outcome could not be saved, so this concern stays open")
        self._store, self._tool, self._prefix = store, tool, Prefix(prefix)
        self._record = self._load(store)
        self._bind_current()
        self.start_on.value = self._default_start()
        self.refresh()

    def flush(self) -> bool:
        return self.outcome.flush()

    def follow_route(self, route: EscalationRoute | None, raised_on: date | None) -> None:
        """The check's latest route: its stage is where a record with no stages begins."""
        self.first_stage = route.stage.number if route and route.stage else None
        if raised_on is not None and raised_on != self.raised_on:
            self.raised_on = raised_on
            self.start_on.value = self._default_start()
        self.refresh()

    def set_ladder(self, ladder: Ladder) -> None:
        self.ladder = ladder
        self.refresh()

    def record(self) -> EscalationRecord | None:
        """The record as the page shows it, with the outcome being typed."""
        record = self._record
        if record is None or record.current is None:
            return record
        return record.record_outcome(self.outcome.value, resolved=record.current.resolved)

    def next_stage_number(self) -> int | None:
        """The stage the Start button starts: the route's stage first, then the model's next."""
        return stage_to_start(self.record(), self.ladder, self.first_stage)

    def start(self) -> EscalationRecord:
        """Start the next stage on the chosen day, due as the ladder's timescale says."""
        number = self.next_stage_number()
        if number is None:
            raise ValueError("there is no ladder stage to start for this concern")
        on = self.start_on.value or self.today()
        base = self.record() or EscalationRecord(raised_on=self.raised_on)
        try:
            started = base.start_stage(self.ladder, number, on)
        except ValidationError as error:
            reason = error.errors()[0]["msg"].removeprefix("Value error, ")
            raise ValueError(f"stage {number} cannot start on {long_date(on)}: {reason}") from None
        self._save(started)
        self._record = started
        self._bind_current()
        self.start_on.value = self._default_start()
        self.refresh()
        return started

    def refresh(self) -> None:
        record = self.record()
        self.table.value = record_html(record, self.ladder, self.today())
        current = record.current if record else None
        self.current_box.layout.display = None if current else "none"
        if current is not None:
            self.outcome.box.description = f"Outcome of stage {current.stage}"
            self.resolved.description = f"Stage {current.stage} resolved the concern"
        number = self.next_stage_number()
        self.start_button.disabled = number is None
        if number is not None and number <= len(self.ladder.stages):
            self.start_button.description = (
                f"Start stage {number}: {self.ladder.stage(number).name}"
            )
            self.start_on.description = f"Day stage {number} starts"
            self.hint.value = ""
        else:
            self.start_button.description = "Start a stage"
            self.hint.value = f"<p>{self._why_no_stage(record)}</p>"

    @staticmethod
    def _why_no_stage(record: EscalationRecord | None) -> str:
        if record is not None and record.resolved:
            return "This concern is resolved."
        if record is not None and record.entries:
            return "The top of the ladder has been reached."
        return "Tick “Professionals disagree about the child's safety” to use the ladder."

    def _resolved_changed(self, change: Mapping[str, Any]) -> None:
        record = self.record()
        if self._loading or record is None or record.current is None:
            return
        changed = record.record_outcome(self.outcome.value, resolved=bool(change["new"]))
        self._save(changed)
        self._record = changed
        self.refresh()

    def _default_start(self) -> date:
        record = self._record
        return self.raised_on if record is None or not record.entries else self.today()

    def _bind_current(self) -> None:
        current = self._record.current if self._record else None
        self._loading = True
        try:
            self.resolved.value = bool(current and current.resolved)
            if current is not None and self._store is not None:
                self.outcome.bind(
                    self._store, self._tool, Escalation.outcome(self._prefix, current.stage)
                )
        finally:
            self._loading = False

    def _load(self, store: Store) -> EscalationRecord | None:
        saved = store.latest(self._tool, Escalation.progress(self._prefix))
        if saved is None or not isinstance(saved.value, dict):
            return None
        entries = saved.value.get("entries")
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("stage"), int):
                outcome = store.latest(
                    self._tool, Escalation.outcome(self._prefix, int(str(entry["stage"])))
                )
                entry["outcome"] = str(outcome.value) if outcome and outcome.value else ""
        try:
            return EscalationRecord.model_validate(saved.value)
        except ValidationError as error:
            raise StoreError(
                f"the saved progress of this concern cannot be read: {error}"
            ) from None

    def _save(self, record: EscalationRecord) -> None:
        """Save the stages (their outcomes are saved by their own text boxes)."""
        if self._store is None:
            return
        value = record.model_dump(mode="json", exclude={"entries": {"__all__": {"outcome"}}})
        try:
            revision = self._store.save(self._tool, Escalation.progress(self._prefix), value)
        except Exception as error:
            set_status(self.status, f"Progress not saved: {error}")
            raise
        set_status(self.status, f"Progress saved at {revision.saved_at.astimezone():%H:%M:%S}")
