"""Pieces every view shares: the app shell, autosaved text fields, status lines, downloads,
and an error panel that shows what a widget callback raised instead of losing it."""

from __future__ import annotations

import base64
import functools
import html
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle
from traitlets import Unicode

from reflect.autosave import Autosaver, Conflict
from reflect.model.gibbs import count_words
from reflect.store import Revision, Store
from reflect.ui._lean import empty_layout, own_layout, shared_layout, shared_style
from reflect.ui._session import mark_app
from reflect.ui._theme import header, theme

_log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def app_shell(title: str, subtitle: str, *children: widgets.Widget) -> widgets.VBox:
    """The root of an app: the theme stylesheet, the page heading, then the children.
    Carries the `reflect-app` class that browser tests and the benchmark wait for."""
    root = widgets.VBox([theme(), header(title, subtitle), *children])
    root.add_class("reflect-main")
    return mark_app(root)


class ErrorPanel(widgets.HTML):
    """Where a failure inside a widget callback is shown; the front end would swallow it."""

    def __init__(self) -> None:
        super().__init__(value="", layout=empty_layout(), style=shared_style(HTMLStyle))
        self.add_class("reflect-error")

    def show(self, message: str) -> None:
        self.value = f'<p role="alert">{html.escape(message)}</p>'

    def clear(self) -> None:
        self.value = ""

    def guard(self, callback: F) -> F:
        """Wrap a widget callback so an exception reaches this panel (and the log)."""

        @functools.wraps(callback)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                result = callback(*args, **kwargs)
            except Exception as exc:  # shown to the user: a silent failure loses their work
                _log.exception("a view callback failed")
                self.show(f"Something went wrong: {exc}")
                return None
            self.clear()
            return result

        return guarded  # type: ignore[return-value]


def status_line(text: str = "") -> widgets.HTML:
    """A polite live region for 'saved at …' and similar news."""
    line = widgets.HTML(value="", layout=empty_layout(), style=shared_style(HTMLStyle))
    line.add_class("reflect-status")
    set_status(line, text)
    return line


def set_status(line: widgets.HTML, text: str) -> None:
    line.value = f'<span role="status" aria-live="polite">{html.escape(text)}</span>'


# What the page needs to keep typed words until the workbook has them (frontend/src/keep.js):
# where to keep them in the browser (`_reflect_keep`) and what the workbook last confirmed
# (`_reflect_saved`). Plain extra state of the Text/Textarea model: no front end of its own.


class KeptTextarea(widgets.Textarea):
    """A Textarea whose unsaved words the page keeps."""

    _reflect_keep = Unicode("").tag(sync=True)
    _reflect_saved = Unicode("").tag(sync=True)


class KeptText(widgets.Text):
    """A one-line Text whose unsaved words the page keeps."""

    _reflect_keep = Unicode("").tag(sync=True)
    _reflect_saved = Unicode("").tag(sync=True)


def keep_key(store: Store, tool: str, item: str) -> str:
    """The browser-storage key of an entry's unsaved words: the workbook (one per user, named
    by the server, never by the page), the tool and the item."""
    return "reflect-unsaved:" + json.dumps([store.key, tool, item])


