"""The rows of a session record: agenda items, each tagged with the function of supervision it
served, and actions (who, what, the outcome for the child, the review date, done). Listed with
the drift app's RowList (Add and Remove buttons, numbered labels)."""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets

from reflect.model.supervision import FUNCTION_IDS, SupervisionFramework
from reflect.model.supervision_record import function_names
from reflect.store import JSONValue
from reflect.ui._drift_parts import parse_day
from reflect.ui._identifier_warning import STAFF_NAME, IdentifierWarnings, exempt
from reflect.ui._lean import own_layout
from reflect.ui._record_picker import new_record_id
from reflect.ui._supervision_widgets import INITIAL, date_box, iso_day, row, stacked, text_box

_SCHEME_NAMES = {"3ps": "002", "hwccg": "004"}


def function_options(framework: SupervisionFramework) -> list[tuple[str, str]]:
    """Morrison's four functions, each with what 002 (the 3 Ps) and 004 call it, so whichever
    policy the pair works to, they find their own word."""
    options: list[tuple[str, str]] = []
    for function_id in FUNCTION_IDS:
        names = function_names(framework, function_id)
        others = "; ".join(
            f"{_SCHEME_NAMES[scheme]}: {name}"
            for scheme, name in names.items()
            if scheme in _SCHEME_NAMES
        )
        label = f"{names['morrison']} ({others})" if others else names["morrison"]
        options.append((label, function_id))
    return options


class AgendaRow:
    """An item discussed: a few words, the function it served, and notes."""

    def __init__(self, functions: list[tuple[str, str]]) -> None:
        self.title = text_box("Agenda item")
        self.function = widgets.Dropdown(
            options=[("Choose the function it served", ""), *functions],
            value="",
            style=INITIAL,
            layout=widgets.Layout(width="auto"),
        )
        stacked(self.function)
        self.title_warning = IdentifierWarnings(self.title)
        self.notes = text_box("Notes", rows=3)
        self.warning = IdentifierWarnings(self.notes)
        self.remove = widgets.Button(layout=widgets.Layout(width="auto"))
        self.inputs: tuple[widgets.Widget, ...] = (self.title, self.function, self.notes)
        self.widget = widgets.VBox(
            [
                self.title,
                self.title_warning,
                self.function,
                self.notes,
                self.warning,
                row(self.remove),
            ]
        )
        self.widget.add_class("reflect-sv-item")

    def number(self, position: int) -> None:
        self.title.description = f"Agenda item {position}"
        self.function.description = f"Function agenda item {position} served"
        self.notes.description = f"Notes on agenda item {position}"
        self.remove.description = f"Remove agenda item {position}"

    def state(self) -> dict[str, JSONValue]:
        return {
            "title": " ".join(str(self.title.value).split()),
            "function": str(self.function.value),
            "notes": str(self.notes.value),
        }

    def load(self, saved: Mapping[str, object]) -> None:
        self.title.value = str(saved.get("title") or "")
        kept = saved.get("function")
        self.function.value = kept if kept in FUNCTION_IDS else ""
        self.notes.value = str(saved.get("notes") or "")


class ActionRow:
    """An action: who, what, the outcome for the child, when it is reviewed, and done. Its id
    follows it into every later record that carries it."""

    def __init__(self) -> None:
        self.id = new_record_id()
        self.what = text_box("What")
        self.warning = IdentifierWarnings(self.what)
        self.who = exempt(text_box("Who"), STAFF_NAME)
        self.outcome = text_box("Outcome for the child")
        self.outcome_warning = IdentifierWarnings(self.outcome)
        self.review_on = date_box("Review date")
        self.done = widgets.Checkbox(value=False, indent=False, style=INITIAL, layout=_auto())
        self.done_on = date_box("Date done")
        self.note = text_box("Progress, or why it is not done yet")
        self.note_warning = IdentifierWarnings(self.note)
        self.track = widgets.HTML(layout=own_layout())
        self.remove = widgets.Button(layout=_auto())
        self.inputs: tuple[widgets.Widget, ...] = (
            self.what,
            self.who,
            self.outcome,
            self.review_on,
            self.done,
            self.done_on,
            self.note,
        )
        self.widget = widgets.VBox(
            [
                self.what,
                self.warning,
                self.who,
                self.outcome,
                self.outcome_warning,
                row(self.review_on, self.done, self.done_on),
                self.note,
                self.note_warning,
                self.track,
                row(self.remove),
            ]
        )
        self.widget.add_class("reflect-sv-item")

    def number(self, position: int) -> None:
        self.what.description = f"Action {position}: what"
        self.who.description = f"Action {position}: who"
        self.outcome.description = f"Action {position}: outcome for the child"
        self.review_on.description = f"Action {position} review date"
        self.done.description = f"Action {position} done"
        self.done_on.description = f"Action {position} date done"
        self.note.description = f"Action {position}: progress, or why it is not done yet"
        self.remove.description = f"Remove action {position}"

    def state(self) -> dict[str, JSONValue]:
        return {
            "id": self.id,
            "who": " ".join(str(self.who.value).split()),
            "what": str(self.what.value).strip(),
            "outcome_for_child": str(self.outcome.value).strip(),
            "review_on": iso_day(self.review_on.value),
            "done": bool(self.done.value),
            "done_on": iso_day(self.done_on.value),
            "note": str(self.note.value).strip(),
        }

    def load(self, saved: Mapping[str, object]) -> None:
        self.id = str(saved.get("id") or self.id)
        self.what.value = str(saved.get("what") or "")
        self.who.value = str(saved.get("who") or "")
        self.outcome.value = str(saved.get("outcome_for_child") or "")
        self.review_on.value = parse_day(saved.get("review_on"))
        self.done.value = saved.get("done") is True
        self.done_on.value = parse_day(saved.get("done_on"))
        self.note.value = str(saved.get("note") or "")


def _auto() -> widgets.Layout:
    return widgets.Layout(width="auto")
