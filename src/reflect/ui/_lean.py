"""Fewer widget models for the same page: what makes an app interactive sooner.

Every ipywidget brings a Layout model and most bring a Style model of their own, so an app of
200 widgets sends the browser 500 models to create before it can be used, and most of those
Layouts and Styles say nothing at all. `share_layouts_and_styles(root)` walks a widget tree and
points every widget whose Layout is empty at one shared, empty Layout, and every widget whose
Style equals another's at that one; the models it replaced are closed, so neither the kernel nor
the browser keeps them.

It runs before any browser has the page (an app calls it at the end of its launcher cell, while
Voila is still executing the notebook), so no view of a closed model exists yet.

What stays safe to do afterwards:
- a widget's *own* Layout (one given any property, such as `Layout(width="auto")`) is left as it
  is and can still be changed, e.g. `layout.display = "none"` to hide it;
- the shared empty Layout refuses every change, loudly: a widget to be hidden or resized later
  must be given a Layout of its own when it is built (`own_layout()`), not share the empty one.
Styles are never changed after a widget is built in reflect, so equal ones are shared freely.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets


class SharedLayout(widgets.Layout):
    """The empty Layout many widgets point at; changing it would change all of them."""

    _frozen = False

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen and name in self.keys:
            raise AttributeError(
                f"cannot set {name!r}: this empty Layout is shared by many widgets; build the "
                "widget with a Layout of its own (reflect.ui._lean.own_layout()) to change it"
            )
        super().__setattr__(name, value)

    def freeze(self) -> SharedLayout:
        object.__setattr__(self, "_frozen", True)
        return self


_EMPTY_LAYOUT: SharedLayout | None = None


def empty_layout() -> SharedLayout:
    """The one shared empty Layout (made on first use, so importing this opens no comm)."""
    global _EMPTY_LAYOUT
    if _EMPTY_LAYOUT is None or _EMPTY_LAYOUT.comm is None:
        _EMPTY_LAYOUT = SharedLayout().freeze()
    return _EMPTY_LAYOUT


def own_layout(**properties: str) -> widgets.Layout:
    """A Layout that belongs to one widget and is never shared, even while empty: for a widget
    that is hidden, shown or resized after it is built."""
    layout = widgets.Layout(**properties)
    layout._reflect_own = True
    return layout


def _synced_state(model: widgets.Widget) -> str:
    state = {key: value for key, value in model.get_state().items() if not key.startswith("_")}
    return json.dumps(state, sort_keys=True, default=str)


def _is_empty(layout: widgets.Layout) -> bool:
    if getattr(layout, "_reflect_own", False):
        return False
    return all(
        value is None for key, value in layout.get_state().items() if not key.startswith("_")
    )


def walk(*roots: widgets.Widget) -> Iterator[widgets.Widget]:
    """The roots and every widget under them (through `children`), each once."""
    seen: set[int] = set()
    stack = list(reversed(roots))
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        yield widget
        stack.extend(reversed(list(getattr(widget, "children", ()) or ())))


def share_layouts_and_styles(*roots: widgets.Widget) -> int:
    """Share empty Layouts and equal Styles across the trees under `roots` (the page, and any
    part built but not shown yet); returns how many models were closed."""
    shared_layout = empty_layout()
    styles: dict[tuple[type, str], widgets.Widget] = {}
    replaced: dict[int, widgets.Widget] = {}
    for widget in walk(*roots):
        layout = getattr(widget, "layout", None)
        if isinstance(layout, widgets.Layout) and layout is not shared_layout and _is_empty(layout):
            widget.layout = shared_layout
            replaced[id(layout)] = layout
        style = getattr(widget, "style", None)
        if isinstance(style, widgets.Style):
            canonical = styles.setdefault((type(style), _synced_state(style)), style)
            if canonical is not style:
                widget.style = canonical
                replaced[id(style)] = style
    for model in replaced.values():
        model.close()
    return len(replaced)
