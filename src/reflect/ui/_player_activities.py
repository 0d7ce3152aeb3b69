"""The activities of a scenario chapter as views: spot the indicators, a question, and the
drift, escalation and Gibbs tools embedded. Each saves its state under (tool, prefix + "state") and
counts as attempted once the trainee has checked an answer (or finished writing) at least once.
Every judgement shown comes from the model: Chapter.mark_spotting, Question.correct_options,
the drift assessment, the escalation route; the view only compares and displays."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import ipywidgets as widgets

from reflect.model.drift import DriftAssessment, DriftFramework
from reflect.model.escalation import EscalationFramework
from reflect.model.gibbs import GibbsCycle
from reflect.model.scenario import Chapter, DriftCheck, EscalationCheck, GibbsReflection, Question
from reflect.model.scenario import SpotIndicators as SpotIndicatorsActivity
from reflect.store import JSONInput, JSONValue, Store
from reflect.ui._components import ErrorPanel, set_status, status_line
from reflect.ui._markdown import render_markdown
from reflect.ui._player_parts import (
    LEVEL_NAMES,
    ROUTE_NAMES,
    comparison_html,
    event_label,
    feedback_html,
    question_result_html,
    spot_result_html,
)
from reflect.ui.drift import DriftCheckView
from reflect.ui.escalation import EscalationCheckView
from reflect.ui.gibbs import GibbsCycleView

STATE = "state"
_INITIAL = {"description_width": "initial"}


def _auto() -> widgets.Layout:
    # A Layout of its own for every widget: hiding one (layout.display) must not hide others.
    # Not stretched across the column: a button as wide as the page reads as a banner.
    return widgets.Layout(width="auto", max_width="100%", align_self="flex-start")


def _positions(value: object) -> list[int]:
    """Saved positions, keeping only whole numbers (a hand-edited workbook may hold anything)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, int) and not isinstance(item, bool)]


class ActivityView:
    """What every activity shares: a heading and prompt, a status line, a result area, the
    state saved in the workbook and the news that it has been attempted."""

    def __init__(self, heading: str, prompt: str) -> None:
        # In the activity's own card: a failure shows where the trainee was acting.
        self.errors = ErrorPanel()
        self.attempted = False
        self.heading = widgets.HTML(f"<h3>{html.escape(heading)}</h3>{render_markdown(prompt)}")
        self.status = status_line()
        self.result = widgets.HTML()
        self.result.add_class("reflect-activity-result")
        self._store: Store | None = None
        self._tool, self._item = "", ""
        self._listeners: list[Callable[[], object]] = []
        self.widget = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.widget.add_class("reflect-card")
        self.widget.add_class("reflect-activity")

    def on_attempt(self, callback: Callable[[], object]) -> None:
        """Hear every time the trainee checks an answer."""
        self._listeners.append(callback)

    def bind(self, store: Store, tool: str, prefix: str) -> None:
        """Show what was saved under (tool, prefix) and save there from now on."""
        saved = store.latest(tool, f"{prefix}{STATE}")
        self._store, self._tool, self._item = store, tool, f"{prefix}{STATE}"
        state = saved.value if saved is not None and isinstance(saved.value, dict) else {}
        self.attempted = bool(state.get("attempted"))
        self.restore(state)

    def restore(self, state: Mapping[str, JSONValue]) -> None:
        """Show a saved state (the subclass's own keys)."""

    def flush(self) -> bool:
        """Save anything typed and still waiting; False if it could not be saved."""
        return True

    def save(self, **values: JSONInput) -> None:
        """Save the activity's state (its own keys, and `attempted` unless given)."""
        if self._store is None:
            return
        self._store.save(self._tool, self._item, {"attempted": self.attempted, **values})

    def mark_attempted(self) -> None:
        """Count the activity as tried (once its answer is saved) and tell the listeners."""
        self.attempted = True
        for listener in self._listeners:
            listener()

    def show_parts(self, *parts: widgets.Widget) -> None:
        """The card: heading and prompt, the activity's own parts, then status, result, errors."""
        self.widget.children = (self.heading, *parts, self.status, self.result, self.errors)


