"""reflect's app page in Chromium: one script of its own instead of the JupyterLab application,
widgets that answer in both directions, and a clear notice when the kernel goes away."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

import psutil
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser._axe import wait_for_app
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

NOTEBOOK = "gibbs-cycle.ipynb"
LOST = "The connection to this app was lost"


def test_an_app_page_fetches_reflects_front_end_and_nothing_of_jupyterlab(
    context: BrowserContext, reflect_server: LiveServer
) -> None:
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(reflect_server.url(f"voila/render/{NOTEBOOK}"))
    wait_for_app(page)
    scripts = [path for path in fetched if path.endswith(".js")]
    assert scripts == ["/voila/templates/reflect/static/reflect-page.js"], fetched
    assert not [path for path in fetched if "labextensions" in path or "voila.js" in path]
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.locator("#loading")).to_have_count(0)
    page.close(run_before_unload=True)


def test_a_click_reaches_the_kernel_and_its_answer_reaches_the_page(
    open_app: Callable[..., Page],
) -> None:
    page = open_app(NOTEBOOK)
    # The wheel is an anywidget: the click goes to the kernel, which moves the stage shown.
    page.get_by_role("button", name="Stage 3 of 6: Evaluation").click()
    expect(page.get_by_role("heading", name="Stage 3 of 6: Evaluation")).to_be_visible()


def test_a_page_whose_kernel_died_says_so(open_app: Callable[..., Page]) -> None:
    page = open_app(NOTEBOOK)
    expect(page.get_by_text(LOST)).to_have_count(0)
    kernel_id = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    kernels = [
        process
        for process in psutil.process_iter(["cmdline"])
        if any(f"kernel-{kernel_id}.json" in part for part in process.info["cmdline"] or [])
    ]
    assert len(kernels) == 1, f"no single process for kernel {kernel_id}"
    kernels[0].kill()  # a crash: Jupyter Server restarts it, empty, and tells the page
    expect(page.get_by_role("alert").filter(has_text=LOST)).to_be_visible(timeout=30_000)
