"""The Gibbs reflective cycle app: a wheel of six stages, a text box per stage, past reflections."""

from __future__ import annotations

import html
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from reflect.errors import StoreError
from reflect.frameworks import gibbs_cycle
from reflect.model.gibbs import (
    DEFAULT_MIN_WORDS,
    STAGE_IDS,
    GibbsCycle,
    GibbsReflection,
    GibbsStage,
    StageId,
)
from reflect.model.workdays import long_date
from reflect.store import Store
from reflect.ui._components import AutosavedText, ErrorPanel, app_shell, download_link
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._wheel import CycleWheel

TOOL = "gibbs"
TITLE_FIELD = "title"
UNTITLED = "Untitled reflection"
_STARTED_FORMAT = "%Y-%m-%d-%H%M%S"  # the start of every entry id: sorts as it reads
_STARTED_LENGTH = len("2026-11-24-153207")
_WIDE = widgets.Layout(width="100%")


def new_entry_id(now: datetime | None = None) -> str:
    """A readable, unique id for a new reflection: when it was started, plus a random suffix."""
    return f"{(now or datetime.now()):{_STARTED_FORMAT}}-{secrets.token_hex(2)}"


def _started(entry_id: str, fallback: datetime) -> datetime:
    try:
        return datetime.strptime(entry_id[:_STARTED_LENGTH], _STARTED_FORMAT)
    except ValueError:  # an id written some other way: date it by its last save instead
        return fallback


def _label(title: str, started: datetime) -> str:
    name = " ".join(title.split()) or UNTITLED
    if len(name) > 60:
        name = name[:59] + "…"
    return f"{name} ({long_date(started.date())}, {started:%H:%M})"


