"""The server never waits for a kernel's message on a wake-up alone: it looks again.

Voila runs each app's notebook through nbclient, and nbclient waits for each reply from the
kernel with one poll of a zmq.asyncio socket, with no time limit. That poll wakes when ZeroMQ
signals the socket's file descriptor. ZeroMQ signals it on an edge, and the edge can be lost:
anything that reads the socket's events before the event loop does consumes it. Then the reply
has arrived, and sits unread, and nothing wakes the poll again. The page waits for ever:
"Loading…", until the culler shuts the idle kernel down two minutes later and the page ends
without its app.

Seen in CI as pages that never loaded, and reproduced on fresh `reflect serve --pool-size 0`
servers loading one small app two at a time: 6 of about 130 loads hung before this module,
each with the kernel idle and answering any other client at once, and the server waiting in
nbclient's `_async_poll_for_reply` for an `execute_reply` the kernel had sent (the cell's
output and the kernel's idle status had arrived). The same with ipykernel 6 as with 7, so not
the kernel's. Looking again (every second, then), none of 114 loads hung, and 4 replies were
read only on looking again.

So the wait is cut into slices of POLL_SLICE_S. At the end of each, pyzmq asks ZeroMQ directly
(a poll with no wait), which finds a message whatever became of its wake-up. A lost wake-up now
costs at most one slice instead of the page.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type
from traitlets.config import Config

POLL_SLICE_S = 0.5
"""The longest a message that has arrived waits unread after its wake-up was lost. Short
enough not to be noticed on a page; each slice costs one zero-wait poll."""


class LookingAgainChannel(AsyncZMQSocketChannel):
    """A kernel channel whose wait for a message ends, at the latest, one slice after the
    message arrived, wake-up or not."""

    # A coroutine, as jupyter_client's own AsyncZMQSocketChannel.get_msg (typed as its base's).
    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        """The next message, waiting at most `timeout` seconds (None: for as long as it takes);
        raises queue.Empty when none came in time, as jupyter_client's does."""
        assert self.socket is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE_S if deadline is None else deadline - time.monotonic()
            wait_s = max(0.0, min(POLL_SLICE_S, left))
            # When its time is up, pyzmq's poll asks ZeroMQ itself before it answers.
            if await self.socket.poll(int(wait_s * 1000)):
                message: dict[str, Any] = await self._recv()
                return message
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class LookingAgainKernelClient(AsyncKernelClient):
    """jupyter_client's asynchronous client, its message channels looking again (the module's
    docstring). The heartbeat channel is left as it is: it keeps its own time."""

    shell_channel_class = Type(LookingAgainChannel)
    iopub_channel_class = Type(LookingAgainChannel)
    stdin_channel_class = Type(LookingAgainChannel)
    control_channel_class = Type(LookingAgainChannel)


def look_again_for_replies(c: Config) -> None:
    """Make every kernel client the server creates (Voila's, for each page and each preheated
    kernel) a LookingAgainKernelClient."""
    c.KernelManager.client_class = (
        f"{LookingAgainKernelClient.__module__}.{LookingAgainKernelClient.__qualname__}"
    )
