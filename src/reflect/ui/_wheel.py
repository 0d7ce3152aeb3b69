"""The Gibbs cycle wheel: six stages drawn as a ring that a trainee clicks or arrows round."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anywidget
import traitlets
from ipywidgets import CallbackDispatcher

from reflect._paths import widgets_dir

GIBBS_STAGE_NAMES: tuple[str, ...] = (
    "Description",
    "Feelings",
    "Evaluation",
    "Analysis",
    "Conclusion",
    "Action plan",
)
"""The stage names shown when a page passes none, in Gibbs' order."""

# Read once at import: the front end is plain text shipped beside the package, and a string
# (not a Path) keeps anywidget from starting a file-watcher thread in every kernel.
_ESM = (widgets_dir() / "cycle_wheel.js").read_text(encoding="utf-8")
_CSS = (widgets_dir() / "cycle_wheel.css").read_text(encoding="utf-8")


class CycleWheel(anywidget.AnyWidget):
    """The stages of a reflective cycle as a ring of buttons, one of them current.

    Clicking a stage, or pressing Enter or Space on it, makes it current; arrow keys move focus
    round the ring. From Python, `select(index)`, `next()` and `previous()` do the same, and
    `on_select(callback)` hears every change of stage wherever it came from.
    """

    _esm = _ESM
    _css = _CSS

    stages = traitlets.List(
        traitlets.Unicode(),
        default_value=list(GIBBS_STAGE_NAMES),
        help="Names of the stages in cycle order; the ring is drawn clockwise from the top.",
    ).tag(sync=True)
    current = traitlets.Int(
        0, help="Index into `stages` of the stage being worked on, shown as the current step."
    ).tag(sync=True)
    done = traitlets.List(
        traitlets.Bool(),
        help="One flag per stage: True once the stage is written; shown with a tick and 'done'.",
    ).tag(sync=True)
    label = traitlets.Unicode(
        "Gibbs reflective cycle",
        help="Accessible name of the ring, read out when focus first enters it.",
    ).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        self._select_handlers = CallbackDispatcher()
        super().__init__(**kwargs)
        self.observe(self._on_current_change, names="current")

    @traitlets.default("done")
    def _no_stage_done(self) -> list[bool]:
        return [False] * len(self.stages)

    @traitlets.validate("stages")
    def _check_stages(self, proposal: traitlets.Bunch) -> list[str]:
        stages: list[str] = list(proposal["value"])
        if len(stages) < 2:
            raise traitlets.TraitError(
                f"a cycle wheel needs at least 2 stages; got {len(stages)}: {stages!r}"
            )
        blank = [index for index, name in enumerate(stages) if not name.strip()]
        if blank:
            raise traitlets.TraitError(f"stage names must not be blank; blank at index {blank}")
        if len(set(stages)) != len(stages):
            raise traitlets.TraitError(f"stage names must be different; got {stages!r}")
        # The other traits are checked against the new list too, so a wheel never holds a
        # `done` or `current` that points past its stages: change them together, notifications held.
        self._check_done_length(self.done, len(stages))
        self._check_index(self.current, len(stages))
        return stages

    @traitlets.validate("current")
    def _check_current(self, proposal: traitlets.Bunch) -> int:
        index = proposal["value"]
        self._check_index(index, len(self.stages))
        return int(index)

    @traitlets.validate("done")
    def _check_done(self, proposal: traitlets.Bunch) -> list[bool]:
        done: list[bool] = list(proposal["value"])
        self._check_done_length(done, len(self.stages))
        return done

    @staticmethod
    def _check_index(index: object, stage_count: int) -> None:
        if isinstance(index, bool) or not isinstance(index, int):
            raise traitlets.TraitError(f"current must be a stage index (an int); got {index!r}")
        if not 0 <= index < stage_count:
            raise traitlets.TraitError(
                f"current must be a stage index from 0 to {stage_count - 1}; got {index}"
            )

    @staticmethod
    def _check_done_length(done: Sequence[bool], stage_count: int) -> None:
        if len(done) != stage_count:
            raise traitlets.TraitError(
                f"done needs one flag per stage: {stage_count} stages but {len(done)} flags"
            )

    @property
    def stage(self) -> str:
        """Name of the current stage."""
        return str(self.stages[self.current])

    def select(self, index: int) -> None:
        """Make stage `index` current, as clicking it in the page does."""
        self.current = index

    def next(self) -> int:
        """Move to the following stage; stays on the last one. Returns the current index."""
        self.current = min(self.current + 1, len(self.stages) - 1)
        return int(self.current)

    def previous(self) -> int:
        """Move to the stage before; stays on the first one. Returns the current index."""
        self.current = max(self.current - 1, 0)
        return int(self.current)

    def mark_done(self, index: int, done: bool = True) -> None:
        """Set one stage's done flag (a new list, so the change reaches the page)."""
        self._check_index(index, len(self.stages))
        flags = list(self.done)
        flags[index] = done
        self.done = flags

    def on_select(self, callback: Callable[[int], object], remove: bool = False) -> None:
        """Call `callback(index)` whenever the current stage changes (pass remove=True to stop).

        As with ipywidgets' Button.on_click, an error in a callback is reported, not raised:
        views that need the error shown route it to an Output.
        """
        self._select_handlers.register_callback(callback, remove=remove)

    def _on_current_change(self, change: traitlets.Bunch) -> None:
        self._select_handlers(change["new"])
