"""The case drift app: a pseudonymous case's dates, actions, scores and answers, checked for
drift by reflect.model.drift, with every check of every case kept in the workbook."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, get_args

import ipywidgets as widgets

from reflect.autosave import Autosaver
from reflect.errors import StoreError
from reflect.frameworks import drift_framework
from reflect.layout import Drift, Prefix, record
from reflect.model.drift import (
    Answer,
    AnswerValue,
    CaseAction,
    CaseFacts,
    DriftAnswers,
    DriftAssessment,
    DriftFramework,
    RecordQuestion,
    assess_drift,
)
from reflect.model.supervision_actions import case_actions
from reflect.store import Store
from reflect.supervision_files import read_book
from reflect.ui._competency_parts import LevelChoice
from reflect.ui._components import (
    AutosavedText,
    ErrorPanel,
    app_shell,
    bullet_list,
    set_status,
    status_line,
)
from reflect.ui._drift_checks import CheckRecord, assessment_html, history_html, load_history
from reflect.ui._drift_parts import CaseFactsForm, facts_state, stack_label, styles
from reflect.ui._identifier_warning import IdentifierWarnings
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._record_picker import RecordPicker, new_record_id

ANSWER_VALUES: tuple[AnswerValue, ...] = get_args(AnswerValue)
ANSWER_LABELS = {"yes": "Yes", "no": "No", "not-sure": "Not sure"}


def _answer_choice(label: str, text: str = "") -> LevelChoice:
    return LevelChoice(
        description=label, text=text, labels=[ANSWER_LABELS[value] for value in ANSWER_VALUES]
    )


def _chosen(choice: LevelChoice) -> AnswerValue | None:
    return ANSWER_VALUES[choice.value - 1] if choice.value else None


class QuestionBlock:
    """A record question: yes/no/not sure when it asks so, and a note that autosaves."""

    def __init__(self, question: RecordQuestion, delay: float | None) -> None:
        self.question = question
        self.choice = _answer_choice(question.text) if question.asks == "yes-no" else None
        label = f"Note: {question.text}" if self.choice else question.text
        self.note = AutosavedText(
            label, rows=3, delay=delay, placeholder="In your own words.", width="auto"
        )
        stack_label(self.note.box)
        self.warning = IdentifierWarnings(self.note.box)
        parts = [self.choice, self.note, self.warning]
        self.widget = widgets.VBox([part for part in parts if part is not None])
        self.widget.add_class("reflect-card")

    def answer(self) -> Answer:
        value = _chosen(self.choice) if self.choice else None
        return Answer(value=value, note=self.note.value.strip())


class DriftCheckView:
    """The body of a drift check, embeddable: the case's facts, the record questions, the signs
    of drift to answer, the Check button, the result and the past checks.

    `bind(store, tool, prefix)` saves under (tool, prefix + field): the app uses ("drift",
    "<case>/"), a scenario ("scenario:<id>", "<chapter>/") and may pass the case's facts and
    the story's date. `check()` returns the DriftAssessment, as `on_check` callbacks hear it.
    """

    def __init__(
        self,
        framework: DriftFramework,
        *,
        today: Callable[[], date] = date.today,
        delay: float | None = None,
        errors: ErrorPanel | None = None,
    ) -> None:
        self.framework, self.today, self.delay = framework, today, delay
        self._own_errors = errors is None  # else the page shows the given panel already
        self.errors = errors or ErrorPanel()
        self.as_of: date | None = None
        # Actions kept elsewhere in the workbook (supervision records) the check adds to the
        # case's own; set by the app, not by a scenario's embedded check.
        self.more_actions: Callable[[], tuple[CaseAction, ...]] = tuple
        self.history: list[CheckRecord] = []
        self._gaps: list[str] = []
        self._store: Store | None = None
        self._tool, self._prefix = Drift.TOOL, Prefix("")
        self._facts_saver: Autosaver | None = None
        self._listeners: list[Callable[[DriftAssessment], object]] = []
        self._loading = False
        guard = self.errors.guard
        self.facts_form = CaseFactsForm(guard)
        self.facts_status = status_line()
        self.questions = [QuestionBlock(one, delay) for one in framework.record_questions]
        self.indicators = {
            one.id: _answer_choice(one.text, one.why)
            for one in framework.indicators
            if one.answered_by == "user"
        }
        self.check_button = widgets.Button(
            description="Check for drift",
            button_style="primary",
            layout=widgets.Layout(width="auto", align_self="flex-start"),
        )
        self.check_status = status_line()
        self.result = widgets.HTML(value="")
        self.result.add_class("reflect-drift-result")
        self.past = widgets.HTML(value=history_html([]))
        self.widget = self._layout()
        self.facts_form.on_change(guard(self._facts_changed))
        for choice in self._choices():
            choice.observe(guard(lambda _change, choice=choice: self._chose(choice)), names="value")
        self.check_button.on_click(guard(lambda _button: self.check()))

    @property
    def latest(self) -> DriftAssessment | None:
        """The newest check of this case, from this visit or an earlier one."""
        return self.history[-1].assessment if self.history else None

    def on_check(self, callback: Callable[[DriftAssessment], object]) -> None:
        self._listeners.append(callback)

    def bind(
        self,
        store: Store,
        tool: str,
        prefix: str,
        *,
        facts: CaseFacts | None = None,
        as_of: date | None = None,
    ) -> None:
        """Show and save the case kept under (tool, prefix). `facts` are shown while nothing is
        saved there (a scenario's case); checks are made on `as_of`, else on today's date."""
        if not self.flush():
            raise StoreError("your last change could not be saved, so this case stays open")
        self._store, self._tool, self.as_of = store, tool, as_of
        self._prefix = Prefix(prefix)
        saved = store.latest(tool, Drift.facts(self._prefix))
        self.facts_form.load(saved.value if saved else facts_state(facts or CaseFacts()))
        self._facts_saver = Autosaver(
            store, tool, Drift.facts(self._prefix), delay=self.delay, on_status=self._facts_status
        )
        chosen = store.latest(tool, Drift.choices(self._prefix))
        self._show_choices(chosen.value if chosen and isinstance(chosen.value, dict) else {})
        for block in self.questions:
            block.note.bind(store, tool, Drift.note(self._prefix, block.question.id))
        set_status(self.facts_status, "")
        set_status(self.check_status, "")
        self.history = load_history(store.history(tool, Drift.check(self._prefix)))
        self._gaps = []
        self._show_result()

    def load_facts(self, facts: CaseFacts) -> None:
        """Fill in the facts of a case given by a scenario (saved at once when bound)."""
        self.facts_form.load(facts_state(facts))
        self._facts_changed()
        if self._facts_saver is not None:
            self._facts_saver.flush()

    def facts(self) -> CaseFacts:
        """The facts as the check sees them: rows still without a date are left out."""
        return self.facts_form.facts()[0]

    def answers(self) -> DriftAnswers:
        given = {block.question.id: block.answer() for block in self.questions}
        given |= {key: Answer(value=_chosen(choice)) for key, choice in self.indicators.items()}
        return DriftAnswers(
            answers={key: answer for key, answer in given.items() if answer.value or answer.note}
        )

    def check(self) -> DriftAssessment:
        """Assess the case as it stands, show the result and keep it in the case's history
        (a check with nothing recorded is shown but not kept)."""
        self.flush()
        facts, self._gaps = self.facts_form.facts()
        facts = facts.model_copy(update={"actions": facts.actions + self.more_actions()})
        on = self.as_of or self.today()
        assessment = assess_drift(facts, self.answers(), self.framework, on)
        record = CheckRecord(datetime.now().astimezone(), assessment)
        if not assessment.nothing_recorded:
            if self._store is not None:
                self._store.save(self._tool, Drift.check(self._prefix), record.to_json())
            self.history.append(record)
        self._show_result(record)
        for listener in self._listeners:
            listener(assessment)
        return assessment

    def flush(self) -> bool:
        """Save every waiting change now; False if any could not be saved."""
        saved = [block.note.flush() for block in self.questions]
        saved.append(self._facts_saver.flush() if self._facts_saver else True)
        return all(saved)

    def _layout(self) -> widgets.VBox:
        user_signs = [one for one in self.framework.indicators if one.answered_by == "user"]
        dated = [one.text for one in self.framework.indicators if one.answered_by == "dates"]
        parts: list[widgets.Widget] = [styles(), self.facts_form.widget, self.facts_status]
        parts.append(widgets.HTML("<h2>Record questions</h2>"))
        parts += [block.widget for block in self.questions]
        parts.append(
            widgets.HTML(
                "<h2>Signs of drift</h2><p>Answer yes, no or not sure for each. The check "
                "itself works out these from the dates above, so they are not asked:</p>"
                + bullet_list(dated)
            )
        )
        for sign in user_signs:
            card = widgets.VBox([self.indicators[sign.id]])
            card.add_class("reflect-card")
            parts.append(card)
        parts += [widgets.HTML("<h2>Is the case drifting?</h2>"), self.check_button]
        parts += [self.check_status, self.result, self.past]
        parts += [self.errors] if self._own_errors else []
        box = widgets.VBox(parts)
        box.add_class("reflect-drift")
        return box

    def _choices(self) -> list[LevelChoice]:
        asked = [block.choice for block in self.questions if block.choice is not None]
        return asked + list(self.indicators.values())

    def _choices_by_id(self) -> dict[str, LevelChoice]:
        asked = {block.question.id: block.choice for block in self.questions if block.choice}
        return asked | self.indicators

    def _show_choices(self, saved: Mapping[str, Any]) -> None:
        self._loading = True
        try:
            for key, choice in self._choices_by_id().items():
                value = saved.get(key)
                choice.value = ANSWER_VALUES.index(value) + 1 if value in ANSWER_VALUES else None
                choice.status = ""
        finally:
            self._loading = False

    def _chose(self, choice: LevelChoice) -> None:
        if self._loading or self._store is None:
            return
        value = {key: _chosen(one) for key, one in self._choices_by_id().items() if one.value}
        try:
            revision = self._store.save(self._tool, Drift.choices(self._prefix), value)
        except Exception as exc:
            choice.status = f"not saved: {exc}"
            raise
        choice.status = f"saved at {revision.saved_at.astimezone():%H:%M:%S}"

    def _facts_changed(self) -> None:
        if self._facts_saver is not None:
            self._facts_saver.changed(self.facts_form.state())

    def _facts_status(self, text: str) -> None:
        set_status(self.facts_status, f"Facts of the case: {text}" if text else "")

    def _show_result(self, record: CheckRecord | None = None) -> None:
        shown = record or (self.history[-1] if self.history else None)
        self.result.value = assessment_html(shown, self.framework, self._gaps) if shown else ""
        self.past.value = history_html(self.history)
        if record is not None:
            assessment = record.assessment
            set_status(
                self.check_status,
                "Nothing recorded for this case yet."
                if assessment.nothing_recorded
                else f"Checked: {len(assessment.reasons)} reasons found.",
            )


class DriftApp:
    """The app: pick a case by its pseudonym or start one, then the drift check of that case."""

    def __init__(
        self,
        framework: DriftFramework | None = None,
        *,
        today: Callable[[], date] = date.today,
        delay: float | None = None,
    ) -> None:
        self.framework = framework or drift_framework()
        self.store: Store | None = None
        self.case_id = new_record_id()
        self.errors = ErrorPanel()
        self.view = DriftCheckView(self.framework, today=today, delay=delay, errors=self.errors)
        self.picker = RecordPicker(
            Drift.TOOL,
            label="Case",
            new_label="New case",
            unnamed="Case with no pseudonym yet",
            name_item=Drift.pseudonym,
            errors=self.errors,
        )
        self.cases, self.new_button = self.picker.dropdown, self.picker.new_button
        self.pseudonym = AutosavedText(
            "Case pseudonym",
            placeholder="For example: Child A",
            multiline=False,
            delay=delay,
            width="auto",  # 100% and its label would overflow the page
        )
        self.pseudonym_warning = IdentifierWarnings(self.pseudonym.box, is_name_field=True)
        self.widget = app_shell(
            self.framework.name,
            "Record a case's plan, actions, scores and referrals, answer the record questions, "
            "then check whether the case is drifting. Use a pseudonym: training records hold "
            "no identifying details.",
            self.picker.widget,
            self.errors,
            self.pseudonym,
            self.pseudonym_warning,
            self.view.widget,
        )
        self.view.more_actions = self.supervision_actions
        self.picker.on_open(self.open)
        self.picker.on_new(self.new_case)
        self.pseudonym.box.observe(self.errors.guard(lambda _: self._refresh_list()), names="value")

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean);
        called before the page is shown and again once the workbook is loaded."""
        return share_layouts_and_styles(self.widget)

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Open the user's workbook at `params["case"]`, else the case last written in, else
        a new case."""
        self.store = store
        written = self.picker.written(store)
        wanted = (params or {}).get("case", "")
        self.open(wanted if wanted in written else next(iter(written), new_record_id()))

    def open(self, case_id: str) -> None:
        """Show the case `case_id` (a new one if nothing was saved under it)."""
        if self.store is None:
            raise StoreError("the workbook is not open yet")
        if not self.pseudonym.flush():
            raise StoreError("your last change could not be saved, so this case stays open")
        self.view.bind(self.store, Drift.TOOL, record(case_id))
        self.case_id = case_id
        self.pseudonym.bind(self.store, Drift.TOOL, Drift.pseudonym(case_id))
        self._refresh_list()

    def new_case(self) -> str:
        """Start a case (kept once something is entered); focus goes to its pseudonym."""
        self.open(new_record_id())
        self.pseudonym.box.focus()
        return self.case_id

    def flush(self) -> bool:
        saved = [self.pseudonym.flush(), self.view.flush()]
        return all(saved)

    def _refresh_list(self) -> None:
        self.picker.refresh(self.store, self.case_id, self.pseudonym.value)

    def supervision_actions(self) -> tuple[CaseAction, ...]:
        """The actions agreed about this case (by its pseudonym) in the workbook's supervision
        records: an overdue or carried-over one counts towards drift as the plan's own do."""
        pseudonym = self.pseudonym.value.strip()
        if self.store is None or not pseudonym:
            return ()
        return case_actions(read_book(self.store).session_records, pseudonym)


def build_app() -> DriftApp:
    """The app as notebooks/case-drift.ipynb shows it (through reflect.ui.launch.open_app), before
    any workbook is opened."""
    return DriftApp()
