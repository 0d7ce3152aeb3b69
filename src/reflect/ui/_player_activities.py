"""The activities of a scenario chapter as views: what every activity shares (ActivityView), and
the two the trainee answers by choosing: spot the indicators and a question. The embedded drift,
escalation and Gibbs tools are in reflect.ui._player_tools.

Each saves its state under its place's state item (reflect.layout.Scenario.state) and counts
as attempted once the trainee has checked an answer (or finished writing) at least once. A
choice is saved as the id of the event or option chosen, with the text it showed
(reflect.model.scenario_answers), so answers stay with their events and options however the
trainer edits the file. Every judgement shown comes from the model (mark_spotting,
mark_question, reflect.model.scenario_progress); the view only displays it."""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Mapping
from typing import Any

import ipywidgets as widgets

from reflect.layout import Prefix
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Chapter, Question
from reflect.model.scenario import SpotIndicators as SpotIndicatorsActivity
from reflect.model.scenario_answers import (
    ChoiceAnswer,
    is_positional,
    mark_question,
    mark_spotting,
    read_choice_answer,
)
from reflect.store import JSONInput, JSONValue, Store
from reflect.ui._components import ErrorPanel, set_status, status_line
from reflect.ui._markdown import render_markdown
from reflect.ui._player_parts import (
    event_label,
    question_result_html,
    removed_choices_html,
    spot_result_html,
)

_INITIAL = {"description_width": "initial"}


def auto_layout() -> widgets.Layout:
    """A Layout for a control of an activity card."""
    # A Layout of its own for every widget: hiding one (layout.display) must not hide others.
    # Not stretched across the column: a button as wide as the page reads as a banner.
    return widgets.Layout(width="auto", max_width="100%", align_self="flex-start")


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

    def bind(self, store: Store, tool: str, prefix: Prefix) -> None:
        """Show what was saved under (tool, prefix) and save there from now on."""
        item = ScenarioLayout.state(prefix)
        saved = store.latest(tool, item)
        self._store, self._tool, self._item = store, tool, item
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
    """Choose, check, see feedback; the choices are then fixed until 'change' is pressed. A
    choice whose event or option the file no longer has is kept in every save and named in
    `removed`, never marked."""

    check_label = "Check my choices"
    change_label = "Change my choices"
    nothing_chosen = "Choose at least one first."
    removed_what, removed_where = "an event", "in this chapter"

    def __init__(self, heading: str, prompt: str, labels: Mapping[str, str]) -> None:
        super().__init__(heading, prompt)
        self.labels = dict(labels)  # the text each event or option shows, by id, in order
        self.answer = ChoiceAnswer()
        self.checked = False
        self.locked = False  # a choice the trainee's path was taken on: kept as made
        self._loading = False
        self.removed = widgets.HTML()
        self.check_button = widgets.Button(
            description=self.check_label, button_style="primary", layout=auto_layout()
        )
        self.change_button = widgets.Button(description=self.change_label, layout=auto_layout())
        self.check_button.on_click(self.errors.guard(lambda _: self.check()))
        self.change_button.on_click(self.errors.guard(lambda _: self.change()))

    def controls(self) -> list[widgets.ValueWidget]:
        raise NotImplementedError

    def chosen(self) -> list[str]:
        """The ids ticked now, in the order shown."""
        raise NotImplementedError

    def show_chosen(self, chosen: Collection[str]) -> None:
        raise NotImplementedError

    def result_html(self, chosen: list[str]) -> str:
        raise NotImplementedError

    def assemble(self, *parts: widgets.Widget) -> None:
        buttons = widgets.HBox([self.check_button, self.change_button])
        self.show_parts(*parts, self.removed, buttons)
        for control in self.controls():
            control.observe(self.errors.guard(self._changed), names="value")
        self._show_checked(False)

    def check(self) -> None:
        """Mark the choices: show the feedback and fix them until changed."""
        chosen = self.chosen()
        if not chosen:
            set_status(self.status, self.nothing_chosen)
            return
        self._save_choices(attempted=True, checked=True)
        self.mark_attempted()
        self._show_checked(True)
        set_status(self.status, "")

    def change(self) -> None:
        """Let the trainee change their choices; the feedback goes until they check again."""
        self._save_choices(checked=False)
        self._show_checked(False)

    def restore(self, state: Mapping[str, JSONValue]) -> None:
        self.answer = read_choice_answer(state, tuple(self.labels))
        self._loading = True
        try:
            self.show_chosen(self.answer.chosen)
        finally:
            self._loading = False
        checked = bool(state.get("checked")) and bool(self.chosen())
        self._show_checked(checked)
        if self.answer.from_positions:
            # Saved by position before ids: mapped to the file as it is now, and saved by id
            # at once, so a later edit of the file cannot move them again.
            self._save_choices(checked=checked)

    def _save_choices(self, **values: JSONInput) -> None:
        shown = {item: self.labels[item] for item in self.chosen()}
        answer = self.answer.changed_to(list(shown), shown, self.labels)
        self.save(chosen=answer.chosen, labels=answer.labels, **values)
        self.answer = answer  # after the save: a failed save leaves the page as it was

    def lock(self) -> None:
        """Keep the answer as checked: the trainee has gone on down the path it chose."""
        if self.checked and not self.locked:
            self.locked = True
            self._show_checked(True)

    def _show_checked(self, checked: bool) -> None:
        self.checked = checked
        for control in self.controls():
            control.disabled = checked
        self.check_button.layout.display = "none" if checked else None
        self.change_button.layout.display = None if checked and not self.locked else "none"
        self.result.value = self.result_html(self.chosen()) if checked else ""
        gone = [(item, self.answer.label(item)) for item in self.answer.absent(self.labels)]
        self.removed.value = removed_choices_html(gone, self.removed_what, self.removed_where)

    def _changed(self, _change: Mapping[str, Any]) -> None:
        if not self._loading:
            self._save_choices(checked=False)


