"""Fewer widget models for the same page: what makes an app interactive sooner.

Every ipywidget brings a Layout model and most bring a Style model of their own, so an app of
200 widgets sends the browser 500 models to create before it can be used, and most of those
Layouts and Styles say nothing at all. `share_layouts_and_styles(root)` walks a widget tree and
points every widget whose Layout is empty at one shared, empty Layout, and every widget whose
Style equals another's at that one; the models it replaced are closed, so neither the kernel nor
the browser keeps them.

It runs before the app is put into the page (reflect.ui.launch calls it once the app is built
and again once its workbook is open, each time before showing it), so no view of a closed model
exists yet.

What stays safe to do afterwards:
- a widget's *own* Layout (one given any property, such as `Layout(width="auto")`) is left as it
  is and can still be changed, e.g. `layout.display = "none"` to hide it;
- the shared empty Layout refuses every change, loudly: a widget to be hidden or resized later
  must be given a Layout of its own when it is built (`own_layout()`), not share the empty one.
Styles are never changed after a widget is built in reflect, so equal ones are shared freely.

Better still is never to make the extra models: the widgets built most often take a
`shared_layout(...)` and a `shared_style(...)` when they are built.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TypeVar

import ipywidgets as widgets


class SharedLayout(widgets.Layout):
    """A Layout many widgets point at; changing it would change all of them, so it refuses."""

    _frozen = False

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen and name in self.keys and getattr(self, name) != value:
            raise AttributeError(
                f"cannot set {name!r}: this Layout is shared by many widgets; build the "
                "widget with a Layout of its own (reflect.ui._lean.own_layout()) to change it"
            )
        super().__setattr__(name, value)

    def freeze(self) -> SharedLayout:
        object.__setattr__(self, "_frozen", True)
        return self


_LAYOUTS: dict[tuple[tuple[str, str], ...], SharedLayout] = {}
_STYLES: dict[tuple[type, tuple[tuple[str, str], ...]], widgets.Style] = {}


def shared_layout(**properties: str) -> SharedLayout:
    """The one frozen Layout with exactly these properties, for widgets that never change
    theirs: passed at construction, it saves the widget a Layout model of its own."""
    key = tuple(sorted(properties.items()))
    layout = _LAYOUTS.get(key)
    if layout is None or layout.comm is None:  # made on first use; made again if closed
        layout = _LAYOUTS[key] = SharedLayout(**properties).freeze()
    return layout


def empty_layout() -> SharedLayout:
    """The one shared Layout that sets nothing."""
    return shared_layout()


S = TypeVar("S", bound=widgets.Style)


def shared_style(style_class: type[S], **properties: str) -> S:
    """The one Style of this class with these properties (reflect never changes a Style after
    a widget is built, so widgets can share it)."""
    key = (style_class, tuple(sorted(properties.items())))
    style = _STYLES.get(key)
    if style is None or style.comm is None:
        style = _STYLES[key] = style_class(**properties)
    return style  # type: ignore[no-any-return]


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
    shared = empty_layout()
    # The Styles handed out by shared_style() win: widgets outside these trees may use them.
    styles: dict[tuple[type, str], widgets.Widget] = {
        (type(style), _synced_state(style)): style
        for style in _STYLES.values()
        if style.comm is not None
    }
    replaced: dict[int, widgets.Widget] = {}
    for widget in walk(*roots):
        layout = getattr(widget, "layout", None)
        if (
            isinstance(layout, widgets.Layout)
            and not isinstance(layout, SharedLayout)
            and _is_empty(layout)
        ):
            widget.layout = shared
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
