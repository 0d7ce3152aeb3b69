"""The embedded tools of a scenario chapter: the escalation, Gibbs and drift views, each saving
its own items under the activity's place (tool, prefix) and its state beside them.
Every judgement shown comes from the model (the drift assessment, the escalation route); the
view only compares it with the scenario's answer and displays both."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import Any

import ipywidgets as widgets

from reflect.layout import Prefix
from reflect.model.dates import and_list
from reflect.model.drift import LEVEL_NAMES, DriftAssessment, DriftFramework
from reflect.model.escalation import EXCEPTION_IDS, EscalationFramework
from reflect.model.gibbs import GibbsCycle
from reflect.model.scenario import DriftCheck, EscalationCheck, GibbsReflection
from reflect.model.scenario_feedback import mark_escalation
from reflect.model.scenario_progress import reflection_attempted
from reflect.store import JSONValue, Store
from reflect.ui._components import set_status
from reflect.ui._player_activities import ActivityView, auto_layout
from reflect.ui._player_feedback import (
    REFERRAL_ANSWERS,
    REFERRAL_QUESTION,
    escalation_result_html,
)
from reflect.ui._player_parts import ROUTE_NAMES, comparison_html, feedback_html
from reflect.ui.drift import DriftCheckView
from reflect.ui.escalation import EscalationCheckView
from reflect.ui.gibbs import GibbsCycleView


class _ComparedActivity(ActivityView):
    """An embedded check whose answer (a route, a level: saved under `answer_key`, named by
    `names`) is set beside the one the scenario expects."""

    answer_key: str
    names: Mapping[str, str]

    def expected(self) -> tuple[str, str]:
        """The answer the scenario expects, and why (Markdown)."""
        raise NotImplementedError

    def restore(self, state: Mapping[str, JSONValue]) -> None:
        answer = state.get(self.answer_key)
        self._show(answer if self.attempted and isinstance(answer, str) else None)

    def _show(self, answer: str | None) -> None:
        if answer is None:
            self.result.value = ""
            return
        expected, feedback = self.expected()
        self.result.value = comparison_html(
            self.names.get(answer, answer), self.names[expected], answer == expected, feedback
        )


class EscalationActivityView(ActivityView):
    """The escalation check embedded, raised on the scenario's 'as of' date; when the scenario
    asks it, whether to refer to children's social care now. 'Compare' marks the answer part by
    part (reflect.model.scenario_feedback.mark_escalation): the route, each confidentiality
    exception chosen or missed, and the referral."""

    def __init__(
        self,
        activity: EscalationCheck,
        framework: EscalationFramework,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__("Where does this concern go?", activity.prompt)
        self.activity = activity
        self.framework = framework
        self.check = EscalationCheckView(framework, today=today, errors=self.errors)
        self.referral: widgets.RadioButtons | None = None
        parts: list[widgets.Widget] = [self.check.widget]
        if activity.refer_to_childrens_social_care is not None:
            self.referral = widgets.RadioButtons(
                options=[(text, answer) for answer, text in REFERRAL_ANSWERS.items()],
                value=None,
                description=REFERRAL_QUESTION,
                style={"description_width": "initial"},
                layout=auto_layout(),
            )
            parts.append(self.referral)
        self.compare_button = widgets.Button(
            description="Compare my answer with the scenario's",
            button_style="primary",
            layout=auto_layout(),
        )
        self.compare_button.on_click(self.errors.guard(lambda _: self.compare()))
        self.show_parts(*parts, self.compare_button)

    def bind(self, store: Store, tool: str, prefix: Prefix) -> None:
        self.check.bind(store, tool, prefix)
        super().bind(store, tool, prefix)

    def compare(self) -> None:
        found = self.check.route()
        if found is None:
            set_status(self.status, "Choose the date the concern was raised first.")
            return
        referral = None if self.referral is None else self.referral.value
        if self.referral is not None and referral is None:
            set_status(self.status, f"Answer: {REFERRAL_QUESTION}")
            return
        exceptions = list(found.exceptions)
        self.save(attempted=True, route=found.kind, exceptions=exceptions, referral=referral)
        self.mark_attempted()
        self._show(found.kind, exceptions, referral)
        set_status(self.status, "")

    def restore(self, state: Mapping[str, JSONValue]) -> None:
        route, exceptions, referral = (
            state.get("route"),
            state.get("exceptions"),
            state.get("referral"),
        )
        if isinstance(exceptions, list):
            known = [item for item in exceptions if item in EXCEPTION_IDS]
        else:  # compared before exceptions were kept: the answers saved beside it tell them
            found = self.check.route()
            known = list(found.exceptions) if found is not None else []
        referral = referral if isinstance(referral, bool) else None
        if self.referral is not None:
            self.referral.value = referral
        if self.attempted and route in ROUTE_NAMES:
            self._show(str(route), known, referral)
        else:
            self.result.value = ""

    def _show(self, route: str, exceptions: list[Any], referral: bool | None) -> None:
        marking = mark_escalation(self.activity, route, exceptions, referral)  # type: ignore[arg-type]
        self.result.value = escalation_result_html(marking, self.framework, self.activity.feedback)


class GibbsActivityView(ActivityView):
    """Gibbs' cycle embedded, with the stages to think hardest about; the scenario's points
    to consider show once the trainee says they have written their reflection."""

    def __init__(
        self,
        activity: GibbsReflection,
        cycle: GibbsCycle,
        delay: float | None = None,
        fictional: Collection[str] = frozenset(),
    ) -> None:
        super().__init__("Reflect with Gibbs' cycle", activity.prompt)
        self.activity = activity
        names = [stage.name for stage in cycle.stages if stage.id in activity.emphasise]
        emphasis = ""
        if names:
            listed = and_list(names)
            emphasis = f"<p><strong>Give particular thought to:</strong> {listed}.</p>"
        self.emphasis = widgets.HTML(emphasis)
        # the story's people are made up: writing about them is not flagged as a real name
        self.cycle = GibbsCycleView(cycle, delay=delay, fictional=fictional)
        self.done_button = widgets.Button(
            description="I have written my reflection", button_style="primary", layout=auto_layout()
        )
        self.done_button.on_click(self.errors.guard(lambda _: self.finish()))
        self.show_parts(self.emphasis, self.cycle.widget, self.done_button)

    def bind(self, store: Store, tool: str, prefix: Prefix) -> None:
        self.cycle.bind(store, tool, prefix)
        super().bind(store, tool, prefix)

    def flush(self) -> bool:
        return self.cycle.flush()

    def finish(self) -> None:
        if not reflection_attempted(self.cycle.reflection(), self.cycle.min_words):
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


class DriftActivityView(_ComparedActivity):
    """The drift check embedded, filled in with the scenario's case and dated on its 'today';
    each check the trainee runs is set beside the level a careful supervisor would reach."""

    answer_key, names = "level", LEVEL_NAMES

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

    def bind(self, store: Store, tool: str, prefix: Prefix) -> None:
        facts, as_of = self.activity.case_facts, self.activity.as_of
        self.check.bind(store, tool, prefix, facts=facts, as_of=as_of)
        super().bind(store, tool, prefix)

    def flush(self) -> bool:
        return self.check.flush()

    def expected(self) -> tuple[str, str]:
        return self.activity.expected_level, self.activity.feedback

    def _checked(self, assessment: DriftAssessment) -> None:
        self.save(attempted=True, level=assessment.level)
        self.mark_attempted()
        self._show(assessment.level)