class AutosavedText(widgets.VBox):
    """A labelled text box that saves itself to the workbook a moment after typing stops,
    with a word count and a save status under it. `bind(store, tool, item)` points it at an
    entry and loads what was saved there; until then it keeps what is typed in memory."""

    def __init__(
        self,
        label: str,
        *,
        placeholder: str = "",
        rows: int = 6,
        multiline: bool = True,
        delay: float | None = None,
        width: str = "100%",
    ) -> None:
        box_type = KeptTextarea if multiline else KeptText
        # Shared Layouts and Styles: a page of thirty fields needs two, not sixty, of each.
        self.box = box_type(
            value="",
            description=label,
            placeholder=placeholder,
            continuous_update=True,
            layout=shared_layout(width=width),
            style=shared_style(TextStyle, description_width="initial"),
        )
        if multiline:
            self.box.rows = rows
        self.box.add_class("reflect-textbox")
        # The word count and the save news share one line and one widget: a page of thirty
        # fields would otherwise send the browser 150 more widget models to build.
        self.footer = status_line()
        self._word_count, self._save_news = "", ""
        self.delay = delay
        self._autosaver: Autosaver | None = None
        self._loading = False
        self._conflict_panel: widgets.VBox | None = None  # made on the first conflict only
        super().__init__([self.box, self.footer], layout=empty_layout())
        self.add_class("reflect-field")
        self.box.observe(self._typed, names="value")
        self._count()

    @property
    def value(self) -> str:
        return str(self.box.value)

    @value.setter
    def value(self, text: str) -> None:
        self.box.value = text

    def bind(self, store: Store, tool: str, item: str) -> None:
        """Save to (tool, item) from now on, after saving anything waiting for the old entry,
        and show what was saved there last."""
        self.flush()
        # Read first: if reading fails, the box must stay pointed at the entry it shows, or the
        # next keystrokes would be saved into the wrong entry.
        latest = store.latest(tool, item)
        self._autosaver = Autosaver(
            store,
            tool,
            item,
            on_status=self._show_save_news,
            on_saved=self._confirmed,
            on_conflict=self._show_conflict,
            based_on=latest,
            delay=self.delay,
        )
        self._show_conflict(None)
        self._loading = True
        try:
            text = _as_text(latest)
            self.box.value = text
            # Saved before the key changes: the page must never take the old entry's saved
            # words as confirmation for the new one's.
            self.box._reflect_saved = text
            self.box._reflect_keep = keep_key(store, tool, item)
        finally:
            self._loading = False
        self._show_save_news("")

    @property
    def words(self) -> str:
        """The word count as shown, e.g. '3 words'."""
        return self._word_count

    @property
    def save_news(self) -> str:
        """The last news of saving, e.g. 'Saved at 10:02:03', or '' before any."""
        return self._save_news

    def flush(self) -> bool:
        """Save a waiting change now (before switching entries or closing)."""
        return self._autosaver.flush() if self._autosaver is not None else True

    def _confirmed(self, revision: Revision) -> None:
        # The page clears what it kept once it sees these words confirmed.
        self.box._reflect_saved = _as_text(revision)

    def _show_conflict(self, conflict: Conflict | None) -> None:
        if conflict is None:
            if self._conflict_panel is not None:
                self._conflict_panel.layout.display = "none"
            return
        if self._conflict_panel is None:
            self._conflict_panel = self._make_conflict_panel()
            self.children = (self.box, self.footer, self._conflict_panel)
        saved_at = conflict.theirs.saved_at.astimezone().strftime("%H:%M:%S")
        notice, _buttons = self._conflict_panel.children
        assert isinstance(notice, widgets.HTML)
        notice.value = (
            f'<div role="alert"><p><strong>A newer version of "{html.escape(self.box.description)}"'
            f" was saved in another window at {saved_at}.</strong> Your words here are not saved"
            " over it until you choose. Both are kept in the history.</p>"
            f'<blockquote class="reflect-theirs">{html.escape(_as_text(conflict.theirs))}'
            "</blockquote></div>"
        )
        self._conflict_panel.layout.display = None

    def _make_conflict_panel(self) -> widgets.VBox:
        keep = widgets.Button(
            description="Keep my version",
            button_style="primary",
            layout=shared_layout(width="auto"),
        )
        take = widgets.Button(
            description="Use the newer version", layout=shared_layout(width="auto")
        )
        keep.on_click(lambda _: self._autosaver.keep_mine() if self._autosaver else None)
        take.on_click(lambda _: self._take_theirs())
        panel = widgets.VBox([widgets.HTML(), widgets.HBox([keep, take])], layout=own_layout())
        panel.add_class("reflect-conflict")
        return panel

    def _take_theirs(self) -> None:
        theirs = self._autosaver.take_theirs() if self._autosaver else None
        if theirs is None:
            return
        self._loading = True
        try:
            self.box.value = _as_text(theirs)
            self.box._reflect_saved = _as_text(theirs)
        finally:
            self._loading = False

    def _typed(self, change: dict[str, Any]) -> None:
        self._count()
        if not self._loading and self._autosaver is not None:
            self._autosaver.changed(change["new"])

    def _count(self) -> None:
        words = count_words(self.value)
        self._word_count = f"{words} word{'s' if words != 1 else ''}"
        self._render_footer()

    def _show_save_news(self, text: str) -> None:
        self._save_news = text
        self._render_footer()

    def _render_footer(self) -> None:
        # Only the save news is a live region: a count read out at every keystroke is noise.
        self.footer.value = (
            f'<span class="reflect-word-count">{html.escape(self._word_count)}</span> '
            f'<span role="status" aria-live="polite">{html.escape(self._save_news)}</span>'
        )


def point_previous_next(
    previous: widgets.Button, following: widgets.Button, names: Sequence[str], index: int
) -> None:
    """Label Previous and Next with the steps they lead to from step `index` of `names`; at the
    ends they are not offered (hidden, not just greyed out): there is no step to go to."""
    last = len(names) - 1
    previous.description = f"Previous: {names[max(index - 1, 0)]}"
    following.description = f"Next: {names[min(index + 1, last)]}"
    for button, at_end in ((previous, index == 0), (following, index == last)):
        button.disabled = at_end
        button.layout.display = "none" if at_end else None


def _as_text(revision: Revision | None) -> str:
    return str(revision.value) if revision is not None and revision.value is not None else ""


def download_link(filename: str, text: str | bytes, label: str, mime: str = "text/markdown") -> str:
    """HTML of a link that downloads `text` (as UTF-8; bytes, such as a PDF, as they are) as
    `filename`: Voila serves no local files, so the content travels in the link itself."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    charset = ";charset=utf-8" if isinstance(text, str) else ""
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="reflect-download" download="{html.escape(filename)}" '
        f'href="data:{mime}{charset};base64,{payload}">{html.escape(label)}</a>'
    )


def bullet_list(lines: Iterable[str], css_class: str = "") -> str:
    """Escaped <ul> of plain-text lines."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<ul{attribute}>{items}</ul>"
