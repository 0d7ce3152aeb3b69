"""Preheated kernels: refilled by demand, and a kernel that died after it ran its notebook is
never handed to a page (which would show "Loading…" for ever)."""

from __future__ import annotations

import asyncio
import html
import logging
import os
import re
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from voila.request_info_handler import RequestInfoSocketHandler

from reflect.kernel_pool import (
    REFILL_DELAY_S,
    RequestInfoHandler,
    hand_out_live_kernels,
    refill_by_demand,
    refill_delay,
)
from tests.test_serve_live import PROBE, Server

# --- when a pool refills ---------------------------------------------------------------------


def _kernel(ready: bool) -> asyncio.Future[object]:
    future: asyncio.Future[object] = (
        asyncio.get_event_loop_policy().new_event_loop().create_future()
    )
    if ready:
        future.set_result({"kernel_id": "k"})
    return future


def test_a_pool_with_a_kernel_ready_refills_later_and_an_empty_one_at_once() -> None:
    assert refill_delay([_kernel(ready=True)]) == REFILL_DELAY_S > 0
    assert refill_delay([_kernel(ready=False), _kernel(ready=True)]) == REFILL_DELAY_S
    assert refill_delay([_kernel(ready=False)]) == 0  # still starting: nobody would find one
    assert refill_delay([]) == 0


def test_voila_asking_for_a_refill_gets_the_delay_by_demand() -> None:
    asked: list[tuple[float | None, str | None]] = []

    class Pools:
        def __init__(self) -> None:
            self._pools = {"gibbs-cycle.ipynb": [_kernel(ready=True)], "escalation.ipynb": []}

        def fill_if_needed(
            self, delay: float | None = None, notebook_name: str | None = None, **_: object
        ) -> None:
            asked.append((delay, notebook_name))

    manager = Pools()
    refill_by_demand(manager)
    manager.fill_if_needed(delay=None, notebook_name="gibbs-cycle.ipynb")
    manager.fill_if_needed(delay=None, notebook_name="escalation.ipynb")
    manager.fill_if_needed(delay=0, notebook_name="escalation.ipynb")  # Voila's first fill
    assert asked == [
        (REFILL_DELAY_S, "gibbs-cycle.ipynb"),
        (0.0, "escalation.ipynb"),
        (0, "escalation.ipynb"),
    ]


# --- handing kernels out ---------------------------------------------------------------------


class _Pools:
    """Voila's pools as hand_out_live_kernels sees them: futures of what each kernel made."""

    def __init__(self, entries: list[asyncio.Future[object]], dead: set[str]) -> None:
        self._pools = {"a.ipynb": list(entries)}
        self.dead = dead
        self.log = logging.getLogger("test")
        self.fills: list[float | None] = []

    def fill_if_needed(self, delay: float | None = None, **_: object) -> None:
        self.fills.append(delay)

    async def still_preheated(self, kernel_id: str) -> bool:
        return kernel_id not in self.dead

    def __contains__(self, kernel_id: str) -> bool:
        return False


def _made(kernel_id: str) -> dict[str, object]:
    return {"kernel_id": kernel_id, "renderer": SimpleNamespace(rendered_cache=[]), "task": None}


def test_pages_arriving_together_each_take_their_own_kernel_at_once() -> None:
    # The second page must not queue behind the first page's kernel: with a burst of thirty on
    # two kernels that made a median page 8 s (bench_room, everyone opening one app).
    async def arrive_together() -> list[str]:
        loop = asyncio.get_running_loop()
        starting = [loop.create_future() for _ in range(3)]
        manager = _Pools(starting, dead={"k0"})
        hand_out_live_kernels(manager)
        pages = [asyncio.ensure_future(manager.get_rendered_notebook("a.ipynb")) for _ in "ab"]
        await asyncio.sleep(0)
        assert manager._pools["a.ipynb"] == [starting[2]]  # each took one before any is ready
        for number, future in enumerate(starting):
            future.set_result(_made(f"k{number}"))
        handed = [kernel_id for _task, _cache, kernel_id in await asyncio.gather(*pages)]
        assert manager.fills == [0, None, None]  # the dead one replaced at once
        return handed

    # k0 died: its page takes the next kernel, k2, instead. (On a thread of its own: the
    # browser tests leave Playwright's event loop running on this one.)
    with ThreadPoolExecutor(max_workers=1) as thread:
        handed = thread.submit(asyncio.run, arrive_together()).result(timeout=30)
    assert handed == ["k2", "k1"]


