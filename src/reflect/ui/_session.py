"""Who is asking and what they asked for, learned only once their request has arrived.

`reflect serve` preheats kernels: each one runs its app notebook *before* anyone opens the page,
then waits in the pool. Anything a notebook computes before `wait_for_request()` returns is
therefore shared by whoever gets that kernel and is stale by the time they do. So an app is
built first from what is the same for everyone (that is what preheating speeds up); only once
`wait_for_request()` has returned are the user's workbook opened and the query string read.
reflect.ui.launch.open_app() does this for every app notebook:

    app = build_app()                              # the same for everyone: while preheating
    params = wait_for_request()                    # until a browser asks for this page
    app.attach(Store.for_user(current_user()), params)

Outside a preheated kernel (plain Voila, nbval, a notebook in JupyterLab, tests) there is no one
to wait for and `wait_for_request()` returns at once.

The readiness contract that browser tests and the benchmark rely on: every app's root widget
carries the CSS class `reflect-app` (`mark_app(widget)`), and an app is interactive once that
element is visible, Voila's loading indicator (`#loading`) is gone and the page has stopped
changing (its widgets are drawn: an app reaches the page whole, its parts drawn a moment
later). `SETTLE_INIT_JS` and `READY_JS` say this in the browser's terms.
"""

from __future__ import annotations

import os
from typing import Protocol, TypeVar
from urllib.parse import parse_qsl

from reflect.identity import ROOM_QUERY_URL_ENV, current_user

__all__ = [
    "APP_CSS_CLASS",
    "QUIET_MS",
    "READY_JS",
    "SETTLE_INIT_JS",
    "current_user",
    "mark_app",
    "wait_for_request",
]

APP_CSS_CLASS = "reflect-app"

QUIET_MS = 200
"""How long the page must go unchanged, once the app is shown, for it to count as drawn."""

SETTLE_INIT_JS = """(() => {
  // Run before the page's own scripts: notes when the document last changed.
  window.__reflectChanged = 0;
  new MutationObserver(() => { window.__reflectChanged = performance.now(); }).observe(
    document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""
"""Add to a browser context (add_init_script) before opening an app, for READY_JS."""

READY_JS = """(quietMs) => {
  const app = document.querySelector('.APP_CSS_CLASS');
  if (!app || document.getElementById('loading')) return false;
  const box = app.getBoundingClientRect();
  if (!(box.width > 0 && box.height > 0 && getComputedStyle(app).visibility !== 'hidden')) {
    return false;
  }
  const last = window.__reflectChanged || 0;
  // The moment the page last changed (ms since navigation began): when it was ready.
  return performance.now() - last >= quietMs ? Math.max(last, 1) : false;
}""".replace("APP_CSS_CLASS", APP_CSS_CLASS)
"""Called with QUIET_MS: false until the app is ready, then when it became ready (ms)."""


class _Classable(Protocol):
    def add_class(self, className: str) -> object: ...  # noqa: N803 (ipywidgets' name)


W = TypeVar("W", bound=_Classable)


def _in_preheated_kernel() -> bool:
    # Voila sets VOILA_PREHEAT="True" only in kernels it starts for the pool.
    return os.environ.get("VOILA_PREHEAT") == "True"


def wait_for_request() -> dict[str, str]:
    """Wait until a browser has asked for this page, then return its query parameters.

    In a preheated kernel this blocks until Voila hands the kernel to a request and passes on
    its query string (voila.utils.wait_for_request). Anywhere else it returns at once: under
    plain Voila the query string is already in the environment; elsewhere it is empty.
    A parameter given twice keeps its first value.
    """
    if _in_preheated_kernel():
        # A training room's kernels wait at an address only they are told (reflect.room).
        _receive_request(os.environ.get(ROOM_QUERY_URL_ENV) or _voila_query_url())
    params: dict[str, str] = {}
    for key, value in parse_qsl(os.environ.get("QUERY_STRING", ""), keep_blank_values=True):
        params.setdefault(key, value)
    return params


def _voila_query_url() -> str:
    """Where Voila tells a preheated kernel its request (as voila.utils.wait_for_request
    works it out from the variables Voila gives the kernel)."""
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query"


def _receive_request(url: str) -> None:
    """voila.utils.wait_for_request without importing voila: its package imports
    jupyter_server, nbconvert and jupyterlab_server, about 45 MB in every kernel of a room.
    Waits on a thread of its own (the kernel's loop is busy running the notebook) until the
    server sends this kernel's request, then puts its variables in the environment."""
    import asyncio
    import contextlib
    import json
    import threading

    import websockets

    received: list[str | bytes] = []

    async def receive() -> None:
        kernel = os.environ.get("VOILA_KERNEL_ID", "")
        async with websockets.connect(f"{url}/{kernel}", open_timeout=5) as socket:
            received.append(await socket.recv())

    def run() -> None:
        # As Voila's: with no request, nothing of it reaches the environment.
        with contextlib.suppress(OSError, TimeoutError, websockets.WebSocketException):
            asyncio.new_event_loop().run_until_complete(receive())

    waiting = threading.Thread(target=run, name="wait for the page's request")
    waiting.start()
    waiting.join()
    for key, value in json.loads(received[0]).items() if received else ():
        os.environ[str(key)] = str(value)


def mark_app(widget: W) -> W:
    """Tag `widget` as an app's root, the element browser tests wait for; returns it."""
    widget.add_class(APP_CSS_CLASS)
    return widget
