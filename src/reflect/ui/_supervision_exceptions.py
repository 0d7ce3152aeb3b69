"""Confidentiality exceptions raised in a session: the policy's list to choose from, and for each
one raised the escalation tool's route ('to the line manager at once', the same card the
escalation app shows), the steps in order with the supervisee told first where the policy says
so, and who was told when. The route and the steps are
reflect.model.supervision_confidentiality's."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import ipywidgets as widgets

from reflect.model.escalation import EscalationFramework
from reflect.model.supervision_confidentiality import (
    ConfidentialityList,
    PolicyException,
    raise_exception,
    recorded_problems,
)
from reflect.model.supervision_record import RaisedException
from reflect.store import JSONValue
from reflect.ui._drift_parts import parse_day
from reflect.ui._escalation_parts import route_html
from reflect.ui._identifier_warning import IdentifierWarnings
from reflect.ui._supervision_widgets import (
    INITIAL,
    button,
    date_box,
    esc,
    iso_day,
    row,
    stacked,
    text_box,
)

Guard = Callable[[Callable[..., Any]], Callable[..., Any]]


class RaisedBlock:
    """One exception raised: what it sets off, and the dates the record keeps."""

    def __init__(
        self,
        exception: PolicyException,
        policy: str,
        escalation: EscalationFramework,
        raised_on: date,
    ) -> None:
        self.exception, self.policy, self.escalation = exception, policy, escalation
        name = exception.name
        self.raised_on = date_box(f"Date “{name}” was raised", raised_on)
        self.supervisee_told_on = date_box("Date the supervisee was told")
        self.line_manager_told_on = date_box("Date the line manager was told")
        self.note = text_box(f"What was said and done about “{name}”", rows=3)
        self.remove = button(f"Remove “{name}” (raised by mistake)")
        self.route = widgets.HTML()
        self.problems = widgets.HTML()
        self.inputs = (
            self.raised_on,
            self.supervisee_told_on,
            self.line_manager_told_on,
            self.note,
        )
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<h4>{esc(name)}</h4>"),
                self.route,
                self.raised_on,
                row(self.supervisee_told_on, self.line_manager_told_on),
                self.note,
                IdentifierWarnings(self.note),
                self.problems,
                row(self.remove),
            ]
        )
        self.widget.add_class("reflect-sv-item")
        self.refresh()

    def state(self) -> dict[str, JSONValue]:
        return {
            "exception_id": self.exception.id,
            "policy": self.policy,
            "raised_on": iso_day(self.raised_on.value),
            "supervisee_told_on": iso_day(self.supervisee_told_on.value),
            "line_manager_told_on": iso_day(self.line_manager_told_on.value),
            "note": str(self.note.value).strip(),
        }

    def load(self, saved: Mapping[str, object]) -> None:
        self.raised_on.value = parse_day(saved.get("raised_on")) or self.raised_on.value
        self.supervisee_told_on.value = parse_day(saved.get("supervisee_told_on"))
        self.line_manager_told_on.value = parse_day(saved.get("line_manager_told_on"))
        self.note.value = str(saved.get("note") or "")

    def refresh(self) -> None:
        """The route and steps for the date raised, and what the record still lacks."""
        raised_on = self.raised_on.value
        if raised_on is None:
            self.route.value = "<p>Choose the date it was raised.</p>"
            self.problems.value = ""
            return
        outcome = raise_exception(self.exception, raised_on, self.escalation)
        card = (
            route_html(outcome.route, self.escalation.default_ladder, raised_on)
            if outcome.route is not None
            else ""
        )
        first = (
            '<p class="reflect-sv-note"><strong>This policy has the supervisee told first</strong>,'
            " before the line manager.</p>"
            if outcome.tell_supervisee_first
            else ""
        )
        steps = "".join(f"<li>{esc(step)}</li>" for step in outcome.steps)
        self.route.value = (
            f"{first}{card}<h5>What to do, in order</h5><ol>{steps}</ol>"
            '<p>To follow it up as a concern, open the <a href="escalation.ipynb" '
            'target="_blank" rel="noopener">escalation app</a>.</p>'
        )
        raised = RaisedException.model_validate(self.state())
        found = recorded_problems(raised, self.exception)
        self.problems.value = (
            '<div class="reflect-sv-alert" role="status"><p><strong>Not yet done as the policy '
            f"says:</strong></p><ul>{''.join(f'<li>{esc(one)}</li>' for one in found)}</ul></div>"
            if found
            else '<p role="status">Recorded as the policy says.</p>'
        )


class ExceptionsView:
    """The exceptions to confidentiality raised in one session, under its policy's list."""

    def __init__(
        self,
        escalation: EscalationFramework,
        lists: Callable[[str], ConfidentialityList],
        guard: Guard,
    ) -> None:
        self.escalation, self.lists, self._guard = escalation, lists, guard
        self.listing: ConfidentialityList | None = None
        self.held_on: Callable[[], date] = date.today
        self._listeners: list[Callable[[], object]] = []
        self.blocks: list[RaisedBlock] = []
        self._unread: list[JSONValue] = []  # raised under a list this page cannot show: kept
        self.choice = widgets.Dropdown(
            description="Exception raised", style=INITIAL, layout=widgets.Layout(width="auto")
        )
        self.raise_button = button("Record that it was raised", primary=True)
        self.intro = widgets.HTML()
        self.box = widgets.VBox([])
        self.raise_button.on_click(guard(lambda _b: self.raise_chosen()))
        stacked(self.choice)
        self.widget = widgets.VBox([self.intro, self.box, self.choice, row(self.raise_button)])

    def on_change(self, callback: Callable[[], object]) -> None:
        self._listeners.append(callback)

    def set_listing(self, listing: ConfidentialityList) -> None:
        self.listing = listing
        self.choice.options = [("Choose one", "")] + [
            (item.name, item.id) for item in listing.items
        ]
        self.choice.value = ""
        self.intro.value = (
            "<h3>Could anything discussed not stay confidential?</h3>"
            f"<p>The list of {esc(listing.title)}. Record each one raised in this session: "
            "it goes to the line manager at once, never waiting for the next session.</p>"
        )

    def load(self, saved: object) -> None:
        self.blocks, self._unread = [], []
        for one in saved if isinstance(saved, list) else []:
            if not isinstance(one, dict):
                continue
            if self._add(str(one.get("exception_id")), str(one.get("policy") or ""), one) is None:
                self._unread.append(one)
        self._show()

    def state(self) -> list[JSONValue]:
        return [*self._unread, *(block.state() for block in self.blocks)]

    def raise_chosen(self) -> RaisedBlock | None:
        """Record that the exception chosen was raised, on the session's date."""
        if self.listing is None or not self.choice.value:
            return None
        block = self._add(str(self.choice.value), self.listing.policy, None)
        self._show()
        self._changed()
        return block

    def _add(
        self, exception_id: str, policy: str, saved: Mapping[str, object] | None
    ) -> RaisedBlock | None:
        if self.listing is None:
            return None
        policy = policy or self.listing.policy
        try:
            exception = self.lists(policy).item(exception_id)
        except KeyError:
            return None
        block = RaisedBlock(exception, policy, self.escalation, self.held_on())
        if saved is not None:
            block.load(saved)
            block.refresh()
        for control in block.inputs:
            control.observe(self._guard(lambda _c, b=block: self._edited(b)), names="value")
        block.remove.on_click(self._guard(lambda _b, b=block: self._remove(b)))
        self.blocks.append(block)
        return block

    def _remove(self, block: RaisedBlock) -> None:
        self.blocks.remove(block)
        self._show()
        self.raise_button.focus()
        self._changed()

    def _edited(self, block: RaisedBlock) -> None:
        block.refresh()
        self._changed()

    def _show(self) -> None:
        self.box.children = tuple(block.widget for block in self.blocks)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()
