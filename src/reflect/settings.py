"""The settings `reflect serve` starts with, named once: the command line shows them as its
defaults and reflect.serve uses them when called without them."""

from __future__ import annotations

DEFAULT_POOL_SIZE = 2
"""Kernels kept ready per app. Enough for a room whose people arrive over half a minute (see
benchmarks/README.md, arrivals); the README says what a room of N needs."""

DEFAULT_CULL_IDLE_S = 120
"""A kernel whose page has gone (no websocket: a tab closed without saying so, a laptop lid)
is shut down after this long without activity; a page still connected keeps its kernel."""
