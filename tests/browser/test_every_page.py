"""Every page `reflect serve` sends shows its app, at the default settings and with pools of 0,
1, 2 and 4 kernels, opened as soon as the server listens (the pools still filling) and opened
again at once (the pool refilling); and a page whose app cannot arrive says so, with a button."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from reflect import _paths
from reflect._landing import SCENARIO_PLAYER, available_apps
from tests.browser._axe import wait_for_app
from tests.browser.conftest import LiveServer, live_server, watch_console
from tests.notebook_files import notebook_json

pytestmark = pytest.mark.browser

APP_READY_MS = 90_000
SCENARIO = "the-fourth-referral"
"""The player needs a scenario; any of the shipped ones will do."""


def app_paths() -> list[str]:
    """Every app page the landing page links to: the four tools and the scenario player."""
    paths = [f"voila/render/{app.notebook}" for app in available_apps(_paths.notebooks_dir())]
    return [*paths, f"voila/render/{SCENARIO_PLAYER}?scenario={SCENARIO}"]


@pytest.fixture(params=[0, 1, None, 4], ids=["pool-0", "pool-1", "pool-default-2", "pool-4"])
def server_with_pool(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A fresh `reflect serve` with this many kernels per pool (None: the default, as make
    run starts it), opened to pages while its pools are still filling."""
    size = request.param
    settings = [] if size is None else ["--pool-size", str(size)]
    with live_server(tmp_path_factory.mktemp(f"pool-{size}"), *settings) as server:
        yield server


def _open(context: BrowserContext, server: LiveServer, path: str) -> tuple[Page, list[str]]:
    page = context.new_page()
    errors = watch_console(page)
    page.goto(server.url(path), wait_until="commit")
    return page, errors


@pytest.mark.timeout(900)  # a fresh server filling its pools, then ten pages, on two cores
def test_every_app_page_shows_its_app_opened_at_once_and_again_while_the_pool_refills(
    context: BrowserContext, server_with_pool: LiveServer
) -> None:
    opened, shown, problems = 0, 0, []
    for path in app_paths():
        # Two people open the same app a moment apart: the second page takes the pool's next
        # kernel, or the one refilling it.
        pages = [_open(context, server_with_pool, path) for _ in range(2)]
        for page, errors in pages:
            opened += 1
            try:
                wait_for_app(page, timeout_ms=APP_READY_MS)
                shown += 1
            except Exception as error:
                text = page.locator("body").inner_text()[:300]
                problems.append(f"{path}: {type(error).__name__}: {text!r} {errors}")
            page.close(run_before_unload=True)
    print(f"\npages shown: {shown} of {opened} ({server_with_pool.log_path.parent.name})")
    assert shown == opened, "\n".join(problems)


NO_OUTPUT_NOTEBOOK = notebook_json("answer = 42  # shows nothing: the page arrives without an app")


@pytest.fixture(scope="module")
def appless_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`reflect serve --notebooks DIR` over a notebook that shows nothing, no pool."""
    root = tmp_path_factory.mktemp("appless")
    with live_server(
        root, "--pool-size", "0", notebooks={"quiet.ipynb": NO_OUTPUT_NOTEBOOK}
    ) as server:
        yield server


def test_a_page_that_arrives_without_its_app_says_so_and_offers_to_load_again(
    page: Page, appless_server: LiveServer
) -> None:
    page.goto(appless_server.url("voila/render/quiet.ipynb"))
    alert = page.locator("#loading[role=alert]")
    expect(alert).to_contain_text("arrived without its app", timeout=5_000)
    button = alert.get_by_role("button", name="Load the page again")
    expect(button).to_be_visible()
    with page.expect_navigation():
        button.press("Enter")  # from the keyboard, as everything on the page
    expect(page.locator("#loading[role=alert]")).to_contain_text("arrived without its app")


def test_the_page_says_when_its_app_is_slow_to_arrive(
    page: Page, reflect_server: LiveServer
) -> None:
    # The kernel's websocket opens but nothing ever answers on it: the page must not wait silently.
    page.route_web_socket("**/api/kernels/**", lambda socket: None)
    page.goto(reflect_server.url("voila/render/gibbs-cycle.ipynb"))
    alert = page.locator("#loading[role=alert]")
    expect(alert).to_be_visible(timeout=15_000)
    expect(alert.get_by_role("button", name="Load the page again")).to_be_visible()
