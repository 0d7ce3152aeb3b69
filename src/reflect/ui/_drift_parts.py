"""Pieces of the case drift app: its extra styles, and the case's dated facts (the plan, its
actions, safety scores and referrals) as rows of labelled inputs. The checks themselves are
shown by reflect.ui._drift_checks."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Protocol

import ipywidgets as widgets

from reflect.model.drift import (
    CaseAction,
    CaseFacts,
    PlanType,
    SafetyScore,
)
from reflect.store import JSONValue
from reflect.ui._identifier_warning import IDENTIFIER_WARNING_CSS, IdentifierWarnings
from reflect.ui._theme import THEME_CLASS

_log = logging.getLogger(__name__)
_INITIAL = {"description_width": "initial"}
_AUTO = widgets.Layout(width="auto")
_START = widgets.Layout(width="auto", align_self="flex-start")  # a button, not a full-width bar

PLAN_TYPES: dict[PlanType, str] = {
    "child-protection": "Child protection plan",
    "child-in-need": "Child in need plan",
    "early-help": "Early help plan",
    "none": "No plan",
}

# Not in theme.css (owned elsewhere): carried by a hidden widget like the theme itself.
_CSS = """
.reflect-drift-stacked { flex-direction: column !important; align-items: stretch !important; }
.reflect-drift-stacked > :is(.widget-label, .jupyter-widget-label) { text-align: left;
  width: auto !important; max-width: 100%; margin: 0 0 0.25rem; font-weight: 600; }
