"""How an app notebook starts an app: `open_app("reflect.ui.gibbs")`.

Under Voila a page is interactive only once three things are done: the kernel has run the
notebook, the browser has loaded and run Voila's scripts (about a second on a small machine),
and the browser has fetched the widgets. Done one after another, every moment reflect spends
importing its models, building an app and reading a workbook is added to that second.

So the launcher cell imports only this module (ipywidgets, nothing of reflect's models), shows
an empty page and returns at once; the app is built, its workbook opened and the app put into
the page on a thread of its own, while the browser is still loading Voila's scripts. The root
of an app carries `reflect-app` (see reflect.ui._session): it reaches the page only once the
app is built and the user's workbook is in it, so "interactive" still means ready to use.

In a preheated kernel (`reflect serve`) the app is built while the kernel waits in the pool,
before anyone asks; only opening the workbook waits for the request, on the thread.

Anywhere else (nbval, a notebook in JupyterLab) everything runs in the cell, in order, so a
failure shows in the cell as it always would.
"""

from __future__ import annotations

import html
import importlib
import logging
import os
import threading
from collections.abc import Mapping
from typing import Protocol

import ipywidgets as widgets

from reflect.ui._session import _in_preheated_kernel, current_user, wait_for_request

_log = logging.getLogger(__name__)
OPENING = "Opening your workbook…"


class App(Protocol):
    """What every reflect app offers its launcher."""

    widget: widgets.Widget

    def attach(self, store: object, params: Mapping[str, str]) -> None: ...

    def share_widget_models(self) -> int: ...


def in_voila() -> bool:
    """True in a kernel Voila started for a page (cold, or preheated in a pool)."""
    return _in_preheated_kernel() or os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")


def _build(module_name: str) -> App:
    module = importlib.import_module(module_name)
    app: App = module.build_app()
    app.share_widget_models()  # fewer models for the browser to build: ready sooner
    return app


def _open(page: widgets.Box, app: App) -> None:
    """Wait for the request, open the user's workbook in the app, then show it."""
    from reflect.store import Store

    params = wait_for_request()
    errors = getattr(app, "errors", None)
    attach = app.attach if errors is None else errors.guard(app.attach)
    attach(Store.for_user(current_user()), params)
    app.share_widget_models()  # and those the workbook added
    page.children = (app.widget,)


def _failed(page: widgets.Box, error: BaseException) -> None:
    # A failure here would otherwise leave the trainee looking at "Opening…" for ever.
    _log.exception("the app could not be opened", exc_info=error)
    page.children = (
        widgets.HTML(
            '<p role="alert">The app could not be opened: '
            f"{html.escape(str(error) or type(error).__name__)}. Reload the page to try again.</p>"
        ),
    )


def start_app(module_name: str) -> widgets.VBox:
    """The page of the app that `module_name`'s build_app() makes: under Voila an empty page
    the app goes into once its workbook is open (on a thread), elsewhere the app itself, ready."""
    page = widgets.VBox([widgets.HTML(f'<p role="status">{html.escape(OPENING)}</p>')])
    if not in_voila():
        _open(page, _build(module_name))
        return page
    # Built now in a preheated kernel (no one has asked yet); on the thread otherwise.
    prebuilt = _build(module_name) if _in_preheated_kernel() else None

    def run() -> None:
        try:
            _open(page, prebuilt or _build(module_name))
        except Exception as error:  # shown on the page: a thread's failure is otherwise silent
            _failed(page, error)

    threading.Thread(target=run, name=f"open {module_name}", daemon=True).start()
    return page


def open_app(module_name: str) -> None:
    """What an app notebook runs: show the page of start_app(module_name). Returns nothing, so
    the notebook does not show the page a second time as the cell's result."""
    from IPython.display import display

    display(start_app(module_name))  # type: ignore[no-untyped-call]
