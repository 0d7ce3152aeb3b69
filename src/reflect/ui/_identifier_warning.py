"""The warning shown under a text field while what is typed looks identifying (a name, a date
of birth, an NHS or National Insurance number, a phone number, an email or street address, a
postcode): reflective and training records must hold none. What counts as identifying is
reflect.model.identifiers'; this is only how every view shows it. It never blocks the save and
never changes the words: the user decides.

Every free-text box of every app either has one (`IdentifierWarnings(box)`) or is exempted in
words (`exempt(box, why)`), such as a signature's full name, which must be a real name; a test
walks every app and fails on a box that has neither."""

from __future__ import annotations

import html
import weakref
from collections.abc import Collection
from typing import TypeAlias

import ipywidgets as widgets

from reflect.model.identifiers import IdentifierWarning, find_identifying_details

# Part of each app's extra rules (its styles() carrier): not in theme.css, which is owned elsewhere.
IDENTIFIER_WARNING_CSS = """
.reflect-identifier-warning [role="status"]:not(:empty) { border-left: 4px solid #a4262c;
  background: #fdf4f4; color: #1d2733; padding: 0.4rem 0.75rem; margin: 0.25rem 0; }
.reflect-identifier-warning p { margin: 0; }
"""

TextBox: TypeAlias = widgets.Text | widgets.Textarea

STAFF_NAME = (
    "the name of a member of staff (a supervisor, supervisee, group member or their employer), "
    "which a supervision agreement or record must carry"
)
SIGNATURE = "a signature's full name, which must be the signer's real name"

_WATCHED: weakref.WeakKeyDictionary[widgets.Widget, IdentifierWarnings] = (
    weakref.WeakKeyDictionary()
)
_EXEMPT: weakref.WeakKeyDictionary[widgets.Widget, str] = weakref.WeakKeyDictionary()


class IdentifierWarnings(widgets.HTML):
    """Shown under a text field: a polite warning while what is typed looks identifying. In a
    name field (where a pseudonym is asked for) a lone first name is taken as the pseudonym
    chosen; a full name is still flagged. The live region is there from the start, so a screen
    reader announces a warning when it appears. Carries its own few style rules, so an app
    without a styles carrier shows it the same. Names in `fictional` (a scenario's people, from
    reflect.model.identifiers.names_in) are not flagged."""

    def __init__(
        self,
        field: TextBox,
        *,
        is_name_field: bool = False,
        fictional: Collection[str] = frozenset(),
    ):
        super().__init__(value="")
        self.add_class("reflect-identifier-warning")
        self.field = field
        self.is_name_field = is_name_field
        self.fictional = fictional
        self.found: list[IdentifierWarning] = []
        self._shown = False
        _WATCHED[field] = self
        field.observe(lambda change: self.check(str(change["new"])), names="value")
        self.check(str(field.value))

    def check(self, text: str) -> None:
        found = find_identifying_details(
            text, is_name_field=self.is_name_field, fictional=self.fictional
        )
        if self._shown and found == self.found:
            return  # nothing new to say: the page is not sent the same warning at each keystroke
        self.found, self._shown = found, True
        lines = "".join(f"<p>{html.escape(warning.message)}</p>" for warning in self.found)
        self.value = f'<style>{IDENTIFIER_WARNING_CSS}</style><div role="status">{lines}</div>'


def exempt(field: TextBox, why: str) -> TextBox:
    """Mark a box that must hold a real name or detail (a signature's full name, the
    supervisor's name on an agreement) as deliberately unwatched, saying why."""
    if not why.strip():
        raise ValueError("say why this box is not checked for identifying details")
    _EXEMPT[field] = why
    return field


def warning_for(field: widgets.Widget) -> IdentifierWarnings | None:
    """The warning attached to `field`, if one is."""
    return _WATCHED.get(field)


def exemption_of(field: widgets.Widget) -> str | None:
    """Why `field` is not checked, if it is exempted."""
    return _EXEMPT.get(field)
