"""The list of past agreements or session records with a New button. Supervision keeps each
one's content in a single entry (`agreement/<id>`, `record/<id>`), so the Gibbs app's
RecordPicker, which lists a tool's `<id>/...` entries, cannot list them; this lists what the
page hands it, labelled and ordered the same way (reflect.ui._record_picker)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from reflect.ui._components import ErrorPanel
from reflect.ui._record_picker import numbered_apart, record_label, started_at


class ContentPicker:
    """A labelled list of entries, newest started first, and a New button. The page says what
    opening one does (`on_open`) and what New does (`on_new`), and calls `refresh` with every
    entry's id and name whenever the list or the open entry changes."""

    def __init__(self, *, label: str, new_label: str, unnamed: str, errors: ErrorPanel) -> None:
        self.unnamed = unnamed
        self.dropdown = widgets.Dropdown(
            description=label,
            options=[],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.new_button = widgets.Button(description=new_label, layout=widgets.Layout(width="auto"))
        self.widget = widgets.HBox(
            [self.dropdown, self.new_button], layout=widgets.Layout(flex_flow="row wrap")
        )
        self.current = ""
        self.names: dict[str, str] = {}
        self._open: Callable[[str], object] = lambda _entry: None
        self._errors = errors
        self._listing = False
        self.dropdown.observe(errors.guard(self._picked), names="value")

    def on_open(self, open_entry: Callable[[str], object]) -> None:
        self._open = open_entry

    def on_new(self, start_entry: Callable[[], object]) -> None:
        self.new_button.on_click(self._errors.guard(lambda _button: start_entry()))

    def refresh(self, names: Mapping[str, str], current: str) -> None:
        """List `names` (entry id: its name as shown) with `current` chosen; an id that is not
        in `names` yet (an entry being started) is listed as unnamed."""
        self.current, self.names = current, dict(names)
        ids = sorted({*names, *([current] if current else [])}, key=_started)
        labels = numbered_apart(
            [
                record_label(names.get(one, ""), self.unnamed, started_at(one), datetime.now())
                for one in ids
            ]
        )
        self._listing = True
        try:
            self.dropdown.options = list(reversed(list(zip(labels, ids, strict=True))))
            self.dropdown.value = current if current in ids else None
            self.dropdown.disabled = not ids  # nothing to pick yet
        finally:
            self._listing = False

    def rename(self, name: str) -> None:
        """The open entry's name as shown now (say, a name being typed): relabelled only when
        it changed, and without reading the workbook again."""
        if self.current and self.names.get(self.current) != name:
            self.refresh({**self.names, self.current: name}, self.current)

    def _picked(self, change: Mapping[str, Any]) -> None:
        if self._listing or change["new"] in (None, self.current):
            return
        try:
            self._open(change["new"])
        except Exception:
            self._listing = True
            try:
                self.dropdown.value = self.current or None
            finally:
                self._listing = False
            raise


def _started(entry_id: str) -> tuple[datetime, str]:
    return started_at(entry_id) or datetime.min, entry_id


def ordered_names(names: Mapping[str, str]) -> Sequence[str]:
    """Entry ids newest started first (as the list shows them)."""
    return sorted(names, key=_started, reverse=True)
