"""A preheated kernel learns its page's request over a real websocket, as Voila's server sends
it, without importing Voila (whose package would add jupyter_server, nbconvert and
jupyterlab_server to every kernel: about 45 MB each in a room of thirty)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
import tornado.web
import tornado.websocket

REQUEST = {"QUERY_STRING": "scenario=packed-lunches&x=1", "HTTP_X_REFLECT_USER": "alice"}
PROBE = """
import json, sys
from reflect.ui._session import wait_for_request
params = wait_for_request()
print(json.dumps({
    "params": params,
    "user": __import__("os").environ.get("HTTP_X_REFLECT_USER"),
    "heavy": sorted(m for m in ("voila", "jupyter_server", "nbconvert", "jupyterlab_server")
                    if m in sys.modules),
}))
"""


class _Query(tornado.websocket.WebSocketHandler):
    """Voila's query socket as the server runs it: the request, sent once the kernel asks."""

    def open(self, *args: str) -> None:
        self.write_message(json.dumps(REQUEST))


@pytest.fixture
def query_server() -> Iterator[str]:
    ready, holder = threading.Event(), {}

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = tornado.web.Application([(r"/voila/query/secret/([0-9a-f-]+)", _Query)])
        server = app.listen(0, "127.0.0.1")
        holder["port"] = next(iter(server._sockets.values())).getsockname()[1]
        holder["loop"] = loop
        ready.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    ready.wait(10)
    yield f"ws://127.0.0.1:{holder['port']}/voila/query/secret"
    holder["loop"].call_soon_threadsafe(holder["loop"].stop)


def test_a_preheated_kernel_gets_its_request_and_no_voila(query_server: str) -> None:
    env = {
        **os.environ,
        "VOILA_PREHEAT": "True",
        "VOILA_KERNEL_ID": "0b8c1f2e-1111-2222-3333-444455556666",
        "REFLECT_QUERY_URL": query_server,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    got = json.loads(result.stdout)
    assert got["params"] == {"scenario": "packed-lunches", "x": "1"}
    assert got["user"] == "alice"
    assert got["heavy"] == []
