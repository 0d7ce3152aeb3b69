"""The trainer's cohort view: who is active now, each trainee's progress in a scenario, the
warning signs the room missed most, the cohort's competency profiles and the reflections
trainees share with their trainer, each table downloadable as CSV. The shared reflections' CSV
carries the trainees' own words out of the room, so it is offered once each identifying-looking
detail in them is listed and kept knowingly (reflect.ui._export_check), as every export is.

The page is /voila/render/cohort.ipynb?scenario=<id>. The room's server serves it only to the
hub's trainers group (reflect.room); the app also shows nothing unless reflect.identity says
the user is a trainer, checked once the request has arrived (a preheated kernel is built for
no one). On one's own computer, outside any hub or room, the one user is their own trainer.

The figures are reflect.cohort's DataFrames over the room's workbooks (reflect.cohort.source):
every SQLite workbook in the data folder, or the room's PostgreSQL database when one is set.
Who is active now and the progress table are read again every 30 seconds while the page is
open, on a daemon thread that ends with the kernel; "Refresh now" reads everything again.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

import ipywidgets as widgets

from reflect import identity
from reflect.cohort import (
    BREAK,
    Cohort,
    active_now,
    competency_spread,
    lowest_rated_items,
    most_missed_signs,
    read_cohort,
    scenario_progress_table,
    shared_reflections,
)
from reflect.errors import ReflectError
from reflect.frameworks import competency_framework
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.competency import CompetencyFramework
from reflect.model.scenario import Scenario
from reflect.scenarios import load_folders
from reflect.ui import _cohort_parts as parts
from reflect.ui._components import ErrorPanel, app_shell, bullet_list
from reflect.ui._export_check import ExportCheck
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui.scenario import library_folders

_log = logging.getLogger(__name__)

REFRESH_SECONDS = 30.0
TITLE = "Your cohort"
SUBTITLE = (
    "How the room is getting on: who is working now, how far each trainee has got, the warning "
    "signs missed most, the competency profiles and the reflections shared with you."
)
REFUSED = (
    "This view is for the room's trainers only, and you are not in the trainers group. If you "
    "are running this room, ask whoever runs the hub to add you to it."
)


def may_see_cohort() -> bool:
    """Whether this user may see the cohort (reflect.identity.is_trainer owns the rule); an
    identity that cannot say who this is means no."""
    try:
        return identity.is_trainer()
    except ReflectError:  # the room or hub could not say who this is
        return False


def room_cohort(scenarios: Sequence[Scenario]) -> Cohort:
    """The room's cohort, leaving out the trainer's own workbook when in a hub or room."""
    trainer = [identity.current_user()] if identity.under_a_hub() else []
    return read_cohort(scenarios, leave_out=trainer)


class Refresher:
    """Calls `job` every `seconds` on a daemon thread (it ends with the kernel) until stopped."""

    def __init__(self, seconds: float, job: Callable[[], object]) -> None:
        self.seconds, self.job = seconds, job
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cohort refresh", daemon=True)

    def start(self) -> Refresher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stopped.is_set()

    def _run(self) -> None:
        while not self._stopped.wait(self.seconds):
            self.job()


class CohortApp:
    """The page: refused, or the cohort's tables under their headings, each with its CSV."""

    def __init__(
        self,
        *,
        folders: Callable[[], Sequence[Path]] = library_folders,
        source: Callable[[Sequence[Scenario]], Cohort] = room_cohort,
        may_view: Callable[[], bool] = may_see_cohort,
        refresh_seconds: float | None = REFRESH_SECONDS,
        framework: CompetencyFramework | None = None,
    ) -> None:
        self.folders, self.source, self.may_view = folders, source, may_view
        self.refresh_seconds = refresh_seconds
        self.framework = framework or competency_framework()
        self.scenarios: tuple[Scenario, ...] = ()
        self.cohort: Cohort | None = None
        self.refresher: Refresher | None = None
        self._lock = threading.Lock()
        self.errors = ErrorPanel()
        self.read_at = widgets.HTML()
        self.read_at.add_class("reflect-status")
        self.problems = widgets.HTML()  # changes only when the problems do: not re-announced
        self.refresh_button = widgets.Button(
            description="Refresh now", layout=widgets.Layout(width="auto")
        )
        self.scenario_choice = widgets.Dropdown(
            options=[],
            value=None,
            description="Scenario",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),  # whole titles, never cut
        )
        self.active, self.progress, self.missed = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.competency, self.shared = widgets.HTML(), widgets.HTML()
        # The trainees' own words leave the room in this CSV: each identifying-looking detail is
        # listed first, for the trainer to keep knowingly or ask the trainee to change.
        self.shared_check = ExportCheck(
            whose="the reflections shared with you", to_change="Ask the trainee to change them"
        )
        self.body = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.widget = app_shell(TITLE, SUBTITLE, widgets.HTML(parts.CSS), self.errors, self.body)
        self.widget.add_class("reflect-cohort")
        self.refresh_button.on_click(self.errors.guard(lambda _: self.refresh(everything=True)))
        self.scenario_choice.observe(self.errors.guard(self._chosen), names="value")

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean)."""
        return share_layouts_and_styles(self.widget)

    def attach(self, store: object, params: Mapping[str, str] | None = None) -> None:
        """Check the user is a trainer, then read the cohort and show it (`store`, the trainer's
        own workbook, holds nothing of the cohort's)."""
        if not self.may_view():
            self.body.children = (widgets.HTML(f'<p role="alert">{html.escape(REFUSED)}</p>'),)
            return
        self.scenarios = load_folders(self.folders()).scenarios
        self._read()
        self.scenario_choice.options = [
            (scenario.title, scenario.id) for scenario in self.scenarios
        ]
        self.scenario_choice.value = self._first_scenario((params or {}).get("scenario", ""))
        controls = widgets.HBox([self.refresh_button, self.read_at])
        by_scenario = widgets.HTML("<h2>By scenario</h2>")
        self.body.children = (
            controls,
            self.problems,
            self.active,
            by_scenario,
            self.scenario_choice,
            self.progress,
            self.missed,
            self.competency,
            self.shared,
            self.shared_check,
        )
        self._render(everything=True)
        if self.refresh_seconds:
            self.refresher = Refresher(self.refresh_seconds, self._refresh_live).start()

    def refresh(self, everything: bool = False) -> None:
        """Read the cohort again and redraw who is active and the progress (every table when
        `everything`)."""
        with self._lock:
            self._read()
            self._render(everything)

    def close(self) -> None:
        """Stop refreshing (the page has gone)."""
        if self.refresher is not None:
            self.refresher.stop()

    @property
    def scenario(self) -> Scenario | None:
        chosen = self.scenario_choice.value
        return next((one for one in self.scenarios if one.id == chosen), None)

    def _refresh_live(self) -> None:
        try:
            self.refresh()
        except Exception as exc:  # a thread's failure is otherwise silent
            _log.exception("the cohort could not be read again")
            self.errors.show(f"The cohort could not be read again: {exc}")

    def _read(self) -> None:
        self.cohort = self.source(self.scenarios)
        read_at = self.cohort.read_at.astimezone().strftime("%H:%M:%S")
        every = ""
        if self.refresh_seconds:
            every = f" Who is active and the progress refresh every {self.refresh_seconds:g} s."
        self.read_at.value = f"<p>Read at {read_at}.{every}</p>"
        self.problems.value = (
            '<div role="alert"><p>Some workbooks could not be read; their trainees are left out '
            f"of the figures below.</p>{bullet_list(self.cohort.problems)}</div>"
            if self.cohort.problems
            else ""
        )

    def _first_scenario(self, wanted: str) -> str | None:
        """The scenario asked for, else the one most trainees have started, else the first."""
        ids = [scenario.id for scenario in self.scenarios]
        if wanted in ids:
            return wanted
        if self.cohort is None or not ids:
            return ids[0] if ids else None
        started: dict[str, set[str]] = {scenario_id: set() for scenario_id in ids}
        by_tool = {ScenarioLayout.tool(scenario_id): scenario_id for scenario_id in ids}
        for entry in self.cohort.entries:
            if entry.tool in by_tool:
                started[by_tool[entry.tool]].add(entry.owner)
        return max(ids, key=lambda one: (len(started[one]), -ids.index(one)))

    def _chosen(self, _change: object) -> None:
        if self.cohort is not None:
            with self._lock:
                self._render_scenario(progress_only=False)

    def _render(self, everything: bool) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        minutes = int(BREAK / timedelta(minutes=1))
        table = active_now(cohort.entries, self.scenarios, minutes=minutes)
        self.active.value = (
            "<h2>Who is active now</h2>"
            + parts.active_html(table, minutes)
            + parts.csv_link(table, _file("active-now"), "who is active now")
        )
        self._render_scenario(progress_only=not everything)
        if everything:
            self._render_competency(cohort)
            shared = shared_reflections(cohort.entries, self.scenarios)
            self.shared.value = (
                "<h2>Reflections shared with you</h2>"
                "<p>A trainee's reflection shows here only while they share it with you.</p>"
                + parts.shared_html(shared)
            )
            fields, fictional = parts.shared_fields(shared, self.scenarios)
            link = parts.csv_link(shared, _file("shared-reflections"), "shared reflections")
            self.shared_check.update(fields, link, fictional)

    def _render_scenario(self, progress_only: bool) -> None:
        cohort, scenario = self.cohort, self.scenario
        if cohort is None or scenario is None:
            self.progress.value = "<p>There are no scenarios in the library.</p>"
            self.missed.value = ""
            return
        title = html.escape(scenario.title)
        table = scenario_progress_table(cohort.entries, [scenario], cohort.trainees)
        self.progress.value = (
            f"<h3>Progress in {title}</h3>"
            + parts.progress_html(table, scenario.title)
            + parts.csv_link(table, _file(f"progress-{scenario.id}"), "progress")
        )
        if progress_only:
            return
        missed = most_missed_signs(cohort.entries, [scenario])
        self.missed.value = (
            f"<h3>Warning signs missed most in {title}</h3>"
            "<p>Counted among the trainees who have checked their spotting in the sign's "
            "chapter.</p>"
            + parts.missed_html(missed, scenario.title)
            + parts.csv_link(missed, _file(f"missed-signs-{scenario.id}"), "missed signs")
        )

    def _render_competency(self, cohort: Cohort) -> None:
        spread = competency_spread(cohort.entries, self.framework)
        lowest = lowest_rated_items(cohort.entries, self.framework)
        self.competency.value = (
            "<h2>Competency profiles</h2>"
            "<p>Each trainee counts once, by their latest self-assessment with an item rated.</p>"
            "<h3>Spread by domain</h3>"
            + parts.spread_html(spread)
            + parts.csv_link(spread, _file("competency-spread"), "competency spread")
            + "<h3>Lowest-rated items</h3>"
            + parts.lowest_html(lowest)
            + parts.csv_link(lowest, _file("lowest-rated-items"), "lowest-rated items")
        )


def _file(what: str) -> str:
    return f"cohort-{what}-{date.today().isoformat()}.csv"


def build_app() -> CohortApp:
    """The app as notebooks/cohort.ipynb shows it (through reflect.ui.launch.open_app), before
    anyone's request: nothing of the cohort is read until attach()."""
    return CohortApp()