class GibbsCycleView:
    """The body of a Gibbs reflection: the wheel, one panel per stage, Previous/Next, the total.

    Embeddable: `bind(store, tool, prefix)` saves stage texts under (tool, prefix + stage id),
    so the app uses ("gibbs", "<entry>/") and a scenario ("scenario:<id>", "<chapter>/").
    `on_change(callback)` hears the reflection (a GibbsReflection) after every edit.
    """

    def __init__(
        self,
        cycle: GibbsCycle,
        *,
        min_words: int = DEFAULT_MIN_WORDS,
        delay: float | None = None,
    ) -> None:
        self.cycle = cycle
        self.min_words = min_words
        self.errors = ErrorPanel()
        self._listeners: list[Callable[[GibbsReflection], object]] = []
        self.wheel = CycleWheel(stages=[stage.name for stage in cycle.stages])
        self.fields: dict[StageId, AutosavedText] = {
            stage.id: AutosavedText(
                stage.name, placeholder="Write in your own words.", rows=8, delay=delay
            )
            for stage in cycle.stages
        }
        self.panels: dict[StageId, widgets.VBox] = {
            stage.id: self._panel(stage) for stage in cycle.stages
        }
        self.stage_area = widgets.VBox([self.panels[cycle.stages[0].id]])
        self.previous_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.next_button = widgets.Button(
            button_style="primary", layout=widgets.Layout(width="auto")
        )
        self.total = widgets.HTML()
        self.total.add_class("reflect-status")
        self.widget = widgets.VBox(
            [
                self.wheel,
                self.stage_area,
                widgets.HBox([self.previous_button, self.next_button]),
                self.total,
                self.errors,
            ]
        )
        self.wheel.on_select(self.errors.guard(self._show))
        self.previous_button.on_click(self.errors.guard(lambda _: self.wheel.previous()))
        self.next_button.on_click(self.errors.guard(lambda _: self.wheel.next()))
        for field in self.fields.values():
            field.box.observe(self.errors.guard(self._edited), names="value")
        self._show(self.wheel.current)
        self._edited()

    @property
    def current_stage(self) -> StageId:
        return self.cycle.stages[self.wheel.current].id

    def show_stage(self, stage_id: StageId) -> None:
        """Make a stage current, as clicking it on the wheel does."""
        self.wheel.select(STAGE_IDS.index(stage_id))

    def reflection(self) -> GibbsReflection:
        """What is written now, as the model sees it (untitled: the title is the page's)."""
        written = GibbsReflection()
        for stage_id, field in self.fields.items():
            written = written.with_text(stage_id, field.value)
        return written

    def on_change(self, callback: Callable[[GibbsReflection], object]) -> None:
        self._listeners.append(callback)

    def flush(self) -> bool:
        """Save every waiting change now; False if any could not be saved."""
        saved = [field.flush() for field in self.fields.values()]  # every one, not up to a failure
        return all(saved)

    def bind(self, store: Store, tool: str, prefix: str) -> None:
        """Show and save the reflection stored under prefix; open it at its first stage to write."""
        if not self.flush():
            # Rebinding would drop the waiting text: keep it on screen to be saved later.
            raise StoreError("your last change could not be saved, so this reflection stays open")
        # Read once before rebinding any box: if the workbook cannot be read, every box stays
        # bound to the reflection it shows, so nothing typed next lands in the wrong one.
        store.latest_many(tool, prefix)
        for stage_id, field in self.fields.items():
            field.bind(store, tool, f"{prefix}{stage_id}")
        to_write = self.reflection().next_incomplete_stage(self.min_words)
        self.show_stage(to_write or STAGE_IDS[0])
        self._show(self.wheel.current)

    def _panel(self, stage: GibbsStage) -> widgets.VBox:
        number = STAGE_IDS.index(stage.id) + 1
        prompts = "".join(f"<li>{html.escape(prompt)}</li>" for prompt in stage.prompts)
        intro = widgets.HTML(
            f"<h2>Stage {number} of {len(STAGE_IDS)}: {html.escape(stage.name)}</h2>"
            f'<p class="reflect-gibbs__question"><strong>{html.escape(stage.core_question)}'
            f"</strong></p><p>{html.escape(stage.purpose)}</p>"
            f"<h3>Questions to help you</h3><ul>{prompts}</ul>"
        )
        panel = widgets.VBox([intro, self.fields[stage.id]], layout=_WIDE)
        panel.add_class("reflect-card")
        return panel

    def _show(self, index: int) -> None:
        stages = self.cycle.stages
        self.stage_area.children = (self.panels[stages[index].id],)
        before, after = stages[max(index - 1, 0)], stages[min(index + 1, len(stages) - 1)]
        self.previous_button.description = f"Previous: {before.name}"
        self.next_button.description = f"Next: {after.name}"
        self.previous_button.disabled = index == 0
        self.next_button.disabled = index == len(stages) - 1

    def _edited(self, _change: Mapping[str, Any] | None = None) -> None:
        written = self.reflection()
        done = set(written.completed_stages(self.min_words))
        self.wheel.done = [stage.id in done for stage in self.cycle.stages]
        words = written.total_words()
        self.total.value = (
            f"<p>Total: {words} word{'s' if words != 1 else ''}. "
            f"{len(done)} of {len(STAGE_IDS)} stages written.</p>"
        )
        for listener in self._listeners:
            listener(written)


