"""reflect's app page in Chromium: one script of its own instead of the JupyterLab application,
widgets that answer in both directions, and a clear notice when the kernel goes away."""

from __future__ import annotations

import base64
import struct
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from reflect.ui._session import SETTLE_INIT_JS
from tests.browser._axe import wait_for_app
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer, live_server, running_server
from tests.browser.kernels import kernel_process
from tests.notebook_files import notebook_json

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
    kernel_process(page).kill()  # a crash: Jupyter Server restarts it, empty, and tells the page
    expect(page.get_by_role("alert").filter(has_text=LOST)).to_be_visible(timeout=30_000)


def _png(side: int) -> bytes:
    """A grey square PNG of `side` pixels: bytes a widget carries as a binary buffer."""
    rows = b"".join(b"\x00" + b"\x80" * side for _ in range(side))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@contextmanager
def _serving_notebooks(root: Path, sources: dict[str, str]) -> Iterator[str]:
    """`reflect serve` over a folder of notebooks of one cell each (name: source), no pool."""
    notebooks = {name: notebook_json(source) for name, source in sources.items()}
    with live_server(root, "--pool-size", "0", notebooks=notebooks) as server:
        yield server.base_url


BYTES_NOTEBOOK = """
import base64
import ipywidgets as widgets

small = base64.b64decode("{small}")
large = base64.b64decode("{large}")
image = widgets.Image(value=small, format="png", width=40, height=40, description="Square")
button = widgets.Button(description="Send the larger square")
button.on_click(lambda _: setattr(image, "value", large))
app = widgets.VBox([image, button])
app.add_class("reflect-app")
app
"""


@pytest.fixture(scope="module")
def bytes_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`reflect serve` over one notebook whose widget holds bytes (an Image), no pool."""
    root = tmp_path_factory.mktemp("bytes-server")
    source = BYTES_NOTEBOOK.format(
        small=base64.b64encode(_png(1)).decode(), large=base64.b64encode(_png(3)).decode()
    )
    with _serving_notebooks(root, {"bytes.ipynb": source}) as base_url:
        yield base_url


def test_bytes_from_the_kernel_reach_the_page_both_at_start_and_on_change(
    page: Page, bytes_server: str
) -> None:
    # Widget bytes travel as binary websocket frames: in the first state of every widget and in
    # each later update. A frame the server's handler misreads would hang the whole server.
    page.goto(f"{bytes_server}voila/render/bytes.ipynb")
    wait_for_app(page)
    image = page.locator(".reflect-app img")
    expect(image).to_have_js_property("naturalWidth", 1)
    page.get_by_role("button", name="Send the larger square").click()
    expect(image).to_have_js_property("naturalWidth", 3)
    with urllib.request.urlopen(bytes_server, timeout=10) as answer:  # the server still answers
        assert answer.status == 200


def test_an_app_works_over_plain_http_on_a_network_name(browser: Browser, tmp_path: Path) -> None:
    # On a hospital network the server is plain http on a name other than localhost: the page
    # is then no "secure context", and browsers withhold some APIs (crypto.randomUUID) from it.
    token = "ward-seven-token-for-the-test"
    command = ["reflect.cli", "serve", "--no-browser", "--pool-size", "0", "--host", "0.0.0.0"]
    command += ["--token", token]
    with running_server(command, tmp_path / "data", tmp_path / "server.log") as local_url:
        port = urlparse(local_url).port
        on_network = browser.browser_type.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP reflect-ward.test 127.0.0.1"],
        )
        try:
            network_context = on_network.new_context()
            network_context.add_init_script(SETTLE_INIT_JS)  # wait_for_app waits for a still page
            page = network_context.new_page()
            page.goto(f"http://reflect-ward.test:{port}/?token={token}")
            page.goto(f"http://reflect-ward.test:{port}/voila/render/{NOTEBOOK}")
            assert page.evaluate("window.isSecureContext") is False
            wait_for_app(page)
            page.get_by_role("button", name="Stage 3 of 6: Evaluation").click()
            expect(page.get_by_role("heading", name="Stage 3 of 6: Evaluation")).to_be_visible()
        finally:
            on_network.close()


OUTPUT_NOTEBOOK = """
import ipywidgets as widgets
from IPython.display import HTML, display

out = widgets.Output()
button = widgets.Button(description="Print into the output")
clicks = []

def on_click(_):
    clicks.append(1)
    with out:
        print(f"Clicked {len(clicks)} time(s)")

button.on_click(on_click)
with out:
    print("Printed at start")
    display(HTML(
        '<b class="said">Bold words</b>'
        '<img src="data:image/png;base64,broken" onerror="window.injected = 1">'
    ))
    display(widgets.Label("A label inside the output"))
app = widgets.VBox([button, out])
app.add_class("reflect-app")
app
"""


FUTURE_NOTEBOOK = """
import ipywidgets as widgets
import traitlets

class FutureButton(widgets.Button):
    _model_module_version = traitlets.Unicode("9.0.0").tag(sync=True)

app = widgets.VBox([FutureButton(description="From a later ipywidgets")])
app.add_class("reflect-app")
app
"""


@pytest.fixture(scope="module")
def output_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`reflect serve` over a notebook whose app prints into an Output widget and one whose
    widget asks for a version of its front end the page does not have, no pool."""
    root = tmp_path_factory.mktemp("output-server")
    notebooks = {"output.ipynb": OUTPUT_NOTEBOOK, "future.ipynb": FUTURE_NOTEBOOK}
    with _serving_notebooks(root, notebooks) as base_url:
        yield base_url


def test_an_output_widget_shows_what_the_app_prints_at_start_and_on_a_click(
    page: Page, output_server: str
) -> None:
    # Printed while the app was built (before the page connected): in the widget's state.
    page.goto(f"{output_server}voila/render/output.ipynb")
    wait_for_app(page)
    output = page.locator(".reflect-app .widget-output")
    expect(output.get_by_text("Printed at start")).to_be_visible()
    # HTML shows, sanitised; a widget displayed into the output is a live widget.
    expect(output.locator("b.said")).to_have_text("Bold words")
    expect(output.get_by_text("A label inside the output")).to_be_visible()
    # Printed in answer to a click: the kernel's output messages for that click.
    button = page.get_by_role("button", name="Print into the output")
    button.click()
    expect(output.get_by_text("Clicked 1 time(s)")).to_be_visible()
    button.click()
    expect(output.get_by_text("Clicked 2 time(s)")).to_be_visible()
    expect(output.get_by_text("Printed at start")).to_be_visible()
    assert page.evaluate("window.injected") is None
    assert output.locator("img").evaluate("img => img.hasAttribute('onerror')") is False


def test_a_widget_asking_for_a_version_the_page_lacks_is_named_on_the_page(
    page: Page, output_server: str
) -> None:
    page.goto(f"{output_server}voila/render/future.ipynb")
    alert = page.locator("#loading[role=alert]")
    expect(alert).to_contain_text(
        "ButtonModel from @jupyter-widgets/controls: the kernel asks for version 9.0.0 "
        "and this page has version 2.0.0",
        timeout=30_000,
    )
    expect(alert.get_by_role("button", name="Load the page again")).to_be_visible()
