"""The escalation app: does a concern go to the line manager now, or up the partnership's ladder,
by when and to whom; and the record of its progress, stage by stage, per concern."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from reflect.errors import ScenarioError, StoreError
from reflect.frameworks import escalation_framework, load_uploaded_ladder
from reflect.layout import Escalation, Prefix, record
from reflect.model.escalation import (
    EscalationAnswers,
    EscalationFramework,
    EscalationRoute,
    ExceptionId,
    Ladder,
    route,
)
from reflect.store import Store
from reflect.ui._components import AutosavedText, ErrorPanel, app_shell, set_status, status_line
from reflect.ui._escalation_parts import (
    StageProgressView,
    answers_value,
    checkbox,
    ladder_error_html,
    route_html,
    saved_answers,
    styles,
)
from reflect.ui._identifier_warning import IdentifierWarnings
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._record_picker import RecordPicker, new_record_id

_INITIAL = {"description_width": "initial"}
_AUTO = widgets.Layout(width="auto", max_width="100%")


class EscalationCheckView:
    """The check itself, embeddable in a scenario: the answers (date raised, the confidentiality
    exceptions, a professional difference, immediate risk, stages already tried) and the route
    the model gives. `bind(store, tool, prefix)` saves the answers under (tool,
    layout.Escalation.answers(prefix)) and returns the route they give; `on_change` hears every
    new route."""

    def __init__(
        self,
        framework: EscalationFramework,
        *,
        today: Callable[[], date] = date.today,
        errors: ErrorPanel | None = None,
    ) -> None:
        self.framework = framework
        self.ladder = framework.default_ladder
        self.today = today
        self.errors = errors or ErrorPanel()
        self._store: Store | None = None
        self._tool, self._prefix = Escalation.TOOL, Prefix("")
        self._loading = False
        self._listeners: list[Callable[[EscalationRoute | None], object]] = []
        self.raised_on = widgets.DatePicker(
            description="Date the concern was raised",
            value=today(),
            style=_INITIAL,
            layout=widgets.Layout(width="max-content"),
        )
        self.exception_boxes: dict[ExceptionId, widgets.Checkbox] = {
            item.id: checkbox(item.name) for item in framework.exceptions
        }
        self.disagreement = checkbox("Professionals disagree about the child's safety")
        self.immediate_risk = checkbox("A child is at immediate risk")
        self.stage_reached = widgets.Dropdown(
            description="Highest ladder stage already tried", style=_INITIAL, layout=_AUTO
        )
        self.route_panel = widgets.HTML()
        self.status = status_line()
        self.widget = widgets.VBox(self._layout())
        for control in self._controls():
            control.observe(self.errors.guard(self._changed), names="value")
        self._set_stage_options()
        self.refresh()

    def _layout(self) -> list[widgets.Widget]:
        parts: list[widgets.Widget] = [
            styles(),  # here, so a scenario embedding the check gets them too
            widgets.HTML("<h2>The concern</h2><p>Answer for the concern as it stands today.</p>"),
            self.raised_on,
            widgets.HTML(
                "<h3>Can it stay within supervision?</h3><p>Tick each that applies; any one "
                "means it goes to your line manager today.</p>"
            ),
        ]
        for item in self.framework.exceptions:
            parts.append(self.exception_boxes[item.id])
            hint = widgets.HTML(f"<p>{html.escape(item.question)}</p>")
            hint.add_class("reflect-escalation-hint")
            parts.append(hint)
        parts += [
            widgets.HTML("<h3>Is there a professional difference?</h3>"),
            self.disagreement,
            self.immediate_risk,
            self.stage_reached,
            self.status,
            self.route_panel,
        ]
        return parts

    def _controls(self) -> list[widgets.ValueWidget]:
        return [
            self.raised_on,
            *self.exception_boxes.values(),
            self.disagreement,
            self.immediate_risk,
            self.stage_reached,
        ]

    def on_change(self, callback: Callable[[EscalationRoute | None], object]) -> None:
        self._listeners.append(callback)

    def bind(self, store: Store, tool: str, prefix: str) -> EscalationRoute | None:
        """Show the answers saved under (tool, prefix), save there from now on, and return the
        route they give (None only while no date is chosen)."""
        self._store, self._tool, self._prefix = store, tool, Prefix(prefix)
        saved = store.latest(tool, Escalation.answers(self._prefix))
        answers = saved_answers(saved.value if saved else None)
        self._show(answers or EscalationAnswers(raised_on=self.today()))
        return self.refresh()

    def set_ladder(self, ladder: Ladder) -> None:
        """Route with this ladder from now on (a partnership's own, or the default)."""
        self.ladder = ladder
        self._set_stage_options()
        self.refresh()

    def answers(self) -> EscalationAnswers | None:
        """The answers shown, or None while the date raised is empty."""
        if self.raised_on.value is None:
            return None
        ticked = frozenset(key for key, box in self.exception_boxes.items() if box.value)
        return EscalationAnswers(
            raised_on=self.raised_on.value,
            exceptions=ticked,
            professional_disagreement=self.disagreement.value,
            child_at_immediate_risk=self.immediate_risk.value,
            stage_reached=self.stage_reached.value or None,
        )

    def route(self) -> EscalationRoute | None:
        answers = self.answers()
        return None if answers is None else route(answers, self.framework, self.ladder)

    def refresh(self) -> EscalationRoute | None:
        """Show the route of the answers shown and tell the listeners; returns it."""
        answers, found = self.answers(), self.route()
        if answers is None or found is None:
            self.route_panel.value = "<p>Choose the date the concern was raised.</p>"
        else:
            self.route_panel.value = route_html(found, self.ladder, answers.raised_on)
        for listener in self._listeners:
            listener(found)
        return found

    def _show(self, answers: EscalationAnswers) -> None:
        self._loading = True
        try:
            self.raised_on.value = answers.raised_on
            for key, box in self.exception_boxes.items():
                box.value = key in answers.exceptions
            self.disagreement.value = answers.professional_disagreement
            self.immediate_risk.value = answers.child_at_immediate_risk
            self.stage_reached.value = self._known_stage(answers.stage_reached)
        finally:
            self._loading = False

    def _known_stage(self, number: int | None) -> int:
        return number if number and number <= len(self.ladder.stages) else 0

    def _set_stage_options(self) -> None:
        kept = self._known_stage(self.stage_reached.value)
        self._loading = True
        try:
            self.stage_reached.options = [("None yet", 0)] + [
                (f"Stage {stage.number}: {stage.name}", stage.number)
                for stage in self.ladder.stages
            ]
            self.stage_reached.value = kept
        finally:
            self._loading = False

    def _changed(self, _change: Mapping[str, Any]) -> None:
        if self._loading:
            return
        self.refresh()
        answers = self.answers()
        if self._store is None or answers is None:
            return
        try:
            revision = self._store.save(
                self._tool, Escalation.answers(self._prefix), answers_value(answers)
            )
        except Exception as error:
            set_status(self.status, f"Answers not saved: {error}")
            raise
        set_status(self.status, f"Answers saved at {revision.saved_at.astimezone():%H:%M:%S}")


class EscalationApp:
    """The app: past concerns, a pseudonymous name, the partnership's ladder, the check and
    the record of progress up the ladder. Each concern keeps its own answers and ladder."""

    def __init__(
        self,
        framework: EscalationFramework | None = None,
        *,
        delay: float | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.framework = framework or escalation_framework()
        self.store: Store | None = None
        self.concern_id = new_record_id()
        self.ladder_file: str | None = None  # None: the default ladder
        self.errors = ErrorPanel()
        self.ladder_errors = ErrorPanel()
        self.picker = RecordPicker(
            Escalation.TOOL,
            label="Past concerns",
            new_label="New concern",
            unnamed="Unnamed concern",
            name_item=Escalation.name,
            errors=self.errors,
        )
        self.past, self.new_button = self.picker.dropdown, self.picker.new_button
        self.name = AutosavedText(
            "Name of this concern (a pseudonym, such as Child A)",
            placeholder="For example: Child A, missed health appointments",
            multiline=False,
            delay=delay,
        )
        self.name_warnings = IdentifierWarnings(self.name.box, is_name_field=True)
        self.ladder_line = widgets.HTML()
        self.upload = widgets.FileUpload(
            description="Load your partnership's ladder (YAML)",
            accept=".yaml,.yml",
            multiple=False,
            tooltip="Choose a .yaml file; it is checked before it is used",
            layout=_AUTO,
        )
        self.default_button = widgets.Button(description="Use the default ladder", layout=_AUTO)
        self.status = status_line()
        self.check = EscalationCheckView(self.framework, today=today, errors=self.errors)
        self.progress = StageProgressView(
            self.framework, delay=delay, today=today, errors=self.errors
        )
        self.check.on_change(lambda found: self.progress.follow_route(found, self._raised_on()))
        self.progress.follow_route(self.check.route(), self._raised_on())
        row = widgets.Layout(flex_flow="row wrap")
        ladder_box = widgets.VBox(
            [
                widgets.HTML("<h2>Your partnership's ladder</h2>"),
                self.ladder_line,
                widgets.HBox([self.upload, self.default_button], layout=row),
                self.ladder_errors,
            ]
        )
        ladder_box.add_class("reflect-card")
        self.widget = app_shell(
            self.framework.name,
            "Does a concern raised in supervision go to your line manager now, or up your "
            "partnership's escalation ladder? By when, and to whom.",
            self.picker.widget,
            self.status,
            self.errors,
            self.name,
            self.name_warnings,
            self.check.widget,
            ladder_box,
            self.progress.widget,
        )
        self.picker.on_open(self.open)
        self.picker.on_new(self.new_concern)
        self.name.box.observe(self.errors.guard(self._renamed), names="value")
        self.upload.observe(self.errors.guard(self._uploaded), names="value")
        self.default_button.on_click(self.errors.guard(lambda _: self.use_default_ladder()))
        self._show_ladder()

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean);
        called before the page is shown and again once the workbook is loaded."""
        return share_layouts_and_styles(self.widget)

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Open the user's workbook at params["concern"], else the concern last written in."""
        self.store = store
        known = self.picker.written(store)
        wanted = (params or {}).get("concern", "")
        self.open(wanted if wanted in known else next(iter(known), new_record_id()))

    def open(self, concern_id: str) -> None:
        """Show the concern `concern_id` (new if nothing was saved under it)."""
        store = self._require_store()
        if not self.flush():
            raise StoreError("your last change could not be saved, so this concern stays open")
        self.concern_id = concern_id
        set_status(self.status, "")
        self.name.bind(store, Escalation.TOOL, Escalation.name(concern_id))
        self._load_saved_ladder(store)
        self.check.bind(store, Escalation.TOOL, record(concern_id))
        self.progress.bind(store, Escalation.TOOL, record(concern_id))
        self._renamed()

    def new_concern(self) -> None:
        """Open a new, empty concern and say so (the page changes little)."""
        self.open(new_record_id())
        set_status(self.status, f"Started a new concern at {datetime.now():%H:%M:%S}.")

    def flush(self) -> bool:
        saved = [self.name.flush(), self.progress.flush()]
        return all(saved)

    def load_ladder_file(self, name: str, data: bytes) -> Ladder | None:
        """Use the ladder in an uploaded file for this concern, or show what is wrong with it
        (file, line, field) and keep the ladder in use."""
        try:
            ladder = load_uploaded_ladder(name, data)
        except ScenarioError as error:
            self.ladder_errors.value = ladder_error_html(error, self.check.ladder.name)
            return None
        self._save_ladder({"file": name, "ladder": ladder.model_dump(mode="json")})
        self._use_ladder(ladder, name)
        return ladder

    def use_default_ladder(self) -> None:
        self._save_ladder(None)
        self._use_ladder(self.framework.default_ladder, None)

    def _raised_on(self) -> date | None:
        answers = self.check.answers()
        return answers.raised_on if answers else None

    def _use_ladder(self, ladder: Ladder, file: str | None) -> None:
        self.ladder_file = file
        self.ladder_errors.clear()
        self.check.set_ladder(ladder)
        self.progress.set_ladder(ladder)
        self._show_ladder()

    def _show_ladder(self) -> None:
        name = html.escape(self.check.ladder.name)
        if self.ladder_file:
            where = f"{name}, loaded from {html.escape(self.ladder_file)}."
        else:
            where = f"{name}. Load your partnership's own file to use its stages and timescales."
        self.ladder_line.value = f"<p><strong>Ladder in use:</strong> {where}</p>"
        self.default_button.disabled = self.ladder_file is None

    def _save_ladder(self, value: dict[str, Any] | None) -> None:
        if self.store is not None:
            self.store.save(Escalation.TOOL, Escalation.ladder(self.concern_id), value)

    def _load_saved_ladder(self, store: Store) -> None:
        saved = store.latest(Escalation.TOOL, Escalation.ladder(self.concern_id))
        value = saved.value if saved else None
        ladder, file = self.framework.default_ladder, None
        problem = ""
        if isinstance(value, dict):
            try:
                ladder, file = Ladder.model_validate(value.get("ladder")), str(value.get("file"))
            except ValidationError as error:
                problem = f"The ladder saved with this concern cannot be read: {error}"
        self._use_ladder(ladder, file)
        if problem:
            self.ladder_errors.show(problem)

    def _uploaded(self, change: Mapping[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        try:
            self.load_ladder_file(str(files[0]["name"]), bytes(files[0]["content"]))
        finally:
            self.upload.value = ()  # so the same file, corrected, can be loaded again

    def _renamed(self, _change: Mapping[str, Any] | None = None) -> None:
        self.picker.refresh(self.store, self.concern_id, self.name.value)

    def _require_store(self) -> Store:
        if self.store is None:
            raise StoreError("the workbook is not open yet")
        return self.store


def build_app() -> EscalationApp:
    """The app as notebooks/escalation.ipynb shows it (through reflect.ui.launch.open_app), before
    any workbook is opened."""
    return EscalationApp()
