"""The room's sign-in: JupyterHub's FirstUseAuthenticator, with its password hashing moved off
the hub's only thread.

FirstUseAuthenticator checks and sets passwords with bcrypt (about a quarter of a second of
CPU each on a training laptop's two cores) inside the hub's event loop, so while one trainee
signs in every other request to the hub waits: thirty people signing in over a minute queued
behind each other's hashes (benchmarks/bench_room.py). Here the same code runs on a worker
thread; only the question "does the hub know this name?" (the hub's database, which belongs
to its own thread) is asked first, on the loop. The password file and its format are
FirstUseAuthenticator's own.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from firstuseauthenticator import FirstUseAuthenticator

_PASSWORD_FILE = threading.Lock()
"""One sign-in at a time reads or writes the password file (dbm files are not thread-safe)."""


class RoomFirstUseAuthenticator(FirstUseAuthenticator):  # type: ignore[misc]
    """FirstUseAuthenticator whose bcrypt work runs off the hub's event loop."""

    _asked = threading.local()

    def _user_exists(self, username: str) -> bool:
        known: bool | None = getattr(self._asked, "exists", None)
        return known if known is not None else bool(super()._user_exists(username))

    async def authenticate(self, handler: Any, data: dict[str, str]) -> str | None:
        exists = bool(self._user_exists(self.normalize_username(data["username"])))

        def on_a_worker() -> str | None:
            self._asked.exists = exists
            try:
                with _PASSWORD_FILE:
                    # FirstUseAuthenticator.authenticate awaits nothing: it runs to its end here.
                    result: str | None = asyncio.run(
                        super(RoomFirstUseAuthenticator, self).authenticate(handler, data)
                    )
                    return result
            finally:
                self._asked.exists = None

        return await asyncio.get_running_loop().run_in_executor(None, on_a_worker)
