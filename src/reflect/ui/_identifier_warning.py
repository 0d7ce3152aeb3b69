"""The warning shown under a text field while what is typed looks identifying (a real name, a
date of birth, an NHS number): training records must hold none. What counts as identifying is
reflect.model.identifiers'; this is only how every view shows it."""

from __future__ import annotations

import html

import ipywidgets as widgets

from reflect.model.identifiers import IdentifierWarning, find_identifying_details

# Part of each app's extra rules (its styles() carrier): not in theme.css, which is owned elsewhere.
IDENTIFIER_WARNING_CSS = """
.reflect-identifier-warning [role="status"]:not(:empty) { border-left: 4px solid #a4262c;
  background: #fdf4f4; color: #1d2733; padding: 0.4rem 0.75rem; margin: 0.25rem 0; }
.reflect-identifier-warning p { margin: 0; }
"""


class IdentifierWarnings(widgets.HTML):
    """Shown under a text field: a polite warning while what is typed looks like a real name,
    a date of birth or an NHS number. Names are judged only in a name field (free text is full
    of capitalised words that are not names). The live region is there from the start, so a
    screen reader announces a warning when it appears."""

    def __init__(self, field: widgets.Text | widgets.Textarea, *, is_name_field: bool = False):
        super().__init__(value="")
        self.add_class("reflect-identifier-warning")
        self.is_name_field = is_name_field
        self.found: list[IdentifierWarning] = []
        field.observe(lambda change: self.check(str(change["new"])), names="value")
        self.check(str(field.value))

    def check(self, text: str) -> None:
        self.found = find_identifying_details(text, is_name_field=self.is_name_field)
        lines = "".join(f"<p>{html.escape(warning.message)}</p>" for warning in self.found)
        self.value = f'<div role="status">{lines}</div>'