class _ChoiceActivity(ActivityView):
    """Choose, check, see feedback; the choices are then fixed until 'change' is pressed."""

    check_label = "Check my choices"
    change_label = "Change my choices"
    nothing_chosen = "Choose at least one first."

    def __init__(self, heading: str, prompt: str) -> None:
        super().__init__(heading, prompt)
        self.checked = False
        self._loading = False
        self.check_button = widgets.Button(
            description=self.check_label, button_style="primary", layout=_auto()
        )
        self.change_button = widgets.Button(description=self.change_label, layout=_auto())
        self.check_button.on_click(self.errors.guard(lambda _: self.check()))
        self.change_button.on_click(self.errors.guard(lambda _: self.change()))

    def controls(self) -> list[widgets.ValueWidget]:
        raise NotImplementedError

    def chosen(self) -> list[int]:
        raise NotImplementedError

    def show_chosen(self, chosen: list[int]) -> None:
        raise NotImplementedError

    def result_html(self, chosen: list[int]) -> str:
        raise NotImplementedError

    def assemble(self, *parts: widgets.Widget) -> None:
        buttons = widgets.HBox([self.check_button, self.change_button])
        self.show_parts(*parts, buttons)
        for control in self.controls():
            control.observe(self.errors.guard(self._changed), names="value")
        self._show_checked(False)

    def check(self) -> None:
        """Mark the choices: show the feedback and fix them until changed."""
        chosen = self.chosen()
        if not chosen:
            set_status(self.status, self.nothing_chosen)
            return
        self.save(attempted=True, chosen=chosen, checked=True)
        self.mark_attempted()
        self._show_checked(True)
        set_status(self.status, "")

    def change(self) -> None:
        """Let the trainee change their choices; the feedback goes until they check again."""
        self.save(chosen=self.chosen(), checked=False)
        self._show_checked(False)

    def restore(self, state: Mapping[str, JSONValue]) -> None:
        self._loading = True
        try:
            self.show_chosen(_positions(state.get("chosen")))
        finally:
            self._loading = False
        self._show_checked(bool(state.get("checked")) and bool(self.chosen()))

    def _show_checked(self, checked: bool) -> None:
        self.checked = checked
        for control in self.controls():
            control.disabled = checked
        self.check_button.layout.display = "none" if checked else None
        self.change_button.layout.display = None if checked else "none"
        self.result.value = self.result_html(self.chosen()) if checked else ""

    def _changed(self, _change: Mapping[str, Any]) -> None:
        if not self._loading:
            self.save(chosen=self.chosen(), checked=False)


class SpotIndicatorsView(_ChoiceActivity):
    """Each event of the chapter as a checkbox; checking marks them with Chapter.mark_spotting."""

    def __init__(self, chapter: Chapter, activity: SpotIndicatorsActivity) -> None:
        super().__init__("Spot the warning signs", activity.prompt)
        self.chapter, self.activity = chapter, activity
        self.boxes = [
            widgets.Checkbox(
                value=False, description=event_label(event), indent=False, layout=_auto()
            )
            for event in chapter.events
        ]
        hint = widgets.HTML("<p>Tick each event you think is a warning sign.</p>")
        self.assemble(hint, *self.boxes)

    def controls(self) -> list[widgets.ValueWidget]:
        return list(self.boxes)

    def chosen(self) -> list[int]:
        return [index for index, box in enumerate(self.boxes) if box.value]

    def show_chosen(self, chosen: list[int]) -> None:
        for index, box in enumerate(self.boxes):
            box.value = index in chosen

    def result_html(self, chosen: list[int]) -> str:
        result = self.chapter.mark_spotting(chosen)
        return spot_result_html(self.chapter, result, self.activity.feedback)


class QuestionView(_ChoiceActivity):
    """Radio buttons for one right answer, checkboxes when several are right."""

    check_label = "Submit answer"
    change_label = "Change my answer"
    nothing_chosen = "Choose an answer first."

    def __init__(self, question: Question) -> None:
        super().__init__("A question", question.prompt)
        self.question = question
        self.several = len(question.correct_options) > 1
        self.radio: widgets.RadioButtons | None = None
        self.boxes: list[widgets.Checkbox] = []
        if self.several:
            self.boxes = [
                widgets.Checkbox(value=False, description=option.text, indent=False, layout=_auto())
                for option in question.options
            ]
            hint = widgets.HTML("<p>More than one answer is right: choose every one you would.</p>")
            self.assemble(hint, *self.boxes)
        else:
            self.radio = widgets.RadioButtons(
                options=[(option.text, index) for index, option in enumerate(question.options)],
                value=None,
                description="Your answer",
                style=_INITIAL,
                layout=_auto(),
            )
            self.assemble(self.radio)

    def controls(self) -> list[widgets.ValueWidget]:
        return [self.radio] if self.radio is not None else list(self.boxes)

    def chosen(self) -> list[int]:
        if self.radio is not None:
            return [] if self.radio.value is None else [int(self.radio.value)]
        return [index for index, box in enumerate(self.boxes) if box.value]

    def show_chosen(self, chosen: list[int]) -> None:
        known = [index for index in chosen if 0 <= index < len(self.question.options)]
        if self.radio is not None:
            self.radio.value = known[0] if known else None
        for index, box in enumerate(self.boxes):
            box.value = index in known

    def result_html(self, chosen: list[int]) -> str:
        return question_result_html(self.question, chosen)


