"""How reflect hands out Voila's preheated kernels: refilled by demand, and never one that died.

A pool keeps kernels that have already run their notebook up to `wait_for_request()`. Two things
are ours rather than Voila's:

- when a taken kernel is replaced (`refill_delay`): later while another is ready, at once when
  none is;
- a kernel that died after it was preheated is never handed out. Its process gone, the
  restarter brings up a fresh one under the same id, which has run nothing: the page handed it
  waits for the rest of its notebook for ever, and shows "Loading…" until the user gives up.
  Voila does not look, so as a kernel leaves the pool it is checked, and one that died is
  shut down and another taken or started.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import partial
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Set
from voila.request_info_handler import RequestInfoSocketHandler

REFILL_DELAY_S = 5.0
"""How long a pool waits to replace a kernel it handed out while it still has one ready.

Starting a kernel and building its app takes a couple of seconds of both cores; done at once,
it slowed the page just handed out and the pages of whoever arrived with it. Measured with
benchmarks/bench_arrivals.py (ten people over 30 s, seeds 1 and 2, default pools): refilling
at once gave p50 0.51 and p95 1.16 times the blank app cold; 5 s later, 0.30 and 0.61. A pool
left with no kernel ready refills at once instead (`refill_delay`): the next person to open
that app would otherwise wait for the delay as well as for a cold kernel."""

DEAD_KERNELS_BEFORE_GIVING_UP = 3
"""How many dead kernels one page discards before it hands out the next as it is: a kernel
that dies every time (a broken environment) must not keep a page starting kernels."""

_SHUTTING_DOWN: set[asyncio.Future[None]] = set()


class WatchedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager, remembering each kernel that died since it started:
    its restarter says so before it starts the fresh process ("restart") or gives up ("dead")."""

    died = Set(help="The ids of kernels whose first process died.")

    # Jupyter Server's start_kernel is a coroutine, though jupyter_client's types say otherwise.
    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        kernel_id: str = await super().start_kernel(*args, **kwargs)
        kernel = self.get_kernel(kernel_id)
        for event in ("restart", "dead"):
            kernel.add_restart_callback(partial(self.died.add, kernel_id), event)
        return kernel_id

    async def still_preheated(self, kernel_id: str) -> bool:
        """True while kernel_id is the very process that ran its notebook."""
        if kernel_id in self.died or kernel_id not in self:
            return False
        return bool(await ensure_async(self.get_kernel(kernel_id).is_alive()))


def refill_delay(pool: Sequence[asyncio.Future[Any]]) -> float:
    """How long to wait before replacing a kernel just taken from `pool` (the kernels left in
    it, each ready once its future is done): later while one is ready, else at once."""
    return REFILL_DELAY_S if any(kernel.done() for kernel in pool) else 0.0


def refill_by_demand(kernel_manager: Any) -> None:
    """Make Voila's pools refill by `refill_delay` instead of one fixed delay (Voila calls
    `fill_if_needed(delay=None)` each time it hands out a kernel)."""
    fill = kernel_manager.fill_if_needed

    def fill_if_needed(
        delay: float | None = None, notebook_name: str | None = None, **kwargs: Any
    ) -> None:
        if delay is None:
            delay = refill_delay(kernel_manager._pools.get(notebook_name, []))
        fill(delay=delay, notebook_name=notebook_name, **kwargs)

    kernel_manager.fill_if_needed = fill_if_needed


