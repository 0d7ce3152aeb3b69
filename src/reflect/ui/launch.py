"""How an app notebook starts an app: `open_app("reflect.ui.gibbs")`.

Under Voila a page is interactive only once three things are done: the kernel has run the
notebook, the browser has loaded and run the page's script (reflect's page template, see
frontend/), and the browser has fetched the widgets. Done one after another, every moment
reflect spends importing its models, building an app and reading a workbook would be added to
the time the browser needs.

So the launcher cell imports only this module (ipywidgets, nothing of reflect's models), shows
an empty page and returns at once; the app is built, its workbook opened and the app put into
the page on a thread of its own, while the browser is still loading the page's script. The root
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
HOLD_TIMEOUT_S = 60.0
"""The longest the kernel waits for an app to be built before answering the browser anyway."""


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


def _open(page: widgets.Box, app: App, params: Mapping[str, str]) -> None:
    """Open the user's workbook in the app, then show it."""
    from reflect.store import Store

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


def hold_the_kernel(until: threading.Event, timeout: float = HOLD_TIMEOUT_S) -> None:
    """Keep the kernel from answering the browser until `until` is set (or `timeout` passes).

    The app's widgets are made on a thread while the kernel's main thread answers the browser;
    were the browser to ask for the list of widgets while the thread adds to it, the kernel
    could fail to answer ("dictionary changed size during iteration") and the page would never
    be drawn. So the main thread, once it has finished the launcher cell, waits for the app
    first. It has already told Voila the cell is done, so the page is on its way regardless.
    """
    from IPython import get_ipython

    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is not None:
        kernel.io_loop.add_callback(until.wait, timeout)


def start_app(module_name: str) -> widgets.VBox:
    """The page of the app that `module_name`'s build_app() makes: under Voila an empty page
    the app goes into once its workbook is open (on a thread), elsewhere the app itself, ready."""
    page = widgets.VBox([widgets.HTML(f'<p role="status">{html.escape(OPENING)}</p>')])
    if not in_voila():
        _open(page, _build(module_name), wait_for_request())
        return page
    # Built now in a preheated kernel (no one has asked yet); on the thread otherwise.
    prebuilt = _build(module_name) if _in_preheated_kernel() else None
    opened = threading.Event()

    def run() -> None:
        try:
            params = wait_for_request()  # at once, unless the kernel waits in a pool
            hold_the_kernel(opened)
            _open(page, prebuilt or _build(module_name), params)
        except Exception as error:  # shown on the page: a thread's failure is otherwise silent
            _failed(page, error)
        finally:
            opened.set()

    threading.Thread(target=run, name=f"open {module_name}", daemon=True).start()
    return page


def open_app(module_name: str) -> None:
    """What an app notebook runs: show the page of start_app(module_name). Returns nothing, so
    the notebook does not show the page a second time as the cell's result."""
    from IPython.display import display

    display(start_app(module_name))  # type: ignore[no-untyped-call]