class SpotIndicatorsView(_ChoiceActivity):
    """Each event of the chapter as a checkbox; checking marks them with mark_spotting."""

    def __init__(self, chapter: Chapter, activity: SpotIndicatorsActivity) -> None:
        labels = {event.id: event_label(event) for event in chapter.events}
        super().__init__("Spot the warning signs", activity.prompt, labels)
        self.chapter, self.activity = chapter, activity
        self.boxes = {
            event_id: widgets.Checkbox(
                value=False, description=label, indent=False, layout=auto_layout()
            )
            for event_id, label in labels.items()
        }
        hint = widgets.HTML("<p>Tick each event you think is a warning sign.</p>")
        self.assemble(hint, *self.boxes.values())

    def controls(self) -> list[widgets.ValueWidget]:
        return list(self.boxes.values())

    def chosen(self) -> list[str]:
        return [event_id for event_id, box in self.boxes.items() if box.value]

    def show_chosen(self, chosen: Collection[str]) -> None:
        for event_id, box in self.boxes.items():
            box.value = event_id in chosen

    def result_html(self, chosen: list[str]) -> str:
        result = mark_spotting(self.chapter, chosen)
        return spot_result_html(self.chapter, result, self.activity.feedback)


class QuestionView(_ChoiceActivity):
    """Radio buttons for one right answer, checkboxes when several are right. Its answer is
    saved under the question's own id, so it stays with the question wherever it moves."""

    check_label = "Submit answer"
    change_label = "Change my answer"
    nothing_chosen = "Choose an answer first."
    removed_what, removed_where = "an answer", "one of this question's options"

    def __init__(self, question: Question) -> None:
        labels = {option.id: option.text for option in question.options}
        super().__init__("A question", question.prompt, labels)
        self.question = question
        self.several = len(question.correct_options) > 1
        self.radio: widgets.RadioButtons | None = None
        self.boxes: dict[str, widgets.Checkbox] = {}
        if self.several:
            self.boxes = {
                option_id: widgets.Checkbox(
                    value=False, description=text, indent=False, layout=auto_layout()
                )
                for option_id, text in labels.items()
            }
            hint = widgets.HTML("<p>More than one answer is right: choose every one you would.</p>")
            self.assemble(hint, *self.boxes.values())
        else:
            self.radio = widgets.RadioButtons(
                options=[(text, option_id) for option_id, text in labels.items()],
                value=None,
                description="Your answer",
                style=_INITIAL,
                layout=auto_layout(),
            )
            self.assemble(self.radio)

    def bind(self, store: Store, tool: str, prefix: Prefix) -> None:
        """Show and save the answer under the question's own id. `prefix` is the question's
        place in the chapter, where its answer was saved (by option position) before questions
        had ids: read from there once, when nothing is saved under the id yet."""
        own = ScenarioLayout.question(self.question.id)
        if store.latest(tool, ScenarioLayout.state(own)) is None:
            _move_positional_answer(
                store, tool, ScenarioLayout.state(prefix), ScenarioLayout.state(own)
            )
        super().bind(store, tool, own)

    def controls(self) -> list[widgets.ValueWidget]:
        return [self.radio] if self.radio is not None else list(self.boxes.values())

    def chosen(self) -> list[str]:
        if self.radio is not None:
            return [] if self.radio.value is None else [str(self.radio.value)]
        return [option_id for option_id, box in self.boxes.items() if box.value]

    def show_chosen(self, chosen: Collection[str]) -> None:
        known = [option_id for option_id in self.labels if option_id in chosen]
        if self.radio is not None:
            self.radio.value = known[0] if known else None
        for option_id, box in self.boxes.items():
            box.value = option_id in known

    def result_html(self, chosen: list[str]) -> str:
        return question_result_html(self.question, mark_question(self.question, chosen))


def _move_positional_answer(store: Store, tool: str, old: str, new: str) -> None:
    """Move a question's answer saved by position at `old` to `new`, once: `old` is then left
    saying where it went (the workbook keeps every revision), so a question that later takes
    this place does not inherit it. Only an answer of positions moves: anything else saved
    at `old` belongs to the activity that is there now, not to this question."""
    saved = store.latest(tool, old)
    state = saved.value if saved is not None and isinstance(saved.value, dict) else {}
    if is_positional(state):
        store.save(tool, new, state)  # read by position at the new place, then saved by id
        store.save(tool, old, {"moved_to": new})