# --- a kernel that died in the pool, on a live server -----------------------------------------


@pytest.fixture
def one_app(tmp_path: Path) -> Iterator[Server]:
    # One app, so every kernel the server starts is that app's.
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "probe.ipynb").write_text(PROBE, encoding="utf-8")
    server = Server(notebooks, tmp_path / "server.log", "--pool-size", "1")
    yield server
    server.stop()


def _kernel_process(kernel_id: str) -> int:
    """The pid of the process running kernel_id (it is started with its connection file)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if f"kernel-{kernel_id}.json".encode() in command:
            return int(entry.name)
    raise AssertionError(f"no process runs kernel {kernel_id}")


def _pooled_kernel(server: Server, fills: int) -> str:
    """The kernel the pool holds once it has been filled `fills` times: the last one started."""
    server.wait_for_log("Kernel pool of probe.ipynb is filled", fills)
    started = re.findall(r"Kernel started: ([0-9a-f-]{36})", server.log())
    return started[-1]


def _page_params(server: Server, query: str) -> str:
    _status, page, _ = server.get(f"/voila/render/probe.ipynb?{query}")
    found = re.search(r"PARAMS:([^\"\\<]*)", html.unescape(page))
    assert found, f"the page never finished loading:\n{page[-800:]}\n{server.log()[-3000:]}"
    return found.group(1).strip()


def test_a_kernel_that_died_in_the_pool_is_replaced_not_handed_to_a_page(
    one_app: Server,
) -> None:
    # Died and already restarted: alive again, but a fresh process that has run nothing.
    first = _pooled_kernel(one_app, 1)
    os.kill(_kernel_process(first), signal.SIGKILL)
    one_app.wait_for_log("restarting kernel", 1)
    assert _page_params(one_app, "x=restarted") == "x=restarted"
    assert f"A preheated kernel for probe.ipynb died ({first})" in one_app.log()

    # Died a moment ago, before the restarter has looked: not alive at all.
    refilled = _pooled_kernel(one_app, 3)  # the kernel that replaced it, then its own refill
    assert refilled != first
    os.kill(_kernel_process(refilled), signal.SIGKILL)
    time.sleep(0.2)
    assert _page_params(one_app, "x=just-died") == "x=just-died"
    assert f"A preheated kernel for probe.ipynb died ({refilled})" in one_app.log()
    one_app.wait_for_log(f"Kernel shutdown: {refilled}", 1)  # not left to the culler


def test_a_closed_request_connection_forgets_only_its_own_kernel() -> None:
    waiting = RequestInfoSocketHandler._waiters
    kept = dict(waiting)
    try:
        waiting.clear()
        in_the_pool = object.__new__(RequestInfoHandler)
        never_opened = object.__new__(RequestInfoHandler)  # closed during its handshake
        # Voila's own handler deletes the kernel waiting in the pool: it would never learn its
        # request, and its page would wait for ever.
        waiting["kernel-in-the-pool"] = in_the_pool
        RequestInfoSocketHandler.on_close(never_opened)
        assert waiting == {}
        # reflect's deletes only its own.
        waiting["kernel-in-the-pool"] = in_the_pool
        never_opened.on_close()
        assert waiting == {"kernel-in-the-pool": in_the_pool}
        handed_out = object.__new__(RequestInfoHandler)
        waiting["kernel-handed-out"] = handed_out
        handed_out.on_close()
        assert waiting == {"kernel-in-the-pool": in_the_pool}
    finally:
        waiting.clear()
        waiting.update(kept)