class EscalationActivityView(ActivityView):
    """The escalation check embedded; 'Compare' sets its route beside the scenario's."""

    def __init__(
        self,
        activity: EscalationCheck,
        framework: EscalationFramework,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__("Where does this concern go?", activity.prompt)
        self.activity = activity
        self.check = EscalationCheckView(framework, today=today, errors=self.errors)
        self.compare_button = widgets.Button(
            description="Compare my answer with the scenario's",
            button_style="primary",
            layout=_auto(),
        )
        self.compare_button.on_click(self.errors.guard(lambda _: self.compare()))
        self.show_parts(self.check.widget, self.compare_button)

    def bind(self, store: Store, tool: str, prefix: str) -> None:
        self.check.bind(store, tool, prefix)
        super().bind(store, tool, prefix)

    def compare(self) -> None:
        found = self.check.route()
        if found is None:
            set_status(self.status, "Choose the date the concern was raised first.")
            return
        self.save(attempted=True, route=found.kind)
        self.mark_attempted()
        self._show(found.kind)
        set_status(self.status, "")

    def restore(self, state: Mapping[str, JSONValue]) -> None:
        kind = state.get("route")
        self._show(kind if self.attempted and isinstance(kind, str) else None)

    def _show(self, kind: str | None) -> None:
        if kind is None:
            self.result.value = ""
            return
        expected = self.activity.expected_route
        self.result.value = comparison_html(
            ROUTE_NAMES.get(kind, kind),
            ROUTE_NAMES[expected],
            kind == expected,
            self.activity.feedback,
        )


class GibbsActivityView(ActivityView):
    """Gibbs' cycle embedded, with the stages to think hardest about; the scenario's points
    to consider show once the trainee says they have written their reflection."""

    def __init__(
        self,
        activity: GibbsReflection,
        cycle: GibbsCycle,
        delay: float | None = None,
    ) -> None:
        super().__init__("Reflect with Gibbs' cycle", activity.prompt)
        self.activity = activity
        names = [stage.name for stage in cycle.stages if stage.id in activity.emphasise]
        emphasis = ""
        if names:
            listed = " and ".join(filter(None, (", ".join(names[:-1]), names[-1])))
            emphasis = f"<p><strong>Give particular thought to:</strong> {listed}.</p>"
        self.emphasis = widgets.HTML(emphasis)
        self.cycle = GibbsCycleView(cycle, delay=delay)
        self.done_button = widgets.Button(
            description="I have written my reflection", button_style="primary", layout=_auto()
        )
        self.done_button.on_click(self.errors.guard(lambda _: self.finish()))
        self.show_parts(self.emphasis, self.cycle.widget, self.done_button)

    def bind(self, store: Store, tool: str, prefix: str) -> None:
        self.cycle.bind(store, tool, prefix)
        super().bind(store, tool, prefix)

    def flush(self) -> bool:
        return self.cycle.flush()

    def finish(self) -> None:
        if self.cycle.reflection().total_words() == 0:
            set_status(self.status, "Write your reflection in the stages above first.")
            return
        if not self.cycle.flush():
            set_status(self.status, "Your reflection could not be saved; try again.")
            return
        self.save(attempted=True)
        self.mark_attempted()
        self._show()
        set_status(self.status, "Your reflection is saved in your workbook.")

    def restore(self, state: Mapping[str, JSONValue]) -> None:
        self._show()

    def _show(self) -> None:
        shown = self.attempted and self.activity.feedback
        self.result.value = (
            f"<h4>Points to consider</h4>{feedback_html(self.activity.feedback)}" if shown else ""
        )


class DriftActivityView(ActivityView):
    """The drift check embedded, filled in with the scenario's case and dated on its 'today';
    each check the trainee runs is set beside the level a careful supervisor would reach."""

    def __init__(
        self,
        activity: DriftCheck,
        framework: DriftFramework,
        delay: float | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__("Is the case drifting?", activity.prompt)
        self.activity = activity
        # The drift view shows its own failures in place (its errors are part of its layout).
        self.check = DriftCheckView(framework, today=today, delay=delay)
        # Until a workbook is bound the case is shown from the scenario, checked on its date.
        self.check.load_facts(activity.case_facts)
        self.check.as_of = activity.as_of
        self.check.on_check(self._checked)
        self.show_parts(self.check.widget)

    def bind(self, store: Store, tool: str, prefix: str) -> None:
        facts, as_of = self.activity.case_facts, self.activity.as_of
        self.check.bind(store, tool, prefix, facts=facts, as_of=as_of)
        super().bind(store, tool, prefix)

    def flush(self) -> bool:
        return self.check.flush()

    def restore(self, state: Mapping[str, JSONValue]) -> None:
        level = state.get("level")
        self._show(level if self.attempted and isinstance(level, str) else None)

    def _checked(self, assessment: DriftAssessment) -> None:
        self.save(attempted=True, level=assessment.level)
        self.mark_attempted()
        self._show(assessment.level)

    def _show(self, level: str | None) -> None:
        if level is None:
            self.result.value = ""
            return
        expected = self.activity.expected_level
        self.result.value = comparison_html(
            LEVEL_NAMES.get(level, level),
            LEVEL_NAMES[expected],
            level == expected,
            self.activity.feedback,
        )