class GibbsApp:
    """The app: a title, the cycle, past reflections, a new one, and a Markdown download."""

    def __init__(self, cycle: GibbsCycle | None = None, *, delay: float | None = None) -> None:
        self.cycle = cycle or gibbs_cycle()
        self.store: Store | None = None
        self.entry_id = new_entry_id()
        self.errors = ErrorPanel()
        self.past = widgets.Dropdown(
            description="Past reflections",
            options=[],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.new_button = widgets.Button(description="New reflection")
        self.title = AutosavedText(
            "Title of this reflection",
            placeholder="For example: supervision of a neglect case",
            multiline=False,
            delay=delay,
        )
        self.view = GibbsCycleView(self.cycle, delay=delay)
        self.download = widgets.HTML()
        self.widget = app_shell(
            self.cycle.title,
            self.cycle.summary,
            widgets.HBox([self.past, self.new_button], layout=widgets.Layout(flex_flow="row wrap")),
            self.errors,
            self.title,
            self.view.widget,
            self.download,
        )
        self._listing = False  # True while the list is rebuilt: its changes are not the user's
        self.past.observe(self.errors.guard(self._picked), names="value")
        self.new_button.on_click(self.errors.guard(lambda _: self.open(new_entry_id())))
        self.title.box.observe(self.errors.guard(self._retitled), names="value")
        self.view.on_change(lambda _: self._refresh_download())
        self._refresh_download()

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean);
        called before the page is shown and again once the workbook is loaded."""
        return share_layouts_and_styles(self.widget, *self.view.panels.values())

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Load the user's workbook and open `params["entry"]`, else the last one written in."""
        self.store = store
        entries = self._entries()
        wanted = (params or {}).get("entry", "")
        if wanted not in entries:
            last_written = next(iter(self._newest_revisions()), None)
            wanted = last_written or new_entry_id()
        self.open(wanted)

    def open(self, entry_id: str) -> None:
        """Show the reflection `entry_id` (new if nothing was saved under it)."""
        if self.store is None:
            raise StoreError("the workbook is not open yet")
        if not self.title.flush():
            raise StoreError("your last change could not be saved, so this reflection stays open")
        self.view.bind(self.store, TOOL, f"{entry_id}/")
        self.entry_id = entry_id
        self.title.bind(self.store, TOOL, f"{entry_id}/{TITLE_FIELD}")
        self._refresh_list()
        self._refresh_download()

    def flush(self) -> bool:
        """Save every waiting change now (title and stages); False if any could not be saved."""
        saved = [self.title.flush(), self.view.flush()]
        return all(saved)

    def reflection(self) -> GibbsReflection:
        return self.view.reflection().model_copy(update={"title": self.title.value.strip()})

    def _newest_revisions(self) -> dict[str, datetime]:
        """Entry id -> when it was last saved, most recently written first."""
        assert self.store is not None
        newest: dict[str, datetime] = {}
        for revision in self.store.items(TOOL):
            entry_id = revision.item.split("/", 1)[0]
            newest.setdefault(entry_id, revision.saved_at.astimezone().replace(tzinfo=None))
        return newest

    def _entries(self) -> dict[str, str]:
        """Entry id -> label for the list, newest started first; the open one is always in it."""
        titles: dict[str, str] = {}
        if self.store is not None:
            for item, revision in self.store.latest_many(TOOL).items():
                entry_id, _, field = item.partition("/")
                if field == TITLE_FIELD:
                    titles[entry_id] = str(revision.value or "")
        titles[self.entry_id] = self.title.value
        saved = self._newest_revisions() if self.store is not None else {}
        now = datetime.now()
        started = {entry: _started(entry, saved.get(entry, now)) for entry in {*saved, *titles}}
        # Started in the same second: the later saved (or not yet saved) one is the newer.
        order = sorted(
            started, key=lambda entry: (started[entry], saved.get(entry, now)), reverse=True
        )
        return {entry: _label(titles.get(entry, ""), started[entry]) for entry in order}

    def _refresh_list(self) -> None:
        self._listing = True
        try:
            self.past.options = [(label, entry) for entry, label in self._entries().items()]
            self.past.value = self.entry_id
        finally:
            self._listing = False

    def _refresh_download(self) -> None:
        self.download.value = download_link(
            f"gibbs-reflection-{self.entry_id}.md",
            self.reflection().to_markdown(self.cycle, self.view.min_words),
            "Download this reflection (Markdown)",
        )

    def _picked(self, change: Mapping[str, Any]) -> None:
        if self._listing or change["new"] in (None, self.entry_id):
            return
        try:
            self.open(change["new"])
        except Exception:
            self._listing = True  # the list goes back to the reflection still open
            try:
                self.past.value = self.entry_id
            finally:
                self._listing = False
            raise

    def _retitled(self, _change: Mapping[str, Any]) -> None:
        self._refresh_list()
        self._refresh_download()


def build_app() -> GibbsApp:
    """The app as notebooks/gibbs-cycle.ipynb shows it (through reflect.ui.launch.open_app), before
    any workbook is opened."""
    return GibbsApp()
