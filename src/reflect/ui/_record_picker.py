"""The list of a tool's records with a New button: the Gibbs app's past reflections, the drift
app's cases and the escalation app's concerns. One component, so every app lists, labels, orders
and reopens its records the same way.

A record's id starts with the moment it was started (new_record_id), so the list can say when
each was started without saving it separately; its name (a title, a pseudonym) is one of its
fields, given by the layout (reflect.layout)."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from reflect.layout import record_id
from reflect.model.dates import long_date
from reflect.store import Store
from reflect.ui._components import ErrorPanel

_STARTED_FORMAT = "%Y-%m-%d-%H%M%S"  # the start of every record id: sorts as it reads
_STARTED_LENGTH = len("2026-11-24-153207")
_LONGEST_NAME = 60  # a longer name is cut so the list stays inside a phone's width


def new_record_id(now: datetime | None = None) -> str:
    """A readable, unique record id: when it was started, plus a random suffix. The record's
    name is not its id, so a name can be corrected (say, once it looks like a real name)."""
    return f"{(now or datetime.now()):{_STARTED_FORMAT}}-{secrets.token_hex(2)}"


def started_at(record: str) -> datetime | None:
    """When a record was started, read from its id; None for an id written some other way."""
    try:
        return datetime.strptime(record[:_STARTED_LENGTH], _STARTED_FORMAT)
    except ValueError:
        return None


def record_label(name: str, unnamed: str, started: datetime | None, saved: datetime) -> str:
    """'Child A (started 5 June 2026, 09:30)': the name on one line, cut when long, and when the
    record was started (or, for an id that does not say, when it was last saved)."""
    shown = " ".join(name.split()) or unnamed
    if len(shown) > _LONGEST_NAME:
        shown = shown[: _LONGEST_NAME - 1] + "…"
    when = (
        f"started {long_date(started.date())}, {started:%H:%M}"
        if started
        else (f"last saved {long_date(saved.date())}, {saved:%H:%M}")
    )
    return f"{shown} ({when})"


def numbered_apart(labels: list[str]) -> list[str]:
    """The labels with a repeated one numbered #1, #2, ... in the order given, so two records
    started in the same minute under the same name can be told apart in the list."""
    repeats = Counter(labels)
    seen: Counter[str] = Counter()
    numbered = []
    for label in labels:
        seen[label] += 1
        numbered.append(f"{label} #{seen[label]}" if repeats[label] > 1 else label)
    return numbered


class RecordPicker:
    """A labelled list of a tool's records, newest started first, and a New button.

    The app says what opening a record does (`on_open`) and what New does (`on_new`), and calls
    `refresh` whenever the open record or its name changes. Picking a record the app cannot open
    puts the list back on the record still open; the error reaches the app's error panel.
    """

    def __init__(
        self,
        tool: str,
        *,
        label: str,
        new_label: str,
        unnamed: str,
        name_item: Callable[[str], str],
        errors: ErrorPanel,
    ) -> None:
        self.tool, self.unnamed, self.name_item = tool, unnamed, name_item
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
        self._open: Callable[[str], object] = lambda _record: None
        self._listing = False  # True while the list is rebuilt: its changes are not the user's
        self._errors = errors
        self.dropdown.observe(errors.guard(self._picked), names="value")

    def on_open(self, open_record: Callable[[str], object]) -> None:
        """What picking a record in the list does (the app opens it)."""
        self._open = open_record

    def on_new(self, start_record: Callable[[], object]) -> None:
        """What the New button does (the app starts a record)."""
        self.new_button.on_click(self._errors.guard(lambda _button: start_record()))

    def written(self, store: Store) -> list[str]:
        """Every record with something saved, the one last written in first."""
        return list(dict.fromkeys(record_id(revision.item) for revision in store.items(self.tool)))

    def refresh(self, store: Store | None, current: str, current_name: str) -> None:
        """List the records saved in `store` and the open one (`current`, named as shown now,
        though maybe not saved yet), and show the open one as chosen."""
        self.current = current
        last_saved: dict[str, datetime] = {}
        names: dict[str, str] = {}
        if store is not None:
            for revision in store.items(self.tool):  # newest first: the first seen is the last
                saved = revision.saved_at.astimezone().replace(tzinfo=None)
                last_saved.setdefault(record_id(revision.item), saved)
            for item, revision in store.latest_many(self.tool).items():
                if item == self.name_item(record_id(item)):
                    names[record_id(item)] = str(revision.value or "")
        names[current] = current_name
        now = datetime.now()

        def started(record: str) -> tuple[datetime, datetime]:
            # Started in the same second: the later saved (or not yet saved) one is the newer.
            saved = last_saved.get(record, now)
            return started_at(record) or saved, saved

        oldest_first = sorted({*last_saved, current}, key=started)
        labels = numbered_apart(
            [
                record_label(names.get(one, ""), self.unnamed, started_at(one), started(one)[1])
                for one in oldest_first
            ]
        )
        self._listing = True
        try:
            self.dropdown.options = list(reversed(list(zip(labels, oldest_first, strict=True))))
            self.dropdown.value = current
        finally:
            self._listing = False

    def _picked(self, change: Mapping[str, Any]) -> None:
        if self._listing or change["new"] in (None, self.current):
            return
        try:
            self._open(change["new"])
        except Exception:
            self._listing = True  # the list goes back to the record still open
            try:
                self.dropdown.value = self.current
            finally:
                self._listing = False
            raise
