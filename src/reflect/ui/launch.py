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

The launcher cell itself sends the browser almost nothing: an empty page and its display. That
is what keeps pages from coming out blank. Voila renders a pool kernel's notebook in the server
and gives up on a cell's output four seconds after the kernel says the cell is done (nbclient's
`iopub_timeout`, logged only as "Timeout waiting for IOPub output"); an app built *in* the cell
sent a thousand widget messages ahead of its display, and while the pools filled (ten kernels
starting on two cores) the server could not read them all in four seconds, so the page was sent
without its output. Built on the thread, the app's messages follow the display instead.

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


def hold_the_kernel(until: threading.Event, timeout: float = HOLD_TIMEOUT_S) -> threading.Event:
    """Keep the kernel from answering the browser until `until` is set (or `timeout` passes);
    returns an event set once the hold has begun.

    The app's widgets are made on a thread while the kernel's main thread answers the browser;
    were the browser to ask for the list of widgets while the thread adds to it, the kernel
    could fail to answer ("dictionary changed size during iteration") and the page would never
    be drawn. So the main thread waits while the thread makes widgets. Outside a kernel there is
    nothing to hold and the returned event is set at once.
    """
    from IPython import get_ipython

    holding = threading.Event()
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        holding.set()
        return holding

    def hold() -> None:
        holding.set()
        until.wait(timeout)

    kernel.io_loop.add_callback(hold)
    return holding


def _build_held(module_name: str) -> App:
    """Build the app with the kernel held: a page may already be asking for its widgets."""
    built = threading.Event()
    hold_the_kernel(built)  # queued ahead of anything the browser sends from now on
    try:
        return _build(module_name)
    finally:
        built.set()


def _open_held(page: widgets.Box, app: App, params: Mapping[str, str]) -> None:
    """Open the workbook with the kernel held, once the hold has begun: the browser's request
    for the widgets may already be on its way."""
    opened = threading.Event()
    try:
        hold_the_kernel(opened).wait(HOLD_TIMEOUT_S)
        _open(page, app, params)
    finally:
        opened.set()


def start_app(module_name: str) -> widgets.VBox:
    """The page of the app that `module_name`'s build_app() makes: under Voila an empty page
    the app goes into once built and its workbook open (on a thread), elsewhere the app itself,
    ready."""
    page = widgets.VBox([widgets.HTML(f'<p role="status">{html.escape(OPENING)}</p>')])
    if not in_voila():
        _open(page, _build(module_name), wait_for_request())
        return page
    preheated = _in_preheated_kernel()

    def run() -> None:
        try:
            if preheated:
                # Built now, while the kernel waits in the pool; opened once someone asks.
                app = _build_held(module_name)
                _open_held(page, app, wait_for_request())
            else:
                # Asked for already: build and open under one hold, with no gap between them.
                done = threading.Event()
                hold_the_kernel(done)
                try:
                    _open(page, _build(module_name), wait_for_request())
                finally:
                    done.set()
        except Exception as error:  # shown on the page: a thread's failure is otherwise silent
            _failed(page, error)

    threading.Thread(target=run, name=f"open {module_name}", daemon=True).start()
    return page


def open_app(module_name: str) -> None:
    """What an app notebook runs: show the page of start_app(module_name). Returns nothing, so
    the notebook does not show the page a second time as the cell's result."""
    from IPython.display import display

    display(start_app(module_name))  # type: ignore[no-untyped-call]
