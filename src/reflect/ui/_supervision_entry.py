"""The agreement or record a page has open: which entry it is, its autosave, the browser's
keeping of its unsaved words, and the list of past ones. The agreement builder and the session
record both open entries this way; what they show of one is theirs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from reflect.autosave import Autosaver
from reflect.errors import StoreError
from reflect.layout import Supervision
from reflect.store import JSONValue, Revision, Store
from reflect.ui._supervision_book import saved_contents
from reflect.ui._supervision_keep import BrowserKeep, Fields
from reflect.ui._supervision_picker import ContentPicker, ordered_names

Content = dict[str, JSONValue]


class OpenEntry:
    """One kind of entry (agreements or records) of a page. `state` and `fields` are the
    page's: the content as shown, and its text boxes by place (reflect.ui._supervision_keep)."""

    def __init__(
        self,
        kind: Literal["agreement", "record"],
        picker: ContentPicker,
        *,
        label: Callable[[Mapping[str, object]], str],
        state: Callable[[], Content],
        fields: Callable[[], Fields],
        on_status: Callable[[str], None],
        delay: float | None = None,
    ) -> None:
        self.kind, self.picker, self.label = kind, picker, label
        self.state, self.fields, self.on_status, self.delay = state, fields, on_status, delay
        self.store: Store | None = None
        self.entry_id = ""
        self.keep = BrowserKeep()
        self._saver: Autosaver | None = None

    @property
    def item(self) -> str:
        """The workbook entry of the one open ('' while none is)."""
        if not self.entry_id:
            return ""
        if self.kind == "agreement":
            return Supervision.agreement(self.entry_id)
        return Supervision.record(self.entry_id)

    def require_store(self) -> Store:
        if self.store is None:
            raise StoreError("the workbook is not open yet")
        return self.store

    def names(self) -> dict[str, str]:
        """Every saved entry of this kind, named as the list names it."""
        saved = saved_contents(self.require_store(), self.kind)
        return {entry_id: self.label(value) for entry_id, value in saved.items()}

    def first_to_open(self, wanted: str) -> str:
        """`wanted` if there is such an entry, else the newest; '' when there is none."""
        names = self.names()
        return wanted if wanted in names else next(iter(ordered_names(names)), "")

    def open(self, entry_id: str) -> Content:
        """Make `entry_id` the open entry, after saving what waits for the one before; returns
        its content as saved (empty for one never saved)."""
        store = self.require_store()
        if not self.flush():
            raise StoreError(f"your last change could not be saved, so this {self.kind} stays open")
        self.entry_id = entry_id
        saved = store.latest(Supervision.TOOL, self.item)
        self._saver = Autosaver(
            store,
            Supervision.TOOL,
            self.item,
            delay=self.delay,
            on_saved=self._confirmed,
            on_status=self.on_status,
        )
        self.on_status("")
        return saved.value if saved is not None and isinstance(saved.value, dict) else {}

    def close(self) -> None:
        """No entry open (a new one is being started): save what waits, list the rest."""
        self.flush()
        self.entry_id, self._saver = "", None
        self.picker.refresh(self.names(), "")

    def flush(self) -> bool:
        return self._saver.flush() if self._saver is not None else True

    def changed(self) -> None:
        """The page's content changed: save it once typing pauses."""
        if self._saver is not None:
            self._saver.changed(self.state())

    def shown(self) -> None:
        """The page redrew the open entry: name any new box for keeping, and rename the entry
        in the list if its name changed (without reading the workbook)."""
        if self.store is not None and self.entry_id:
            self.keep.name(self.store, self.item, self.fields())
            self.picker.rename(self.label(self.state()))

    def list_all(self) -> None:
        """List every entry, read again from the workbook, with the open one chosen."""
        names = self.names()
        if self.entry_id:
            names[self.entry_id] = self.label(self.state())
        self.picker.refresh(names, self.entry_id)

    def _confirmed(self, revision: Revision) -> None:
        """The workbook has this version: the page may forget the words it kept for it."""
        self.keep.confirm(revision.value, self.state(), self.fields())
