"""The body of one session record as labelled inputs: who and when, the policy form's questions
(each shown when the form says), the agenda with each item's function, a group's themes, the
actions, the confidentiality exceptions raised, and for a cancelled session who cancelled, why
and the new date. `state()` is the content as the workbook keeps it (a SessionRecord's shape)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from reflect.model.dates import long_date
from reflect.model.escalation import EscalationFramework
from reflect.model.supervision import SupervisionFramework
from reflect.model.supervision_confidentiality import ConfidentialityList
from reflect.model.supervision_record import (
    RECORD_KINDS,
    FormQuestion,
    RecordForm,
    RecordKind,
    SessionRecord,
)
from reflect.store import JSONValue
from reflect.ui._components import KeptTextarea
from reflect.ui._drift_parts import RowList, parse_day
from reflect.ui._identifier_warning import STAFF_NAME, IdentifierWarnings, exempt
from reflect.ui._supervision_exceptions import ExceptionsView
from reflect.ui._supervision_rows import ActionRow, AgendaRow, function_options
from reflect.ui._supervision_widgets import (
    INITIAL,
    date_box,
    esc,
    hideable,
    iso_day,
    name_lines,
    problems_text,
    row,
    show,
    stacked,
    text_box,
)

Guard = Callable[[Callable[..., Any]], Callable[..., Any]]
_YES_NO = [("Not answered", ""), ("Yes", "yes"), ("No", "no")]


def question_control(question: FormQuestion) -> widgets.ValueWidget:
    """A labelled input for one question of a record form."""
    if question.asks == "text":
        return text_box(question.text, rows=3)
    options = (
        _YES_NO
        if question.asks == "yes-no"
        else [("Not answered", "")] + [(option.capitalize(), option) for option in question.options]
    )
    choice = widgets.Dropdown(
        description=question.text,
        options=options,
        value="",
        style=INITIAL,
        layout=widgets.Layout(width="auto"),
    )
    stacked(choice)
    return choice


class RecordEditor:
    """One session record's inputs; `on_change(callback)` hears every edit that is the user's."""

    def __init__(
        self,
        framework: SupervisionFramework,
        escalation: EscalationFramework,
        lists: Callable[[str], ConfidentialityList],
        guard: Guard,
    ) -> None:
        self._guard = guard
        self._listeners: list[Callable[[], object]] = []
        self.loading = False
        self.form: RecordForm | None = None
        self._fixed: dict[str, JSONValue] = {}
        self.title = widgets.HTML()
        self.supervisor = exempt(text_box("Supervisor"), STAFF_NAME)
        self.supervisee = exempt(text_box("Supervisee"), STAFF_NAME)
        self.members = exempt(text_box("Group members, one name a line", rows=3), STAFF_NAME)
        self.held_on = date_box("Date of the session")
        self.external = widgets.Checkbox(
            description="External supervision", indent=False, style=INITIAL, layout=_auto()
        )
        self.case = text_box("Child or family (a pseudonym)")
        self.case_part = hideable(self.case, IdentifierWarnings(self.case, is_name_field=True))
        self.on_file_on = date_box("Date the decisions were put on the child's file")
        self.review_on = date_box("Review date")
        self.questions: dict[str, widgets.ValueWidget] = {}
        self.questions_box = widgets.VBox([])
        self.agenda = RowList(
            lambda: AgendaRow(function_options(framework)), "Add agenda item", self._changed, guard
        )
        self.themes = text_box("Themes the group discussed, one a line", rows=3)
        self.actions = RowList(ActionRow, "Add action", self._changed, guard)
        self.exceptions = ExceptionsView(escalation, lists, guard)
        self.exceptions.held_on = lambda: self.held_on.value or date.today()
        self.exceptions.on_change(self._changed)
        self.cancelled_by = exempt(text_box("Who cancelled it"), STAFF_NAME)
        self.reason = text_box("Why it was cancelled", rows=2)
        self.rearranged_to = date_box("New date agreed")
        self.agenda_part = hideable(
            widgets.HTML(
                "<h3>Agenda</h3><p>Tag each item with the function of supervision it served; "
                "over several sessions this shows whether one function crowds out the others."
                "</p>"
            ),
            self.agenda.widget,
        )
        self.themes_part = hideable(self.themes, IdentifierWarnings(self.themes))
        self.actions_part = hideable(
            widgets.HTML(
                "<h3>Actions</h3><p>Who does what, what it should change for the child, and "
                "when it is reviewed. Open actions from earlier sessions are carried into a new "
                "record.</p>"
            ),
            self.actions.widget,
        )
        self.exceptions_part = hideable(self.exceptions.widget)
        self.cancelled_part = hideable(
            widgets.HTML("<h3>The cancelled session</h3>"),
            self.cancelled_by,
            self.reason,
            IdentifierWarnings(self.reason),
            self.rearranged_to,
        )
        self.held_part = hideable(
            self.questions_box, self.themes_part, self.agenda_part, self.actions_part
        )
        for control in self._controls():
            control.observe(guard(lambda _change: self._changed()), names="value")
        self.widget = widgets.VBox(
            [
                self.title,
                self.supervisor,
                self.supervisee,
                self.members,
                row(self.held_on, self.external),
                self.case_part,
                self.on_file_on,
                self.review_on,
                self.held_part,
                self.cancelled_part,
                self.exceptions_part,
            ]
        )

    def _controls(self) -> list[widgets.ValueWidget]:
        return [
            self.supervisor,
            self.supervisee,
            self.members,
            self.held_on,
            self.external,
            self.case,
            self.on_file_on,
            self.review_on,
            self.themes,
            self.cancelled_by,
            self.reason,
            self.rearranged_to,
        ]

    def on_change(self, callback: Callable[[], object]) -> None:
        self._listeners.append(callback)

    def load(
        self,
        saved: Mapping[str, object],
        form: RecordForm | None,
        listing: ConfidentialityList,
    ) -> None:
        """Show a saved record of `form`'s kind (None: a cancelled session)."""
        self.loading = True
        try:
            self.form = form
            kind = str(saved.get("kind") or "")
            self._fixed = {"id": str(saved.get("id") or ""), "kind": kind}
            self._layout_for(kind, form)
            self.supervisor.value = str(saved.get("supervisor") or "")
            self.supervisee.value = str(saved.get("supervisee") or "")
            members = saved.get("members")
            self.members.value = "\n".join(map(str, members)) if isinstance(members, list) else ""
            self.held_on.value = parse_day(saved.get("held_on"))
            self.external.value = saved.get("external") is True
            self.case.value = str(saved.get("case") or "")
            self.on_file_on.value = parse_day(saved.get("on_file_on"))
            self.review_on.value = parse_day(saved.get("review_on"))
            answers = saved.get("answers")
            for key, control in self.questions.items():
                kept = answers.get(key) if isinstance(answers, dict) else None
                control.value = str(kept or "")
            themes = saved.get("themes")
            self.themes.value = "\n".join(map(str, themes)) if isinstance(themes, list) else ""
            self.agenda.load(saved.get("agenda"))
            self.actions.load(saved.get("actions"))
            self.exceptions.set_listing(listing)
            self.exceptions.load(saved.get("exceptions"))
            self.cancelled_by.value = str(saved.get("cancelled_by") or "")
            self.reason.value = str(saved.get("reason") or "")
            self.rearranged_to.value = parse_day(saved.get("rearranged_to"))
        finally:
            self.loading = False
        self._show_questions()

    def _layout_for(self, kind: str, form: RecordForm | None) -> None:
        group, held = kind == "group", kind != "cancelled"
        if form is not None:
            self.title.value = (
                f"<h2>{esc(form.title)}</h2><p>{esc(form.description)}</p>"
                f'<p class="reflect-sv-source">Source: {esc(form.source.cite())}</p>'
            )
            self.case.description = form.case_label or "Child or family (a pseudonym)"
        else:
            self.title.value = "<h2>A planned session that was cancelled</h2>"
        show(self.supervisee, not group)
        show(self.members, group)
        show(self.case_part, bool(form and form.case_label))
        show(self.on_file_on, kind in ("child-family", "staff-incident", "group"))
        show(self.review_on, kind == "not-about-a-child")
        show(self.external, held)
        show(self.held_part, held)
        show(self.themes_part, group)
        show(self.exceptions_part, held)
        show(self.cancelled_part, not held)
        self.held_on.description = "Date of the session" if held else "Date it was planned for"
        self.questions = {}
        for question in form.questions if form else ():
            control = question_control(question)
            control.observe(self._guard(lambda _change: self._changed()), names="value")
            self.questions[question.id] = control
        self.questions_box.children = tuple(
            hideable(control, IdentifierWarnings(control))
            if isinstance(control, widgets.Text | widgets.Textarea)
            else hideable(control)
            for control in self.questions.values()
        )

    def kept_fields(self) -> dict[str, widgets.Widget]:
        """The text boxes by their place in the content (reflect.ui._supervision_keep)."""
        fields: dict[str, widgets.Widget] = {
            "supervisor": self.supervisor,
            "supervisee": self.supervisee,
            "members": self.members,
            "case": self.case,
            "themes": self.themes,
            "cancelled_by": self.cancelled_by,
            "reason": self.reason,
        }
        fields |= {
            f"answers/{key}": box
            for key, box in self.questions.items()
            if isinstance(box, KeptTextarea)
        }
        for index, agenda in enumerate(self.agenda.rows):
            assert isinstance(agenda, AgendaRow)
            fields |= {f"agenda/{index}/title": agenda.title, f"agenda/{index}/notes": agenda.notes}
        for action in self.actions.rows:
            assert isinstance(action, ActionRow)
            for name, box in (
                ("what", action.what),
                ("who", action.who),
                ("outcome_for_child", action.outcome),
                ("note", action.note),
            ):
                fields[f"actions/{action.id}/{name}"] = box
        return fields

    def answers(self) -> dict[str, str]:
        return {key: str(control.value) for key, control in self.questions.items()}

    def state(self) -> dict[str, JSONValue]:
        """The record as the workbook keeps it, as shown now (a cancelled session keeps no
        agenda, answers, actions or exceptions: the model refuses them)."""
        kind = self._fixed.get("kind")
        held, group = kind != "cancelled", kind == "group"
        shown = (
            {question.id for question in self.form.shown(self.answers())} if self.form else set()
        )
        state: dict[str, JSONValue] = {
            **self._fixed,
            "supervisor": " ".join(str(self.supervisor.value).split()),
            "supervisee": "" if group else " ".join(str(self.supervisee.value).split()),
            "members": name_lines(str(self.members.value)) if group else [],
            "held_on": iso_day(self.held_on.value),
            "external": bool(self.external.value) and held,
            "case": " ".join(str(self.case.value).split()),
            "on_file_on": iso_day(self.on_file_on.value),
            "review_on": iso_day(self.review_on.value),
            "answers": {k: v for k, v in self.answers().items() if v and k in shown},
            "agenda": self.agenda.state() if held else [],  # rows kept as typed
            "themes": name_lines(str(self.themes.value)) if group else [],
            "actions": self.actions.state() if held else [],
            "exceptions": self.exceptions.state() if held else [],
        }
        if not held:
            state |= {
                "cancelled_by": " ".join(str(self.cancelled_by.value).split()),
                "reason": str(self.reason.value).strip(),
                "rearranged_to": iso_day(self.rearranged_to.value),
            }
        return state

    def record(self) -> SessionRecord | str:
        """The record as shown, or what stops it being one (in words)."""
        try:
            return SessionRecord.model_validate(self.state())
        except ValidationError as error:
            return problems_text(error)

    def _show_questions(self) -> None:
        shown = {q.id for q in self.form.shown(self.answers())} if self.form else set()
        for key, box in zip(self.questions, self.questions_box.children, strict=True):
            show(box, key in shown)

    def _changed(self) -> None:
        if self.loading:
            return
        self._show_questions()
        for listener in self._listeners:
            listener()


def _auto() -> widgets.Layout:
    return widgets.Layout(width="auto")


def record_kind(value: str) -> RecordKind:
    """A kind of record by its id; ValueError for anything else."""
    for kind in RECORD_KINDS:
        if kind == value:
            return kind
    raise ValueError(f"{value!r} is not a kind of record")


def record_label(value: Mapping[str, object]) -> str:
    """How the list of past records names one: whom, when, and the child or family."""
    members = value.get("members")
    who = str(value.get("supervisee") or "") or (
        ", ".join(map(str, members)) if isinstance(members, list) else ""
    )
    held = value.get("held_on")
    when = long_date(date.fromisoformat(held)) if isinstance(held, str) and held else "no date"
    what = "cancelled session" if value.get("kind") == "cancelled" else "session"
    case = f", {value['case']}" if value.get("case") else ""
    return f"{who or 'No one named'}: {what} of {when}{case}"
