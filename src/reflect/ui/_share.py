"""'Share this reflection with my trainer': the one way a trainee's words reach their trainer.

A native checkbox (Tab reaches it, Space ticks it) named by its label, with what sharing means
beside it. Each tick or untick is saved at once as its own revision under the reflection's
share key (reflect.layout.Gibbs.shared), so the workbook records when a reflection was shared
and withdrawn. Only an explicit tick shares (reflect.model.sharing.is_shared).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from reflect.model.sharing import is_shared
from reflect.store import Store
from reflect.ui._components import ErrorPanel, set_status, status_line

SHARE_LABEL = "Share this reflection with my trainer"
SHARE_NOTE = (
    "Only you can read your reflections. Tick this to let your trainer read this one (its title "
    "and every stage), as it is now and as you change it; untick it to stop sharing."
)
SHARED_NEWS = "Shared with your trainer."
PRIVATE_NEWS = "Not shared: only you can read this reflection."
# The label is longer than ipywidgets' checkbox labels are made for: let it wrap, never cut it.
_CSS = """<style>
.reflect-share :is(.widget-checkbox, .jupyter-widget-checkbox) { height: auto; }
.reflect-share :is(.widget-checkbox, .jupyter-widget-checkbox) label.widget-label-basic {
  display: flex; align-items: baseline; gap: 0.6rem; height: auto; width: auto;
  white-space: normal; overflow: visible; font-weight: 600; }
.reflect-share :is(.widget-checkbox, .jupyter-widget-checkbox) label.widget-label-basic span {
  white-space: normal; overflow: visible; text-overflow: clip; }
.reflect-share__note { margin: 0.25rem 0 0; }
</style>"""


class ShareToggle:
    """The share checkbox of one reflection, saving under (tool, item) once bound."""

    def __init__(self, errors: ErrorPanel) -> None:
        self.checkbox = widgets.Checkbox(
            value=False,
            description=SHARE_LABEL,
            indent=False,
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.note = widgets.HTML(f'{_CSS}<p class="reflect-share__note">{SHARE_NOTE}</p>')
        self.status = status_line()
        self.widget = widgets.VBox([self.checkbox, self.note, self.status])
        self.widget.add_class("reflect-share")
        self._store: Store | None = None
        self._tool, self._item = "", ""
        self._loading = False
        self.checkbox.observe(errors.guard(self._changed), names="value")

    @property
    def shared(self) -> bool:
        return bool(self.checkbox.value)

    def bind(self, store: Store, tool: str, item: str) -> None:
        """Show the share choice saved under (tool, item) and save there from now on."""
        saved = store.latest(tool, item)
        self._store, self._tool, self._item = store, tool, item
        self._show(is_shared(saved.value if saved else None))
        set_status(self.status, "")

    def _show(self, shared: bool) -> None:
        self._loading = True
        try:
            self.checkbox.value = shared
        finally:
            self._loading = False

    def _changed(self, change: Mapping[str, Any]) -> None:
        if self._loading or self._store is None:
            return
        shared = bool(change["new"])
        try:
            self._store.save(self._tool, self._item, shared)
        except Exception:
            self._show(not shared)  # the box must say what the workbook holds
            raise
        set_status(self.status, SHARED_NEWS if shared else PRIVATE_NEWS)
