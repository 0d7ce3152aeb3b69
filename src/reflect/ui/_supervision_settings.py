"""The overview's card for the organisation's own settings: its term dates (half terms differ by
local authority and trust) and its own frequency rule, each loaded from a YAML file and checked
line by line as a scenario file is. What a valid file is belongs to reflect.supervision_files;
this card only loads, keeps and shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as widgets

from reflect.errors import ScenarioError
from reflect.layout import Supervision
from reflect.model.dates import long_date
from reflect.model.supervision_book import SupervisionBook
from reflect.model.supervision_calendar import TermCalendar
from reflect.model.supervision_frequency import FrequencyRule
from reflect.store import Store
from reflect.supervision_files import load_uploaded_frequency_rule, load_uploaded_term_dates
from reflect.ui._components import ErrorPanel, set_status, status_line
from reflect.ui._supervision_widgets import esc

T = TypeVar("T")
Guard = Callable[[Callable[..., Any]], Callable[..., Any]]

TERM_DATES_EXAMPLE = """region: England and Wales
half_terms:
  - {name: Autumn 1 2025, starts: 2025-09-03, ends: 2025-10-24}
  - {name: Autumn 2 2025, starts: 2025-11-03, ends: 2025-12-19}"""


class OrgSettings:
    """Load the organisation's term dates and its own frequency rules into the workbook;
    `on_changed(callback)` hears each file kept (the overview reads the workbook again)."""

    def __init__(self, guard: Guard) -> None:
        self._store: Store | None = None
        self._changed: list[Callable[[], object]] = []
        self.errors = ErrorPanel()
        self.summary = widgets.HTML()
        self.term_upload = widgets.FileUpload(
            description="Load your term dates (YAML)",
            accept=".yaml,.yml",
            multiple=False,
            layout=widgets.Layout(width="auto"),
        )
        self.rule_upload = widgets.FileUpload(
            description="Load your organisation's frequency rule (YAML)",
            accept=".yaml,.yml",
            multiple=False,
            layout=widgets.Layout(width="auto"),
        )
        self.status = status_line()
        self.term_upload.observe(guard(lambda change: self._uploaded(change, "terms")), "value")
        self.rule_upload.observe(guard(lambda change: self._uploaded(change, "rule")), "value")
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    "<h2>Your organisation's settings</h2><p>Half terms differ from one local "
                    "authority or trust to the next, so a half-termly rule needs your term "
                    "dates. A rule of your organisation's own can be loaded too; choose it for "
                    "a supervisee under <em>How often</em>. The format of each file is in "
                    "docs/supervision.md.</p>"
                    f"<details><summary>An example term dates file</summary><pre>"
                    f"{esc(TERM_DATES_EXAMPLE)}</pre></details>"
                ),
                self.summary,
                self.term_upload,
                self.rule_upload,
                self.errors,
                self.status,
            ]
        )
        self.widget.add_class("reflect-card")
        self.widget.add_class("reflect-sv-settings")

    def on_changed(self, callback: Callable[[], object]) -> None:
        self._changed.append(callback)

    def bind(self, store: Store, book: SupervisionBook) -> None:
        """Show what the workbook holds now."""
        self._store = store
        self.show(book)

    def show(self, book: SupervisionBook) -> None:
        calendar = book.calendar
        if calendar is None:
            terms = "No term dates are set: a half term is counted in days, and the page says so."
        else:
            first, last = calendar.half_terms[0], calendar.half_terms[-1]
            terms = (
                f"Term dates: {len(calendar.half_terms)} half terms, {first.name} "
                f"({long_date(first.starts)}) to {last.name} (ending {long_date(last.ends)}), "
                f"skipping {calendar.region} bank holidays."
            )
        rules = (
            "Your organisation's rules: " + "; ".join(rule.name for rule in book.own_rules) + "."
            if book.own_rules
            else "No rule of your organisation's own is loaded."
        )
        self.summary.value = f"<p>{esc(terms)}</p><p>{esc(rules)}</p>"

    def load_term_dates(self, name: str, data: bytes) -> TermCalendar | None:
        """Keep the term dates in the file, or say what is wrong with it, line by line."""
        calendar = self._checked(name, lambda: load_uploaded_term_dates(name, data))
        if calendar is None:
            return None
        self._require_store().save(
            Supervision.TOOL, Supervision.TERM_DATES, calendar.model_dump(mode="json")
        )
        self._done(f"Loaded {len(calendar.half_terms)} half terms from {name}.")
        return calendar

    def load_rule(self, name: str, data: bytes) -> FrequencyRule | None:
        """Keep the organisation's rule in the file, or say what is wrong with it."""
        rule = self._checked(name, lambda: load_uploaded_frequency_rule(name, data))
        if rule is None:
            return None
        self._require_store().save(
            Supervision.TOOL, Supervision.own_rule(rule.id), rule.model_dump(mode="json")
        )
        self._done(f"Loaded the rule “{rule.name}” from {name}; choose it under How often.")
        return rule

    def _checked(self, name: str, load: Callable[[], T]) -> T | None:
        try:
            loaded = load()
        except ScenarioError as error:
            problems = "".join(f"<li>{esc(problem)}</li>" for problem in error.problems)
            self.errors.value = (
                f'<div role="alert"><p><strong>{esc(name)} was not loaded.</strong> Correct '
                f"these and load it again:</p><ul>{problems}</ul></div>"
            )
            set_status(self.status, "")
            return None
        self.errors.clear()
        return loaded

    def _done(self, message: str) -> None:
        set_status(self.status, message)
        for callback in self._changed:
            callback()

    def _uploaded(self, change: dict[str, Any], kind: str) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name, data = str(upload["name"]), bytes(upload["content"])
        if kind == "terms":
            self.load_term_dates(name, data)
        else:
            self.load_rule(name, data)

    def _require_store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the settings are loaded once the workbook is open")
        return self._store