.reflect-drift-row { gap: 0.25rem 1.5rem; }
.reflect-drift-score, .reflect-drift-referral { padding: 0.4rem 0;
  border-bottom: 1px solid #d6d9d2; }
.reflect-drift-badge { display: inline-block; padding: 0.15rem 0.7rem; border-radius: 999px;
  border: 2px solid currentColor; font-weight: 700; margin-right: 0.5rem; }
.reflect-drift-badge--on-track { background: #e8f3e8; color: #1f4d1f; }
.reflect-drift-badge--watch { background: #fff4d6; color: #5c4100; }
.reflect-drift-badge--drifting { background: #fde9dc; color: #8a2e0b; }
.reflect-drift-badge--serious { background: #a4262c; color: #ffffff; }
.reflect-drift-history { padding-left: 1.25rem; }
.reflect-drift-history summary { cursor: pointer; }
"""


def styles() -> widgets.HTML:
    """The drift app's few extra rules, in a widget that takes no room on the page."""
    carrier = widgets.HTML(value=f"<style>{_CSS}{IDENTIFIER_WARNING_CSS}</style>")
    carrier.add_class(THEME_CLASS)
    return carrier


def stack_label(field: widgets.Widget) -> widgets.Widget:
    """Put a control's label above it, so a long question does not squeeze the box."""
    field.add_class("reflect-drift-stacked")
    field.layout.width = "auto"  # 100% plus the widget's margin would overflow the card
    return field


def _row(*children: widgets.Widget) -> widgets.HBox:
    """Controls side by side, wrapping onto the next line on a narrow screen."""
    row = widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
    row.add_class("reflect-drift-row")
    return row


def parse_day(value: object) -> date | None:
    """A date saved as 'YYYY-MM-DD'; None for nothing or anything else (logged)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _log.warning("ignoring a saved date that is not YYYY-MM-DD: %r", value)
        return None


def _whole(value: object, low: int, high: int) -> int:
    number = value if isinstance(value, int) and not isinstance(value, bool) else low
    return min(max(number, low), high)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class Row(Protocol):
    """One row of a list of facts: its inputs, its Remove button and its saved form."""

    widget: widgets.Widget
    remove: widgets.Button
    inputs: tuple[widgets.Widget, ...]

    def number(self, position: int) -> None: ...
    def state(self) -> dict[str, JSONValue]: ...
    def load(self, saved: Mapping[str, object]) -> None: ...


class ActionRow:
    """An action of the plan: what, due when, done or not, and how often carried over."""

    def __init__(self) -> None:
        self.description = stack_label(widgets.Text(continuous_update=True, style=_INITIAL))
        self.warning = IdentifierWarnings(self.description)
        self.due = widgets.DatePicker(value=None, style=_INITIAL, layout=_AUTO)
        self.carried_over = widgets.BoundedIntText(
            value=0, min=0, max=99, style=_INITIAL, layout=widgets.Layout(width="18rem")
        )
        self.done = widgets.Checkbox(value=False, indent=False, layout=_AUTO)
        self.remove = widgets.Button(layout=_AUTO)
        self.inputs = (self.description, self.due, self.carried_over, self.done)
        controls = _row(self.due, self.carried_over, self.done, self.remove)
        self.widget = widgets.VBox([self.description, self.warning, controls])
        self.widget.add_class("reflect-card")
        self.widget.add_class("reflect-drift-action")

    def number(self, position: int) -> None:
        self.description.description = f"Action {position}"
        self.due.description = f"Action {position} due date"
        self.carried_over.description = f"Action {position} times carried over"
        self.done.description = f"Action {position} done"
        self.remove.description = f"Remove action {position}"

    def state(self) -> dict[str, JSONValue]:
        return {
            "description": self.description.value,
            "due": _iso(self.due.value),
            "done": bool(self.done.value),
            "carried_over": int(self.carried_over.value),
        }

    def load(self, saved: Mapping[str, object]) -> None:
        self.description.value = str(saved.get("description") or "")
        self.due.value = parse_day(saved.get("due"))
        self.done.value = saved.get("done") is True
        self.carried_over.value = _whole(saved.get("carried_over"), 0, 99)


class ScoreRow:
    """A Signs of Safety scaling score and the date of the session it was given at."""

    def __init__(self) -> None:
        self.on = widgets.DatePicker(value=None, style=_INITIAL, layout=_AUTO)
        self.score = widgets.BoundedIntText(
            value=0, min=0, max=10, style=_INITIAL, layout=widgets.Layout(width="20rem")
        )
        self.remove = widgets.Button(layout=_AUTO)
        self.inputs = (self.on, self.score)
        self.widget = _row(self.on, self.score, self.remove)
        self.widget.add_class("reflect-drift-score")

    def number(self, position: int) -> None:
        self.on.description = f"Safety score {position} date"
        self.score.description = f"Safety score {position} (0 to 10)"
        self.remove.description = f"Remove safety score {position}"

    def state(self) -> dict[str, JSONValue]:
        return {"on": _iso(self.on.value), "score": int(self.score.value)}

    def load(self, saved: Mapping[str, object]) -> None:
        self.on.value = parse_day(saved.get("on"))
        self.score.value = _whole(saved.get("score"), 0, 10)


class ReferralRow:
    """The date of a referral to children's social care."""

    def __init__(self) -> None:
        self.on = widgets.DatePicker(value=None, style=_INITIAL, layout=_AUTO)
        self.remove = widgets.Button(layout=_AUTO)
        self.inputs = (self.on,)
        self.widget = _row(self.on, self.remove)
        self.widget.add_class("reflect-drift-referral")

    def number(self, position: int) -> None:
        self.on.description = f"Referral {position} date"
        self.remove.description = f"Remove referral {position}"

    def state(self) -> dict[str, JSONValue]:
        return {"on": _iso(self.on.value)}

    def load(self, saved: Mapping[str, object]) -> None:
        self.on.value = parse_day(saved.get("on"))


class RowList:
    """Rows of one kind with an Add button; each row has its own Remove button."""

    def __init__(
        self,
        make_row: Callable[[], Row],
        add_label: str,
        on_change: Callable[[], None],
        guard: Callable[[Callable[..., Any]], Callable[..., Any]],
    ) -> None:
        self._make_row, self._on_change, self._guard = make_row, on_change, guard
        self.rows: list[Row] = []
        self.box = widgets.VBox([])
        self.add_button = widgets.Button(description=add_label, layout=_START)
        self.add_button.on_click(guard(lambda _button: self.add()))
        self.widget = widgets.VBox([self.box, self.add_button])

    def add(self, saved: Mapping[str, object] | None = None) -> Row:
        """A new row at the end (filled from `saved` if given); focus goes to its first input."""
        row = self._make_row()
        if saved is not None:
            row.load(saved)
        for control in row.inputs:
            control.observe(self._guard(lambda _change: self._on_change()), names="value")
        row.remove.on_click(self._guard(lambda _button: self.remove(row)))
        self.rows.append(row)
        self._show()
        if saved is None:
            row.inputs[0].focus()
            self._on_change()
        return row

    def remove(self, row: Row) -> None:
        self.rows.remove(row)
        self._show()
        self.add_button.focus()  # the button pressed has gone: keep the keyboard user in place
        self._on_change()

    def load(self, saved: object) -> None:
        """Replace every row with those saved (a list of dicts); anything else is skipped."""
        self.rows = []
        for one in saved if isinstance(saved, list) else []:
            if isinstance(one, dict):
                self.add(one)
        self._show()

    def state(self) -> list[JSONValue]:
        return [row.state() for row in self.rows]

    def _show(self) -> None:
        for position, row in enumerate(self.rows, start=1):
            row.number(position)
        self.box.children = tuple(row.widget for row in self.rows)


def facts_and_gaps(state: Mapping[str, Any]) -> tuple[CaseFacts, list[str]]:
    """The CaseFacts in a form's state, and what was left out of them for lack of a date."""
    gaps: list[str] = []
    actions = []
    for number, row in enumerate(state["actions"], start=1):
        due = parse_day(row["due"])
        if due is None:
            gaps.append(f"action {number} has no due date")
            continue
        actions.append(
            CaseAction(
                description=row["description"].strip(),
                due=due,
                done=row["done"],
                carried_over=row["carried_over"],
            )
        )
    scores = []
    for number, row in enumerate(state["safety_scale"], start=1):
        on = parse_day(row["on"])
        if on is None:
            gaps.append(f"safety score {number} has no date")
        else:
            scores.append(SafetyScore(on=on, score=row["score"]))
    referrals = []
    for number, row in enumerate(state["referrals"], start=1):
        on = parse_day(row["on"])
        if on is None:
            gaps.append(f"referral {number} has no date")
        else:
            referrals.append(on)
    facts = CaseFacts(
        plan_type=state["plan_type"],
        plan_start=parse_day(state["plan_start"]),
        last_review=parse_day(state["last_review"]),
        actions=tuple(actions),
        safety_scale=tuple(scores),
        referrals=tuple(referrals),
    )
    return facts, gaps


def facts_state(facts: CaseFacts) -> dict[str, JSONValue]:
    """The form's state that shows these facts (the shape saved in the workbook)."""
    saved: dict[str, JSONValue] = facts.model_dump(mode="json")
    saved["referrals"] = [{"on": day.isoformat()} for day in facts.referrals]
    return saved


class CaseFactsForm:
    """The case's dated facts as labelled inputs: the plan, its actions, the safety scale and
    the referrals. `on_change(callback)` hears every edit that is the user's."""

    def __init__(self, guard: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
        self._listeners: list[Callable[[], object]] = []
        self.loading = False
        self.plan_type = widgets.Dropdown(
            options=[(label, key) for key, label in PLAN_TYPES.items()],
            value="child-protection",
            description="Plan type",
            style=_INITIAL,
            layout=_AUTO,
        )
        self.plan_start = widgets.DatePicker(
            value=None, description="Plan start date", style=_INITIAL, layout=_AUTO
        )
        self.last_review = widgets.DatePicker(
            value=None, description="Last review conference", style=_INITIAL, layout=_AUTO
        )
        self.actions = RowList(ActionRow, "Add action", self._changed, guard)
        self.scores = RowList(ScoreRow, "Add safety score", self._changed, guard)
        self.referrals = RowList(ReferralRow, "Add referral", self._changed, guard)
        for control in (self.plan_type, self.plan_start, self.last_review):
            control.observe(guard(lambda _change: self._changed()), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HTML("<h2>The plan</h2>"),
                _row(self.plan_type, self.plan_start, self.last_review),
                widgets.HTML(
                    "<h3>Actions in the plan</h3><p>Each action with its due date; tick it "
                    "when done, and count the reviews it was carried over from.</p>"
                ),
                self.actions.widget,
                widgets.HTML(
                    "<h3>Safety scale scores</h3><p>The Signs of Safety score (0: the child "
                    "cannot stay at home, 10: safe) given at each session, with its date.</p>"
                ),
                self.scores.widget,
                widgets.HTML("<h3>Referrals to children's social care</h3>"),
                self.referrals.widget,
            ]
        )
        self.widget.add_class("reflect-drift-facts")

    def on_change(self, callback: Callable[[], object]) -> None:
        self._listeners.append(callback)

    def state(self) -> dict[str, JSONValue]:
        """What the workbook keeps: the facts' shape, with rows still missing a date."""
        return {
            "plan_type": str(self.plan_type.value),
            "plan_start": _iso(self.plan_start.value),
            "last_review": _iso(self.last_review.value),
            "actions": self.actions.state(),
            "safety_scale": self.scores.state(),
            "referrals": self.referrals.state(),
        }

    def load(self, saved: object) -> None:
        """Show a saved state; a hand-edited or older one shows what can be read of it."""
        state = saved if isinstance(saved, dict) else {}
        self.loading = True
        try:
            plan_type = state.get("plan_type")
            self.plan_type.value = plan_type if plan_type in PLAN_TYPES else "child-protection"
            self.plan_start.value = parse_day(state.get("plan_start"))
            self.last_review.value = parse_day(state.get("last_review"))
            self.actions.load(state.get("actions"))
            self.scores.load(state.get("safety_scale"))
            self.referrals.load(state.get("referrals"))
        finally:
            self.loading = False

    def facts(self) -> tuple[CaseFacts, list[str]]:
        """The facts as the check sees them, and the rows it leaves out for lack of a date."""
        return facts_and_gaps(self.state())

    def _changed(self) -> None:
        if self.loading:
            return
        for listener in self._listeners:
            listener()
