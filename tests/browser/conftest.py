"""A live `reflect serve` and Debian's Chromium, shared by every browser test of a session.

The main fixture, `reflect_server`, starts the product exactly as `make run` does: `reflect
serve` with its defaults (only the port, and a data folder of its own, differ). A server with
any other setting is a fixture of its own, named for what it changes (`trainer_folder_server`,
`server_with_pool(size)`, `quick_cull_server`)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from reflect.ui._session import SETTLE_INIT_JS
from tests.browser._axe import wait_for_app

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google, which this closed
# network refuses (see /work/.library/env/machines/python.md).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 90
ANNOUNCED = "reflect is serving the apps at"
"""What `reflect serve` prints once it listens (reflect.serve.ReflectVoila._announce)."""
# Only the server under test: a request anywhere else is cut at once, as it would be behind a
# hospital firewall, instead of leaving the test to wait on the network.
_OFF_HOST = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/]).*")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    """A running `reflect serve`: where it answers and where its data and log live."""

    base_url: str
    scenarios_dir: Path | None  # the trainer's folder, when the server was given one
    data_dir: Path
    log_path: Path
    pid: int = 0

    def url(self, path: str = "/", **params: str) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base_url}{path.lstrip('/')}{query}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"reflect serve exited with {process.returncode}:\n{log.read_text()}")
        # The server says so once it listens. A TCP connect alone is not proof: with kernels
        # starting all around (each binds five ports picked like ours), something else may
        # hold the port for a moment and the server have failed to bind it.
        if ANNOUNCED in log.read_text(encoding="utf-8", errors="replace"):
            with socket.socket() as probe:
                probe.settimeout(0.5)
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
        time.sleep(0.2)
    pytest.fail(f"reflect serve did not listen within {START_TIMEOUT_S}s:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    # SIGTERM lets Voila shut its kernels down; they would outlive a SIGKILL.
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def running_process(
    module_args: list[str], data_dir: Path, log_path: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python -m <module_args> --port P` with its own data folder, until the block ends;
    yields its base URL and process. Output goes to `log_path` (a pipe nobody reads fills)."""
    port = free_port()
    command = [sys.executable, "-m", *module_args, "--port", str(port)]
    env = {**os.environ, "REFLECT_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("REFLECT_SCENARIOS_DIR", None)
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(process, port, log_path)
        yield f"http://127.0.0.1:{port}/", process
    finally:
        _stop(process)


@contextmanager
def running_server(module_args: list[str], data_dir: Path, log_path: Path) -> Iterator[str]:
    """As running_process, yielding only the base URL."""
    with running_process(module_args, data_dir, log_path) as (base_url, _process):
        yield base_url


SERVE = ["reflect.cli", "serve", "--no-browser"]
"""`reflect serve` as `make run` starts it (the port is added by running_process)."""


@contextmanager
def live_server(
    root: Path, *settings: str, scenarios: bool = False, notebooks: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """`reflect serve` with `settings` beyond its defaults, and a data folder of its own; with
    `notebooks` (file name: text), over a folder of those files instead of reflect's apps."""
    data_dir = root / "data"
    data_dir.mkdir()
    scenarios_dir = root / "scenarios" if scenarios else None
    command = [*SERVE, *settings]
    if notebooks is not None:
        folder = root / "notebooks"
        folder.mkdir()
        for name, text in notebooks.items():
            (folder / name).write_text(text, encoding="utf-8")
        command += ["--notebooks", str(folder)]
    if scenarios_dir is not None:
        scenarios_dir.mkdir()
        command += ["--scenarios", str(scenarios_dir)]
    log_path = root / "server.log"
    with running_process(command, data_dir, log_path) as (base_url, process):
        yield LiveServer(base_url, scenarios_dir, data_dir, log_path, process.pid)


@pytest.fixture(scope="session")
def reflect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`reflect serve` exactly as `make run` starts it: every setting at its default."""
    with live_server(tmp_path_factory.mktemp("live-server")) as server:
        yield server


@pytest.fixture(scope="session")
def trainer_folder_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`reflect serve --scenarios DIR`: a trainer's own folder of scenarios beside the shipped."""
    with live_server(tmp_path_factory.mktemp("trainer-server"), scenarios=True) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}: run `make browser-deps`"
        # `make test` sets this, so a machine without Chromium fails instead of passing quietly.
        if os.environ.get("REFLECT_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: no cookies, cache or storage carried over."""
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    fresh.set_default_timeout(60_000)
    fresh.route(_OFF_HOST, lambda route: route.abort())
    fresh.add_init_script(SETTLE_INIT_JS)  # wait_for_app waits for the page to settle
    yield fresh
    fresh.close()


MODEL_NOT_FOUND = "widget model not found"


def watch_console(page: Page) -> list[str]:
    """The page's console errors, as they come: a test can say none may be a lost widget."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    opened = context.new_page()
    errors = watch_console(opened)
    yield opened
    # Closing with beforeunload lets Voila's page ask the server to shut its kernel down.
    if not opened.is_closed():
        opened.close(run_before_unload=True)
    # An update the page dropped (a widget built while a message about it was handled) shows
    # as this error; whatever the test did, it must never happen.
    assert not [error for error in errors if MODEL_NOT_FOUND in error], errors


@pytest.fixture
def open_app(page: Page, reflect_server: LiveServer) -> Callable[..., Page]:
    """Open an app notebook (query parameters as keywords) and wait until it is interactive."""

    def open_notebook(notebook: str, **params: str) -> Page:
        page.goto(reflect_server.url(f"voila/render/{notebook}", **params))
        wait_for_app(page)
        return page

    return open_notebook
