"""A live `reflect serve` over plain HTTP: preheated kernels get each request's own parameters,
pages carry no source or traceback, nothing but notebooks is served, tokens off loopback."""

from __future__ import annotations

import html
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.notebook_files import notebook_json

# --- a live server, over plain HTTP ----------------------------------------------------------

PROBE = notebook_json(
    "import ipywidgets\nfrom reflect.ui import mark_app, wait_for_request",
    "params = wait_for_request()\n"
    "print('PARAMS:' + '|'.join(f'{k}={v}' for k, v in sorted(params.items())))\n"
    "mark_app(ipywidgets.Button(description='Go'))",
)
BOOM = notebook_json("raise RuntimeError('confidential-detail-4711')")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, notebooks: Path, log: Path, *args: str) -> None:
        self.port = _free_port()
        self.log_path = log
        command = [
            sys.executable,
            "-m",
            "reflect.cli",
            "serve",
            "--no-browser",
            "--port",
            str(self.port),
        ]
        command += ["--notebooks", str(notebooks), *args]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with log.open("wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while "reflect is serving" not in self.log():
            assert self.process.poll() is None, self.log()
            assert time.monotonic() < deadline, self.log()
            time.sleep(0.2)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        connection.close()
        return response.status, body, dict(response.getheaders())

    def wait_for_log(self, text: str, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            assert time.monotonic() < deadline, f"{text!r} x{count} never logged:\n{self.log()}"
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    notebooks = tmp_path_factory.mktemp("notebooks")
    (notebooks / "probe.ipynb").write_text(PROBE, encoding="utf-8")
    (notebooks / "boom.ipynb").write_text(BOOM, encoding="utf-8")
    (notebooks / "helpers.py").write_text("SECRET = 1\n", encoding="utf-8")
    (notebooks / "case.yaml").write_text("id: case\n", encoding="utf-8")
    server = Server(notebooks, notebooks.parent / "live.log", "--pool-size", "1")
    yield server
    server.stop()


def _printed_params(page: str) -> str:
    found = re.search(r"PARAMS:([^\"\\<]*)", html.unescape(page))
    assert found, page[-2000:]
    return found.group(1).strip()


def test_each_request_gets_its_own_parameters_from_a_preheated_kernel(live: Server) -> None:
    live.wait_for_log("Kernel pool of probe.ipynb is filled", 1)
    status, page, _ = live.get("/voila/render/probe.ipynb?scenario=missed-visits&x=1")
    assert status == 200
    assert _printed_params(page) == "scenario=missed-visits|x=1"
    live.wait_for_log("Kernel pool of probe.ipynb is filled", 2)  # refilled after the take
    _, page, _ = live.get("/voila/render/probe.ipynb?scenario=quiet-child")
    assert _printed_params(page) == "scenario=quiet-child"
    assert live.log().count("Using pre-heated kernel") >= 2


def test_rendered_pages_carry_no_source_and_no_traceback(live: Server) -> None:
    _, page, _ = live.get("/voila/render/probe.ipynb")
    assert "wait_for_request" not in page
    _status, page, _ = live.get("/voila/render/boom.ipynb")
    assert "There was an error when executing cell" in page  # it ran, and failed
    assert "confidential-detail-4711" not in page
    assert "Traceback" not in page


def test_an_app_page_is_reflects_page_not_the_jupyterlab_application(live: Server) -> None:
    _, page, _ = live.get("/voila/render/probe.ipynb")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["/voila/templates/reflect/static/reflect-page.js"]
    assert '<html lang="en">' in page
    assert "voila.js" not in page
    assert "federated_extensions" not in page  # no JupyterLab extension is loaded
    status, bundle, _ = live.get(scripts[0])
    assert status == 200
    assert bundle.startswith("/* reflect-page: built from frontend/ sources")


def test_closing_the_tab_shuts_its_kernel_down_but_no_other_site_can(live: Server) -> None:
    _, page, _ = live.get("/voila/render/probe.ipynb")
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)
    assert kernel_id, page[-2000:]
    shutdown = f"/voila/api/shutdown/{kernel_id.group(1)}"
    foreign = {"Origin": "http://evil.example", "Content-Length": "0"}
    assert live.get(shutdown, "POST", foreign)[0] in (403, 404)  # Jupyter Server hides it
    assert f"Kernel shutdown: {kernel_id.group(1)}" not in live.log()
    own = {"Origin": f"http://127.0.0.1:{live.port}", "Content-Length": "0"}
    assert live.get(shutdown, "POST", own)[0] == 204  # what Voila's beforeunload beacon sends
    live.wait_for_log(f"Kernel shutdown: {kernel_id.group(1)}", 1)


def test_kernels_listen_on_unix_sockets_only_the_server_user_can_reach(live: Server) -> None:
    # No TCP port to race for (reflect.kernel_sockets): each kernel's sockets are files named
    # after it, in Voila's own folder for this server, closed to every other user.
    live.wait_for_log("Kernel pool of probe.ipynb is filled", 1)
    folder = re.search(r"Storing connection files in (\S+?)\.?$", live.log(), re.MULTILINE)
    assert folder, live.log()
    connections = Path(folder.group(1))
    assert connections.stat().st_mode & 0o077 == 0
    files = sorted(connections.glob("kernel-*.json"))
    assert files
    for file in files:
        info = json.loads(file.read_text(encoding="utf-8"))
        assert info["transport"] == "ipc"
        assert info["ip"] == str(file.with_suffix("")) + "-ipc"
        sockets = [Path(f"{info['ip']}-{info[name]}") for name in ("shell_port", "iopub_port")]
        assert all(path.is_socket() for path in sockets), sockets
    _, page, _ = live.get("/voila/render/probe.ipynb")
    assert "PARAMS:" in html.unescape(page)  # a page is served through them


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/voila/files/helpers.py", 403),
        ("/voila/files/case.yaml", 403),
        ("/voila/files/probe.ipynb", 403),
        ("/voila/tree", 404),
        ("/voila/api/contents/", 404),
        ("/static/etc/passwd", 404),
    ],
)
def test_nothing_but_notebooks_is_served(live: Server, path: str, status: int) -> None:
    assert live.get(path)[0] == status


def test_root_is_the_landing_page_and_allows_no_script(live: Server) -> None:
    status, page, headers = live.get("/")
    assert status == 200
    assert "<h1>reflect</h1>" in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_off_loopback_the_printed_token_is_required(tmp_path: Path) -> None:
    (tmp_path / "nb").mkdir()
    server = Server(tmp_path / "nb", tmp_path / "room.log", "--host", "0.0.0.0", "--pool-size", "0")
    try:
        found = re.search(r"http://\S+:\d+/\?token=([\w-]+)", server.log())
        assert found, server.log()
        status, _, headers = server.get("/")
        assert status in (302, 403)
        assert status == 403 or "login" in headers.get("Location", "")
        status, page, _ = server.get(f"/?token={found.group(1)}")
        assert status == 200
        assert "<h1>reflect</h1>" in page
        assert server.get("/?token=wrong-guess")[0] in (302, 403)
    finally:
        server.stop()
