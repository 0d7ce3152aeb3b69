"""Pieces of the competency app: the rating control, one item's widgets, one plan entry's
widgets, and where each is kept in the workbook."""

from __future__ import annotations

import html
import logging
from datetime import date
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle

from reflect._paths import widgets_dir
from reflect.layout import Competency, Prefix
from reflect.model.competency import (
    AssessmentRecord,
    CompetencyItem,
    ItemRating,
    PlanEntry,
    RatingScale,
)
from reflect.model.dates import long_date
from reflect.portfolio.workbook import parse_date
from reflect.store import JSONValue, Store
from reflect.ui._components import AutosavedText, ErrorPanel, set_status, status_line
from reflect.ui._identifier_warning import IdentifierWarnings
from reflect.ui._lean import empty_layout, shared_layout, shared_style

_log = logging.getLogger(__name__)

# Native radios sharing a name inside a <fieldset>: Tab enters the group at the chosen level
# (or the first), arrow keys choose, and the legend names the group. ipywidgets' RadioButtons
# give their inputs no name, so each radio would be a group of its own with no item named.
_ESM = (widgets_dir() / "level_choice.js").read_text(encoding="utf-8")

_CSS = (widgets_dir() / "level_choice.css").read_text(encoding="utf-8")


class LevelChoice(anywidget.AnyWidget):
    """One item's rating: its name as the legend of a group of native radio buttons, one per
    level of the scale, with the item's text and aspects above them. `value` is the level
    (1 is the first label) or None while unrated."""

    _esm = _ESM
    _css = _CSS

    description = traitlets.Unicode("", help="The item's short name: the group's legend.").tag(
        sync=True
    )
    text = traitlets.Unicode("", help="The competency in full, shown under the name.").tag(
        sync=True
    )
    aspects = traitlets.List(
        traitlets.Unicode(), help="The item's sub-items, listed under its text."
    ).tag(sync=True)
    labels = traitlets.List(
        traitlets.Unicode(), help="One radio label per level, lowest first: '1 Not yet developed'."
    ).tag(sync=True)
    value = traitlets.Int(None, allow_none=True, help="The chosen level, or None: unrated.").tag(
        sync=True
    )
    status = traitlets.Unicode("", help="Save news for this item, read out politely.").tag(
        sync=True
    )

    @traitlets.validate("value")
    def _check_value(self, proposal: traitlets.Bunch) -> int | None:
        level = proposal["value"]
        if level is not None and not 1 <= level <= len(self.labels):
            raise traitlets.TraitError(f"a level must be 1 to {len(self.labels)}, not {level}")
        return level  # type: ignore[no-any-return]


def level_labels(scale: RatingScale) -> list[str]:
    return [f"{level.level} {level.label}" for level in scale.levels]


def scale_html(scale: RatingScale) -> str:
    """The levels and what each means, as a list to read before rating."""
    rows = "".join(
        f"<li><strong>{level.level} {html.escape(level.label)}</strong>: "
        f"{html.escape(level.descriptor)}</li>"
        for level in scale.levels
    )
    return f'<ul class="reflect-competency-scale">{rows}</ul>'


class ItemBlock:
    """One item's widgets: the rating, 'I want to develop this', and the evidence note."""

    def __init__(self, item: CompetencyItem, scale: RatingScale) -> None:
        self.item = item
        self.choice = LevelChoice(
            description=item.name,
            text=item.text,
            aspects=list(item.aspects),
            labels=level_labels(scale),
            layout=empty_layout(),
        )
        self.target = widgets.Checkbox(
            value=False,
            description=f"I want to develop this: {item.name}",
            indent=False,
            layout=shared_layout(width="auto"),
            style=shared_style(CheckboxStyle),
        )
        self.evidence = AutosavedText(
            f"Evidence for {item.name}",
            placeholder="What you base this rating on: a recent example from your supervision",
            rows=2,
        )
        self.evidence_warnings = IdentifierWarnings(self.evidence.box)
        self.widget = widgets.VBox(
            [self.choice, self.target, self.evidence, self.evidence_warnings],
            layout=empty_layout(),
        )
        self.widget.add_class("reflect-card")
        self.widget.add_class("reflect-competency-item")

    def bind(self, store: Store, tool: str, prefix: Prefix, rating: ItemRating) -> None:
        """Show a saved rating (the caller holds back saving meanwhile), then point the
        evidence note at this assessment; it loads what was saved there."""
        self.choice.value = rating.level
        self.target.value = rating.target
        self.choice.status = ""
        self.evidence.bind(store, tool, Competency.evidence(prefix, self.item.id))

    def rating(self) -> ItemRating:
        return ItemRating(
            level=self.choice.value, evidence=self.evidence.value, target=self.target.value
        )


class PlanRow:
    """One development-plan entry: what it is and why, then its action and due date."""

    def __init__(self, item: CompetencyItem, errors: ErrorPanel) -> None:
        self.item = item
        self.about = widgets.HTML(value="")
        self.action = AutosavedText(
            f"Action for {item.name}",
            placeholder="What you will do, e.g. observe an experienced supervisor, a course",
            rows=2,
        )
        self.due = widgets.DatePicker(
            value=None,
            description=f"Due date for {item.name}",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.due_status = status_line()
        self.action_warnings = IdentifierWarnings(self.action.box)
        self.widget = widgets.VBox(
            [self.about, self.action, self.action_warnings, self.due, self.due_status]
        )
        self.widget.add_class("reflect-card")
        self.widget.add_class("reflect-competency-plan-entry")
        self._store: Store | None = None
        self._key = ("", "")
        self._loading = False
        self.due.observe(errors.guard(self._due_changed), names="value")

    def bind(self, store: Store | None, tool: str, prefix: Prefix) -> None:
        """Save to this assessment from now on, and show what was saved for it."""
        self._store, self._key = store, (tool, Competency.due(prefix, self.item.id))
        if store is None:
            return
        self.action.bind(store, tool, Competency.action(prefix, self.item.id))
        saved = store.latest(tool, self._key[1])
        self._loading = True
        try:
            self.due.value = parse_date(saved.value) if saved else None
        finally:
            self._loading = False
        set_status(self.due_status, "")

    def show(self, number: int, entry: PlanEntry) -> None:
        self.about.value = (
            f"<h3>{number}. {html.escape(entry.item_name)}</h3>"
            f'<p class="reflect-competency-plan-entry__why">{html.escape(entry.reason)} '
            f"Domain: {html.escape(entry.domain_name)}.</p>"
        )

    def _due_changed(self, change: dict[str, Any]) -> None:
        if self._loading or self._store is None:
            return
        due: date | None = change["new"]
        revision = self._store.save(*self._key, due.isoformat() if due else None)
        saved_at = revision.saved_at.astimezone().strftime("%H:%M:%S")
        set_status(self.due_status, f"saved at {saved_at}")


def ratings_value(blocks: list[ItemBlock]) -> dict[str, JSONValue]:
    """What the workbook keeps of the ratings: level and target of every touched item."""
    return {
        block.item.id: {"level": block.choice.value, "target": bool(block.target.value)}
        for block in blocks
        if block.choice.value is not None or block.target.value
    }


def assessment_label(record: AssessmentRecord, records: list[AssessmentRecord]) -> str:
    """The date, numbered in the order they were started when two fall on one day."""
    same_day = [other for other in records if other.taken_on == record.taken_on]
    label = long_date(record.taken_on)
    return f"{label} ({same_day.index(record) + 1})" if len(same_day) > 1 else label
