"""reflect's settings, read from one place: the environment variables reflect reads, and the
defaults `reflect serve` starts with (the command line shows them as its defaults).

Voila's own variables of a request (VOILA_PREHEAT, QUERY_STRING, SERVER_SOFTWARE) are not
settings: reflect.ui._session reads them, as the request they describe.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "REFLECT_DATA_DIR"
"""Where the workbooks are kept, instead of the platform's data folder."""

SCENARIOS_ENV = "REFLECT_SCENARIOS_DIR"
"""A trainer's own folder of scenarios, shown beside the shipped ones (`--scenarios DIR`)."""

PREVIEW_ENV = "REFLECT_PREVIEW"
"""Set to 1 by a trainer's preview (`reflect serve --preview`, `reflect author`): the scenario
player shows the trainer's notes (to a trainer: see reflect.ui._player_feedback)."""

DATABASE_URL_ENV = "REFLECT_DATABASE_URL"
"""A hub's one database for every workbook (`postgresql+psycopg://user@host/db`), instead of
a SQLite file per user in the data folder."""

DEBUG_ENV = "REFLECT_DEBUG"
"""Set to anything to see a traceback instead of a short message from the command line."""

DEFAULT_POOL_SIZE = 2
"""Kernels kept ready per app. Enough for a room whose people arrive over half a minute (see
benchmarks/README.md, arrivals); the README says what a room of N needs."""

DEFAULT_CULL_IDLE_S = 120
"""A kernel whose page has gone (no websocket: a tab closed without saying so, a laptop lid)
is shut down after this long without activity; a page still connected keeps its kernel."""


def _path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def data_dir_override() -> Path | None:
    """$REFLECT_DATA_DIR as a path, or None when it is unset or empty."""
    return _path(DATA_DIR_ENV)


def trainer_scenarios_dir() -> Path | None:
    """$REFLECT_SCENARIOS_DIR as a path, or None when it is unset or empty."""
    return _path(SCENARIOS_ENV)


def preview() -> bool:
    """True when $REFLECT_PREVIEW is 1: a trainer's preview of scenarios."""
    return os.environ.get(PREVIEW_ENV, "").strip() == "1"


def database_url() -> str | None:
    """$REFLECT_DATABASE_URL, or None when it is unset or empty (each user's SQLite file)."""
    return os.environ.get(DATABASE_URL_ENV, "").strip() or None


def debug() -> bool:
    """True when $REFLECT_DEBUG is set to anything but empty."""
    return bool(os.environ.get(DEBUG_ENV))
