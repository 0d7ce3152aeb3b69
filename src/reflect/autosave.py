"""Debounced autosave for the apps' text fields: save once typing pauses, report what happened."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import cast

from reflect.store import JSONInput, Revision, Store

DEFAULT_DELAY_SECONDS = 0.8
SAVING = "saving…"
_NOTHING = object()  # "no change waiting": None is a value a field may hold
_log = logging.getLogger(__name__)


class Autosaver:
    """Saves the last value given to changed() once no change has come for `delay` seconds.

    Call changed(value) on every keystroke and flush() when the user leaves the page or the
    entry. `status` (also sent to on_status) reads "saving…" while a change waits, "saved at
    14:02:05" once it is in the workbook, or "not saved: <reason>" after a failure. A failed
    value stays waiting and is tried again by the next changed() or flush(): nothing typed is
    dropped. The timer runs on its own thread; the store is safe to share between threads.
    """

    def __init__(
        self,
        store: Store,
        tool: str,
        item: str,
        *,
        delay: float = DEFAULT_DELAY_SECONDS,
        on_status: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.tool = tool
        self.item = item
        self.delay = delay
        self.on_status = on_status
        self.last_saved: Revision | None = None
        self._status = ""
        self._pending: object = _NOTHING
        self._timer: threading.Timer | None = None
        self._closed = False
        self._state_lock = threading.Lock()  # pending value, timer, status: held only briefly
        # One save at a time, so saves land in typing order; re-entrant for an on_status that
        # flushes (it runs on the saving thread).
        self._save_lock = threading.RLock()
        self._notify_lock = threading.RLock()  # status callbacks in order; they may call back

    @property
    def status(self) -> str:
        """What the view shows next to the field."""
        return self._status

    @property
    def pending(self) -> bool:
        """True while a change has not reached the workbook yet."""
        return self._pending is not _NOTHING

    def changed(self, value: JSONInput) -> None:
        """The field now holds value; save it once typing pauses (at once after close())."""
        with self._state_lock:
            self._pending = value
            self._status = SAVING
            self._cancel_timer()
            if not self._closed:
                self._timer = threading.Timer(self.delay, self._timer_fired)
                self._timer.name = f"reflect-autosave-{self.tool}-{self.item}"
                self._timer.start()
        self._notify()
        if self._closed:
            self.flush()

    def flush(self) -> bool:
        """Save a waiting change now; returns False if saving failed (see status)."""
        with self._save_lock:
            with self._state_lock:
                self._cancel_timer()
                value, self._pending = self._pending, _NOTHING
            return True if value is _NOTHING else self._save(value)

    def close(self) -> bool:
        """Save a waiting change and stop the timer; later changes are saved straight away."""
        with self._state_lock:
            self._closed = True
        return self.flush()

    def _timer_fired(self) -> None:
        with self._save_lock:
            with self._state_lock:
                # A change that came after this timer started its own: let that one save.
                if self._timer is not threading.current_thread():
                    return
                self._timer = None
                value, self._pending = self._pending, _NOTHING
            if value is not _NOTHING:
                self._save(value)

    def _save(self, value: object) -> bool:
        """Write value (called holding the save lock); on failure keep it waiting."""
        try:
            revision = self.store.save(self.tool, self.item, cast(JSONInput, value))
        except Exception as exc:  # every failure must reach the page, whatever its kind
            _log.warning("autosave of %s/%s failed: %s", self.tool, self.item, exc)
            with self._state_lock:
                if self._pending is _NOTHING:  # a newer change wins; else retry this one
                    self._pending = value
                self._status = f"not saved: {exc}"
            self._notify()
            return False
        with self._state_lock:
            self.last_saved = revision
            if self._pending is _NOTHING:
                saved_at = revision.saved_at.astimezone().strftime("%H:%M:%S")
                self._status = f"saved at {saved_at}"
        self._notify()
        return True

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _notify(self) -> None:
        if self.on_status is None:
            return
        with self._notify_lock:
            try:
                self.on_status(self._status)  # the status now, so the last call is never stale
            except Exception:
                _log.exception("the autosave status display of %s/%s failed", self.tool, self.item)
