"""Pieces the supervision apps share: their few extra styles, labelled inputs whose label sits
above them, the status badges, and small HTML helpers."""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets
from pydantic import ValidationError

from reflect.model.dates import long_date
from reflect.store import JSONValue
from reflect.ui._components import KeptText, KeptTextarea
from reflect.ui._identifier_warning import IDENTIFIER_WARNING_CSS
from reflect.ui._lean import own_layout
from reflect.ui._theme import THEME_CLASS

INITIAL = {"description_width": "initial"}

# Not in theme.css (owned elsewhere): carried by a hidden widget like the theme itself.
_CSS = """
.reflect-sv-stacked { flex-direction: column !important; align-items: stretch !important;
  height: auto !important; }
.reflect-sv-stacked > select { flex: 0 0 auto !important; height: 2.5rem !important;
  max-width: 100%; }
.reflect-sv-stacked > :is(.widget-label, .jupyter-widget-label) { text-align: left;
  width: auto !important; max-width: 100%; margin: 0 0 0.25rem; font-weight: 600; }
.reflect-sv-row { gap: 0.25rem 1.5rem; }
.reflect-sv-hint { color: var(--reflect-muted, #4b5563); margin: 0 0 0.5rem; }
.reflect-sv-source { color: var(--reflect-muted, #4b5563); font-size: 0.9rem; margin: 0; }
.reflect-sv-badge { display: inline-block; padding: 0.15rem 0.7rem; border-radius: 999px;
  border: 2px solid currentColor; font-weight: 700; margin-right: 0.5rem; }
.reflect-sv-badge--ok { background: #e8f3e8; color: #1f4d1f; }
.reflect-sv-badge--watch { background: #fff4d6; color: #5c4100; }
.reflect-sv-badge--late { background: #fde9dc; color: #8a2e0b; }
.reflect-sv-badge--void { background: #a4262c; color: #ffffff; }
.reflect-sv-alert { border-left: 6px solid var(--reflect-error, #a4262c); background: #fdf4f4;
  padding: 0.75rem 1rem; margin: 0 0 1rem; }
.reflect-sv-note { border-left: 6px solid var(--reflect-accent, #0f5e63);
  background: var(--reflect-accent-soft, #e3f0ef); padding: 0.75rem 1rem; margin: 0 0 1rem; }
.reflect-sv-fingerprint { font-family: ui-monospace, Menlo, Consolas, monospace;
  overflow-wrap: anywhere; font-size: 0.95rem; }
.reflect-sv-table { border-collapse: collapse; margin: 0 0 1rem; width: 100%; }
.reflect-sv-table caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.reflect-sv-table th, .reflect-sv-table td { text-align: left; vertical-align: top;
  padding: 0.35rem 0.6rem 0.35rem 0; border-bottom: 1px solid #d6d9d2; }
.reflect-sv-table td { font-variant-numeric: tabular-nums; }
.reflect-sv-table .reflect-sv-badge { border-radius: 4px; border-width: 1px; padding: 0 0.35rem;
  margin: 0.15rem 0 0; }
.reflect-sv-late { color: var(--reflect-error, #a4262c); font-weight: 700; }
.reflect-sv-item { border-bottom: 1px solid #d6d9d2; padding: 0.5rem 0 0.75rem; }
.reflect-sv-signer { border: 1px solid #d6d9d2; border-radius: 6px; padding: 0.75rem 1rem;
  margin: 0 0 0.75rem; }
.reflect-supervision .jupyter-button { max-width: 100%; white-space: normal;
  line-height: 1.4; padding: 0.55rem 1.1rem; }
"""


def styles() -> widgets.HTML:
    """The supervision apps' extra rules, in a widget that takes no room on the page."""
    carrier = widgets.HTML(value=f"<style>{_CSS}{IDENTIFIER_WARNING_CSS}</style>")
    carrier.add_class(THEME_CLASS)
    return carrier


def esc(text: object) -> str:
    return html.escape(str(text))


def stacked(control: widgets.Widget) -> widgets.Widget:
    """Put a control's label above it, so a long label does not squeeze the box."""
    control.add_class("reflect-sv-stacked")
    return control


def text_box(label: str, *, rows: int = 0, placeholder: str = "") -> KeptText | KeptTextarea:
    """A labelled one-line box (rows=0) or text area, its label above it, full width. Its
    unsaved words are kept in the browser once a page names where (_supervision_keep)."""
    box: KeptText | KeptTextarea = (KeptTextarea if rows else KeptText)(
        description=label,
        placeholder=placeholder,
        continuous_update=True,
        style=INITIAL,
        layout=widgets.Layout(width="auto"),
    )
    if rows:
        box.rows = rows
    stacked(box)
    return box


def date_box(label: str, value: date | None = None) -> widgets.DatePicker:
    return widgets.DatePicker(
        description=label, value=value, style=INITIAL, layout=widgets.Layout(width="auto")
    )


def row(*children: widgets.Widget) -> widgets.HBox:
    """Controls side by side, wrapping onto the next line on a narrow screen."""
    box = widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
    box.add_class("reflect-sv-row")
    return box


def button(label: str, *, primary: bool = False) -> widgets.Button:
    return widgets.Button(
        description=label,
        button_style="primary" if primary else "",
        layout=widgets.Layout(width="auto", align_self="flex-start"),
    )


def hideable(*children: widgets.Widget) -> widgets.VBox:
    """A box shown and hidden later: its Layout is its own, never the shared empty one."""
    return widgets.VBox(list(children), layout=own_layout())


def show(box: widgets.Widget, shown: bool) -> None:
    box.layout.display = None if shown else "none"


def badge(text: str, tone: str) -> str:
    """A status in words inside a coloured pill (the words carry it; colour only repeats)."""
    return f'<span class="reflect-sv-badge reflect-sv-badge--{tone}">{esc(text)}</span>'


def iso_day(value: object) -> str | None:
    """A DatePicker's value as the workbook keeps it ('YYYY-MM-DD'), or None."""
    return value.isoformat() if isinstance(value, date) else None


_FIELDS = {
    "agenda": "agenda item",
    "actions": "action",
    "exceptions": "exception",
    "held_on": "the date",
    "made_on": "the date",
    "raised_on": "the date raised",
    "title": "what was discussed",
    "function": "the function it served",
    "who": "who",
    "what": "what",
    "supervisor": "the supervisor's name",
    "supervisee": "the supervisee's name",
}
_FIXES = {
    "string_too_short": "write it",
    "missing": "fill it in",
    "literal_error": "choose one",
    "date_type": "choose a date",
    "date_from_datetime_parsing": "choose a date",
}


def problems_text(error: ValidationError) -> str:
    """What a model refused, in words: 'agenda item 1, the function it served: choose one'."""
    found = []
    for one in error.errors():
        where: list[str] = []
        for part in one.get("loc", ()):
            if isinstance(part, int) and where:
                where[-1] = f"{where[-1]} {part + 1}"
            else:
                where.append(_FIELDS.get(str(part), str(part).replace("_", " ")))
        fix = _FIXES.get(one["type"]) or str(one.get("msg", "")).removeprefix("Value error, ")
        found.append(f"{', '.join(where)}: {fix}" if where else fix)
    return "; ".join(found)


def name_lines(text: str) -> list[JSONValue]:
    """Names (or themes) typed one a line, with spacing tidied and empty lines left out."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def slug(text: str) -> str:
    """A name as a file name's part: 'Ali Khan' is 'ali-khan'."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "group"


def day_text(day: date | None, missing: str = "not set") -> str:
    return long_date(day) if day else missing
