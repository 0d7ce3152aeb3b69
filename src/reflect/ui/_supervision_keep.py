"""Words typed into an agreement or record are kept in the browser until the workbook has them,
as every app's text boxes are (reflect.ui._components.AutosavedText, frontend/src/keep.js).

An agreement or record is one entry in the workbook, so no box has an entry of its own: each
box is named by its place in the content ('sections/frequency', 'actions/<id>/what'), and
counts as confirmed once the content saved holds at that place what the content shown holds
there (the page tidies names and lines before saving, so the words on screen and the words
saved may differ by a space: the place is compared, not the text)."""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets

from reflect.layout import Supervision
from reflect.store import JSONValue, Store
from reflect.ui._components import keep_key

Fields = Mapping[str, widgets.Widget]
"""A form's text boxes (KeptText or KeptTextarea) by their place in its content."""


def value_at(content: object, path: str) -> JSONValue:
    """What `content` holds at `path`: keys of objects, positions in lists, or, in a list of
    objects with ids (actions), the id."""
    found: object = content
    for part in path.split("/"):
        if isinstance(found, dict):
            found = found.get(part)
        elif isinstance(found, list):
            if part.isdigit() and int(part) < len(found):
                found = found[int(part)]
            else:
                found = next(
                    (one for one in found if isinstance(one, dict) and one.get("id") == part), None
                )
        else:
            return None
    return found  # type: ignore[return-value]


class BrowserKeep:
    """Names each box of the open agreement or record for the page's keeping, and tells the
    page which boxes the workbook has confirmed."""

    def __init__(self) -> None:
        self._named: dict[int, widgets.Widget] = {}

    def name(self, store: Store, content_item: str, fields: Fields) -> None:
        """Name every box by its place (again when it moved, say a row above it went); a box
        gone from the form is marked saved, so the page forgets words removed on purpose."""
        named: dict[int, widgets.Widget] = {}
        for path, box in fields.items():
            key = keep_key(store, Supervision.TOOL, f"{content_item}#{path}")
            if box._reflect_keep != key:
                box._reflect_saved = str(box.value)  # before the key: the page compares them
                box._reflect_keep = key
            named[id(box)] = box
        for box_id, box in self._named.items():
            if box_id not in named:
                box._reflect_saved = str(box.value)
        self._named = named

    def confirm(self, saved: object, shown: Mapping[str, JSONValue], fields: Fields) -> None:
        """Tell the page which boxes' words the workbook now has: those whose place in the
        content saved holds what the content shown holds there."""
        for path, box in fields.items():
            if value_at(saved, path) == value_at(shown, path):
                box._reflect_saved = str(box.value)