def hand_out_live_kernels(kernel_manager: Any) -> None:
    """Check each preheated kernel before it is handed to a page (see the module's docstring).

    This replaces Voila's `get_rendered_notebook` (voila 0.5), step for step, with the check
    added: take the first kernel of the pool at once, so that the next page to arrive takes
    the next kernel, or starts its own when none is left, instead of queueing behind this one
    (a version that waited for the first kernel before taking it made a burst of thirty pages
    wait on two kernels: TTI p50 8 s); wait for it; hand it out if it is alive and never
    restarted, else shut it down and take the next, up to DEAD_KERNELS_BEFORE_GIVING_UP."""

    async def get_rendered_notebook(
        notebook_name: str, extra_kernel_env_variables: dict[str, str] | None = None, **kwargs: Any
    ) -> tuple[asyncio.Task[Any], list[str], str]:
        pools: dict[str, list[asyncio.Future[Any]]] = kernel_manager._pools
        if not pools.get(notebook_name):
            raise RuntimeError(f"Kernel pool for {notebook_name} is empty!")  # as Voila's
        content = None
        for attempt in range(DEAD_KERNELS_BEFORE_GIVING_UP + 1):
            if not pools.get(notebook_name):
                # Every kernel left was taken by other pages meanwhile: start one for this page.
                kernel_manager.fill_if_needed(delay=0, notebook_name=notebook_name)
            preheating = pools[notebook_name].pop(0)
            content = await _preheated(preheating)
            last = attempt == DEAD_KERNELS_BEFORE_GIVING_UP
            if content is not None and (
                last or await kernel_manager.still_preheated(content["kernel_id"])
            ):
                break
            _discard(kernel_manager, notebook_name, content)
        if content is None:
            raise RuntimeError(f"no kernel for {notebook_name} could be started")
        renderer = content["renderer"]
        renderer.stop_generator = True
        kernel_manager.log.info(
            "Using pre-heated kernel: %s for %s", content["kernel_id"], notebook_name
        )
        kernel_manager.fill_if_needed(
            delay=None,
            notebook_name=notebook_name,
            extra_kernel_env_variables=extra_kernel_env_variables or {},
            **kwargs,
        )
        return content["task"], renderer.rendered_cache, content["kernel_id"]

    kernel_manager.get_rendered_notebook = get_rendered_notebook


async def _preheated(preheating: asyncio.Future[Any]) -> dict[str, Any] | None:
    """What a pool entry made (its kernel id, renderer and render task), or None when it could
    not start its kernel."""
    try:
        content: dict[str, Any] = await preheating
    except Exception:
        return None
    return content


def _discard(kernel_manager: Any, notebook_name: str, content: dict[str, Any] | None) -> None:
    kernel_id = None if content is None else content["kernel_id"]
    kernel_manager.log.warning(
        "A preheated kernel for %s died (%s); it is replaced", notebook_name, kernel_id
    )
    if kernel_id is not None and kernel_id in kernel_manager:
        shutting = asyncio.ensure_future(_shut_down(kernel_manager, kernel_id))
        _SHUTTING_DOWN.add(shutting)  # held until done: the loop keeps only a weak reference
        shutting.add_done_callback(_SHUTTING_DOWN.discard)
    kernel_manager.fill_if_needed(delay=0, notebook_name=notebook_name)


async def _shut_down(kernel_manager: Any, kernel_id: str) -> None:
    try:
        await kernel_manager.shutdown_kernel(kernel_id, now=True)
    except Exception:  # already gone: the restarter gave up, or the kernel was culled
        kernel_manager.log.info("Kernel %s was already gone", kernel_id)


class RequestInfoHandler(RequestInfoSocketHandler):  # type: ignore[misc]
    """Where a preheated kernel waits for its page's request (Voila's handler), forgetting only
    its own kernel when its connection closes.

    Voila's `on_close` looks for this connection among the waiting kernels and deletes the one
    its loop stopped at. When this connection is not among them, that is the last kernel to have
    connected: another kernel, still waiting in the pool. Tornado closes a connection without
    opening it when the kernel gives up during the handshake (a busy server, kernels starting on
    both cores). The other kernel's request is then kept for a connection that never comes. Its
    page is drawn, and shows the app's "Opening your workbook…" for ever, which is what a
    reloaded scenario page did in 3 of 42 local test runs (not shown to be this)."""

    def on_close(self) -> None:
        waiting = RequestInfoSocketHandler._waiters
        for kernel_id, waiter in list(waiting.items()):
            if waiter is self:
                del waiting[kernel_id]
