"""A trainer's preview of one scenario file, for the preview notebook `reflect author` writes
beside it: what `reflect validate` finds, listed in place, then the scenario played as trainees
will see it, with the notes for trainers shown.

The preview redraws itself when the file is saved. Whether the file changed is told as the
landing page of `reflect serve` tells it (reflect._landing: the file's size and modification
time, read afresh each look), checked every second on a daemon thread that ends with the
kernel. A file that stops loading keeps the last version that loaded on show, under its
problems, so a trainer halfway through an edit does not lose their place. Answers given in the
preview are kept in a scratch workbook for as long as the kernel runs (by ids, as a trainee's
are), so a redraw opens at the same chapter with the same answers.
"""

from __future__ import annotations

import html
import tempfile
import threading
from pathlib import Path

import ipywidgets as widgets

from reflect.errors import ScenarioError
from reflect.model.scenario import Scenario
from reflect.scenario_images import image_data_urls
from reflect.scenarios import validate_paths
from reflect.store import Store
from reflect.ui._components import ErrorPanel, app_shell
from reflect.ui._player_parts import problems_html
from reflect.ui._player_views import Tools
from reflect.ui.scenario import ScenarioPlayer

POLL_SECONDS = 1.0
Stamp = tuple[int, int] | None


def file_stamp(path: Path) -> Stamp:
    """What says whether the file changed: its size and modification time (None when gone)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def findings_html(path: Path, outcome: Scenario | ScenarioError | None) -> str:
    """`reflect validate`'s findings for the file, as a trainer reads them in the notebook."""
    name = html.escape(path.name)
    if outcome is None:
        return (
            f'<p role="alert"><strong>{name} is not there.</strong> '
            "Save the file beside this notebook.</p>"
        )
    if isinstance(outcome, Scenario):
        return (
            f'<p class="reflect-findings-ok" role="status"><strong>reflect validate: {name} is '
            f"valid</strong> ({html.escape(outcome.id)}: {html.escape(outcome.title)}).</p>"
        )
    count = len(outcome.problems)
    return (
        f'<p role="alert"><strong>reflect validate: {count} problem{"s" if count != 1 else ""} '
        f"in {name}.</strong> Correct the file and save it: this preview redraws itself.</p>"
        + problems_html([outcome])
    )


class ScenarioPreview:
    """One scenario file's findings and its player, redrawn when the file changes."""

    def __init__(
        self, path: Path, *, tools: Tools | None = None, poll_seconds: float | None = POLL_SECONDS
    ) -> None:
        self.path = path
        self.tools = tools or Tools()
        self.errors = ErrorPanel()
        self.findings = widgets.HTML()
        self.findings.add_class("reflect-findings")
        self.body = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.widget = app_shell(
            f"Preview: {path.name}",
            "As trainees will see it, with your notes for trainers. Save the file to redraw.",
            self.findings,
            self.errors,
            self.body,
        )
        self.player: ScenarioPlayer | None = None
        self.shown: Scenario | None = None
        self.redraws = 0
        self._stamp: Stamp = None
        self._scratch = tempfile.TemporaryDirectory(prefix="reflect-preview-")
        self.store = Store(Path(self._scratch.name) / "preview.sqlite")
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.redraw()
        if poll_seconds:
            threading.Thread(
                target=self._watch, args=(poll_seconds,), name="scenario preview", daemon=True
            ).start()

    def redraw(self) -> None:
        """Check the file as `reflect validate` does and show the findings; play the scenario
        when it loads (else keep the last version that did)."""
        with self._lock:
            self._stamp = file_stamp(self.path)
            outcome: Scenario | ScenarioError | None = None
            if self._stamp is not None:
                outcome = validate_paths([self.path])[0][1]
            self.findings.value = findings_html(self.path, outcome)
            if isinstance(outcome, Scenario):
                if self.player is not None:
                    self.player.flush()
                images = image_data_urls(outcome, self.path.parent)
                self.player = ScenarioPlayer(outcome, self.tools, trainer_notes=True, images=images)
                self.player.attach(self.store)
                self.shown = outcome
                self.body.children = (self.player.widget,)
            elif self.player is not None:
                note = widgets.HTML(
                    "<p><em>Below: the last version of the file that loaded.</em></p>"
                )
                self.body.children = (note, self.player.widget)
            self.redraws += 1

    def changed(self) -> bool:
        """Whether the file has changed since it was last drawn."""
        return file_stamp(self.path) != self._stamp

    def stop(self) -> None:
        """Stop watching the file."""
        self._stopped.set()

    def _watch(self, seconds: float) -> None:
        while not self._stopped.wait(seconds):
            if self.changed():
                self.errors.guard(self.redraw)()


def preview(file: str | Path) -> widgets.Widget:
    """The preview of a scenario file (a path from the notebook's folder): shown in the
    notebook, redrawn whenever the file is saved."""
    return ScenarioPreview(Path(file).resolve()).widget
