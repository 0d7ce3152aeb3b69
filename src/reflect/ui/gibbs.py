"""The Gibbs reflective cycle app: a wheel of six stages, a text box per stage, past reflections."""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Mapping
from typing import Any

import ipywidgets as widgets

from reflect.errors import StoreError
from reflect.frameworks import gibbs_cycle
from reflect.layout import Gibbs, Prefix, record
from reflect.model.gibbs import (
    DEFAULT_MIN_WORDS,
    STAGE_IDS,
    GibbsCycle,
    GibbsReflection,
    GibbsStage,
    StageId,
)
from reflect.store import Store
from reflect.ui._components import (
    AutosavedText,
    ErrorPanel,
    app_shell,
    download_link,
    point_previous_next,
)
from reflect.ui._export_check import ExportCheck
from reflect.ui._identifier_warning import IdentifierWarnings
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._portfolio_pages import GibbsPortfolio
from reflect.ui._record_picker import RecordPicker, new_record_id
from reflect.ui._share import ShareToggle
from reflect.ui._wheel import CycleWheel

_WIDE = widgets.Layout(width="100%")


class GibbsCycleView:
    """The body of a Gibbs reflection: the wheel, one panel per stage, Previous/Next, the total,
    and "Share this reflection with my trainer".

    Embeddable: `bind(store, tool, prefix)` saves stage texts under (tool, prefix + stage id)
    and the share choice under (tool, Gibbs.shared(prefix)), so the app uses
    ("gibbs", "<entry>/") and a scenario ("scenario:<id>", "<chapter>/").
    `on_change(callback)` hears the reflection (a GibbsReflection) after every edit.
    Names in `fictional` (a scenario's people) are not flagged as identifying.
    """

    def __init__(
        self,
        cycle: GibbsCycle,
        *,
        min_words: int = DEFAULT_MIN_WORDS,
        delay: float | None = None,
        fictional: Collection[str] = frozenset(),
    ) -> None:
        self.cycle = cycle
        self.fictional = fictional
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
        self.share = ShareToggle(self.errors)
        self.widget = widgets.VBox(
            [
                self.wheel,
                self.stage_area,
                widgets.HBox([self.previous_button, self.next_button]),
                self.total,
                self.share.widget,
                self.errors,
            ]
        )
        self.widget.add_class("reflect-gibbs-cycle")
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

    def bind(self, store: Store, tool: str, prefix: Prefix) -> None:
        """Show and save the reflection stored under prefix; open it at its first stage to write."""
        if not self.flush():
            # Rebinding would drop the waiting text: keep it on screen to be saved later.
            raise StoreError("your last change could not be saved, so this reflection stays open")
        # Read once before rebinding any box: if the workbook cannot be read, every box stays
        # bound to the reflection it shows, so nothing typed next lands in the wrong one.
        store.latest_many(tool, prefix)
        for stage_id, field in self.fields.items():
            field.bind(store, tool, Gibbs.stage(prefix, stage_id))
        self.share.bind(store, tool, Gibbs.shared(prefix))
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
        field = self.fields[stage.id]
        warning = IdentifierWarnings(field.box, fictional=self.fictional)
        panel = widgets.VBox([intro, field, warning], layout=_WIDE)
        panel.add_class("reflect-card")
        return panel

    def _show(self, index: int) -> None:
        stages = self.cycle.stages
        self.stage_area.children = (self.panels[stages[index].id],)
        names = [stage.name for stage in stages]
        point_previous_next(self.previous_button, self.next_button, names, index)

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
        self.entry_id = new_record_id()
        self.errors = ErrorPanel()
        self.picker = RecordPicker(
            Gibbs.TOOL,
            label="Past reflections",
            new_label="New reflection",
            unnamed="Untitled reflection",
            name_item=Gibbs.title,
            errors=self.errors,
        )
        self.past, self.new_button = self.picker.dropdown, self.picker.new_button
        self.title = AutosavedText(
            "Title of this reflection",
            placeholder="For example: supervision of a neglect case",
            multiline=False,
            delay=delay,
        )
        self.title_warnings = IdentifierWarnings(self.title.box)
        self.view = GibbsCycleView(self.cycle, delay=delay)
        self.portfolio = GibbsPortfolio(self.errors, self.flush)
        self.export_check = ExportCheck()
        self.download = self.export_check.download
        self.widget = app_shell(
            self.cycle.title,
            self.cycle.summary,
            self.picker.widget,
            self.errors,
            self.title,
            self.title_warnings,
            self.view.widget,
            self.export_check,
            self.portfolio.widget,
        )
        self.widget.add_class("reflect-gibbs")
        self.picker.on_open(self.open)
        self.picker.on_new(lambda: self.open(new_record_id()))
        self.title.box.observe(self.errors.guard(self._retitled), names="value")
        self.view.on_change(lambda _: self._refresh_download())
        self.view.on_change(lambda _: self.portfolio.changed())
        self._refresh_download()

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean);
        called before the page is shown and again once the workbook is loaded."""
        return share_layouts_and_styles(self.widget, *self.view.panels.values())

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Load the user's workbook and open `params["entry"]`, else the last one written in."""
        self.store = store
        written = self.picker.written(store)
        wanted = (params or {}).get("entry", "")
        self.open(wanted if wanted in written else next(iter(written), new_record_id()))

    def open(self, entry_id: str) -> None:
        """Show the reflection `entry_id` (new if nothing was saved under it)."""
        if self.store is None:
            raise StoreError("the workbook is not open yet")
        if not self.title.flush():
            raise StoreError("your last change could not be saved, so this reflection stays open")
        self.view.bind(self.store, Gibbs.TOOL, record(entry_id))
        self.entry_id = entry_id
        self.title.bind(self.store, Gibbs.TOOL, Gibbs.title(entry_id))
        self._refresh_list()
        self._refresh_download()
        self.portfolio.bind(self.store, entry_id)

    def flush(self) -> bool:
        """Save every waiting change now (title and stages); False if any could not be saved."""
        saved = [self.title.flush(), self.view.flush()]
        return all(saved)

    def reflection(self) -> GibbsReflection:
        return self.view.reflection().model_copy(update={"title": self.title.value.strip()})

    def _refresh_list(self) -> None:
        self.picker.refresh(self.store, self.entry_id, self.title.value)

    def _refresh_download(self) -> None:
        fields = [(self.title.box.description, self.title.value)]
        fields += [(field.box.description, field.value) for field in self.view.fields.values()]
        link = download_link(
            f"gibbs-reflection-{self.entry_id}.md",
            self.reflection().to_markdown(self.cycle, self.view.min_words),
            "Download this reflection (Markdown)",
        )
        self.export_check.update(fields, link)

    def _retitled(self, _change: Mapping[str, Any]) -> None:
        self._refresh_list()
        self._refresh_download()
        self.portfolio.changed()


def build_app() -> GibbsApp:
    """The app as notebooks/gibbs-cycle.ipynb shows it (through reflect.ui.launch.open_app), before
    any workbook is opened."""
    return GibbsApp()
