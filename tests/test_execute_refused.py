"""A page's kernel websocket carries widget messages, never code: at `reflect serve`'s settings
the server drops an `execute_request` before it reaches the kernel.

Anyone who can open an app page gets its kernel id, and with it the kernel's websocket; if an
`execute_request` sent there ran, the page would be a Python prompt on the server. Voila lets
only comm and kernel-info messages through (its kernel manager's `allowed_message_types`, which
Jupyter Server's websocket connection enforces). This checks it against a live `reflect serve`,
on the shell and the control channel, speaking the websocket framing the page's script uses
(frontend/src/kernel.js).
"""

from __future__ import annotations

import itertools
import json
import re
import struct
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.browser.conftest import running_server

SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"
PARTS = ("header", "parent_header", "metadata", "content")
PAGE = "/voila/render/gibbs-cycle.ipynb"
QUIET_S = 3.0
"""How long to keep listening once the kernel has answered a later request."""

pytestmark = pytest.mark.timeout(240)


@dataclass(frozen=True)
class Served:
    base_url: str
    log_path: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("execute-refused")
    data_dir = root / "data"
    data_dir.mkdir()
    log_path = root / "server.log"
    with running_server(["reflect.cli", "serve", "--no-browser"], data_dir, log_path) as base_url:
        yield Served(base_url, log_path)


def frame(channel: str, message: dict[str, Any]) -> bytes:
    """A v1 frame: the count of offsets, the offsets (8-byte little-endian), then the channel
    and the message's parts as JSON."""
    parts = [channel.encode(), *(json.dumps(message[part]).encode() for part in PARTS)]
    count = len(parts) + 1
    offsets = [8 * (count + 1)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"<{count + 1}Q", count, *offsets) + b"".join(parts)


def unframe(data: bytes) -> tuple[str, dict[str, Any]]:
    (count,) = struct.unpack_from("<Q", data)
    offsets = struct.unpack_from(f"<{count}Q", data, 8)
    pieces = [data[start:end] for start, end in itertools.pairwise(offsets)]
    message = {part: json.loads(piece) for part, piece in zip(PARTS, pieces[1:], strict=False)}
    return pieces[0].decode(), message


def request(msg_type: str, content: dict[str, Any], session: str) -> dict[str, Any]:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "",
        "session": session,
        "date": "",
        "version": "5.3",
    }
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content}


def execute(code: str, session: str) -> dict[str, Any]:
    content = {
        "code": code,
        "silent": False,
        "store_history": False,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    }
    return request("execute_request", content, session)


def page_kernel_id(base_url: str) -> str:
    with urllib.request.urlopen(base_url + PAGE.lstrip("/"), timeout=180) as response:
        page = response.read().decode("utf-8")
    found = re.search(
        r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>',
        page,
        re.DOTALL,
    )
    assert found, page[-2000:]
    kernel_id = json.loads(found.group(1))["kernelId"]
    assert re.fullmatch(r"[0-9a-f-]{36}", kernel_id)
    return str(kernel_id)


def until_answered(socket: ClientConnection, msg_id: str) -> list[dict[str, Any]]:
    """Every message from the kernel until it has replied to `msg_id`, and for QUIET_S more."""
    received: list[dict[str, Any]] = []
    answered_at: float | None = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if answered_at is not None and time.monotonic() > answered_at + QUIET_S:
            return received
        try:
            data = socket.recv(timeout=0.5)
        except TimeoutError:
            continue
        if isinstance(data, bytes):
            message = unframe(data)[1]
            received.append(message)
            if message["parent_header"].get("msg_id") == msg_id and message["header"][
                "msg_type"
            ].endswith("_reply"):
                answered_at = time.monotonic()
    pytest.fail(f"the kernel did not answer {msg_id} within a minute")


def test_an_execute_request_over_a_pages_websocket_never_runs(
    served: Served, tmp_path: Path
) -> None:
    kernel_id = page_kernel_id(served.base_url)
    marker = tmp_path / "executed-by-the-kernel.txt"
    code = f"open({str(marker)!r}, 'w').write('ran')"
    session = uuid.uuid4().hex
    host = served.base_url.removeprefix("http://").rstrip("/")
    url = f"ws://{host}/api/kernels/{kernel_id}/channels?session_id={session}"

    # As the page's script opens it: the v1 subprotocol, from a page of this very server.
    with connect(
        url, subprotocols=[SUBPROTOCOL], origin=f"http://{host}", open_timeout=30, max_size=None
    ) as socket:
        assert socket.subprotocol == SUBPROTOCOL
        sent = {channel: execute(code, session) for channel in ("shell", "control")}
        for channel, message in sent.items():
            socket.send(frame(channel, message))
        # An allowed request after them: its reply shows the connection reaches the kernel and
        # that the kernel has come past the point where it would have run the code.
        info = request("kernel_info_request", {}, session)
        socket.send(frame("shell", info))
        received = until_answered(socket, info["header"]["msg_id"])

    refused = {message["header"]["msg_id"] for message in sent.values()}
    about_the_code = [
        (message["header"]["msg_type"], message["content"].get("status"))
        for message in received
        if message["parent_header"].get("msg_id") in refused
    ]
    assert about_the_code == [], "the kernel acted on an execute_request"
    assert not marker.exists(), "the code sent over the websocket ran"
    log = served.log_path.read_text(encoding="utf-8", errors="replace")
    assert 'Received message of type "execute_request", which is not allowed' in log
