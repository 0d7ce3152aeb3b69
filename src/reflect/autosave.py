"""Debounced autosave for the apps' text fields: save once typing pauses, and at least every
couple of seconds while it goes on; never save over a newer version from another window."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from reflect.store import JSONInput, Revision, Store

DEFAULT_DELAY_SECONDS = 0.8
LONGEST_WAIT_SECONDS = 2.0
"""Steady typing never pauses for the delay: this is the most a change waits all the same, so
a kernel lost mid-sentence loses at most this long of typing from the workbook (and the page
keeps even that, see frontend/src/keep.js)."""
SAVING = "saving…"
_NOTHING = object()  # "no change waiting": None is a value a field may hold
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Conflict:
    """A newer version of the entry, saved elsewhere (another tab or window) after this one was
    loaded; the waiting change is held back until the user chooses (keep_mine or take_theirs)."""

    theirs: Revision


class NewerVersionError(Exception):
    """Saving would replace a version saved elsewhere that this page has not shown."""

    def __init__(self, theirs: Revision) -> None:
        saved_at = theirs.saved_at.astimezone().strftime("%H:%M:%S")
        super().__init__(f"a newer version was saved in another window at {saved_at}")
        self.theirs = theirs


def _contains(mine: JSONInput, theirs: object) -> bool:
    """True when saving `mine` keeps every word of `theirs`: the same value, or text that goes
    on from it (the words a closed tab's kernel saved late, then typed on in a new page)."""
    if isinstance(mine, str) and isinstance(theirs, str):
        return mine.startswith(theirs)
    return mine == theirs


class Autosaver:
    """Saves the last value given to changed() once no change has come for `delay` seconds, or
    once a change has waited `longest_wait` seconds, whichever comes first.

    Call changed(value) on every keystroke and flush() when the user leaves the page or the
    entry. `status` (also sent to on_status) reads "saving…" while a change waits, "saved at
    14:02:05" once it is in the workbook, or "not saved: <reason>" after a failure. A failed
    value stays waiting and is tried again by the next changed() or flush(): nothing typed is
    dropped. The timer runs on its own thread; the store is safe to share between threads.

    Two pages on one entry: the saver remembers the revision its page last showed or saved
    (`based_on`). If the entry's newest revision is another one when it comes to save, someone
    else saved in between; the change is held back, `conflict` says whose version is newer and
    on_conflict hears it, until keep_mine() or take_theirs(). Nothing is replaced unseen.
    """

    def __init__(
        self,
        store: Store,
        tool: str,
        item: str,
        *,
        delay: float | None = None,
        longest_wait: float = LONGEST_WAIT_SECONDS,
        on_status: Callable[[str], None] | None = None,
        on_saved: Callable[[Revision], None] | None = None,
        on_conflict: Callable[[Conflict | None], None] | None = None,
        based_on: Revision | object | None = _NOTHING,
    ) -> None:
        self.store = store
        self.tool = tool
        self.item = item
        self.delay = DEFAULT_DELAY_SECONDS if delay is None else delay  # None: the default
        self.longest_wait = max(longest_wait, self.delay)
        self.on_status = on_status
        self.on_saved = on_saved
        self.on_conflict = on_conflict
        self.last_saved: Revision | None = None
        # Given (a Revision, or None for an entry shown empty): check for newer versions.
        self._checks_versions = based_on is not _NOTHING
        self.based_on: int | None = based_on.id if isinstance(based_on, Revision) else None
        self.conflict: Conflict | None = None
        self._waiting_since: float | None = None  # when the oldest unsaved change came
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
            if self.conflict is None:
                self._status = SAVING
            self._cancel_timer()
            now = time.monotonic()
            if self._waiting_since is None:
                self._waiting_since = now
            waited = now - self._waiting_since
            if not self._closed and self.conflict is None:
                wait = max(0.0, min(self.delay, self.longest_wait - waited))
                self._timer = threading.Timer(wait, self._timer_fired)
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

    def keep_mine(self) -> bool:
        """Save the waiting change over the newer version (which stays in the history)."""
        with self._state_lock:
            if self.conflict is not None:
                self.based_on = self.conflict.theirs.id
            self.conflict = None
        self._heard_conflict()
        return self.flush()

    def take_theirs(self) -> Revision | None:
        """Drop the waiting change for the newer version, which is returned to be shown."""
        with self._state_lock:
            conflict, self.conflict = self.conflict, None
            if conflict is None:
                return None
            self._cancel_timer()
            self._pending, self._waiting_since = _NOTHING, None
            self.based_on = conflict.theirs.id
            self._status = ""
        self._heard_conflict()
        self._notify()
        return conflict.theirs

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

    def _write(self, value: JSONInput) -> Revision:
        if self._checks_versions:
            newest = self.store.latest(self.tool, self.item)
            if (
                newest is not None
                and newest.id != self.based_on
                and newest.session != self.store.session  # not this page's own save
                and not _contains(value, newest.value)
            ):
                raise NewerVersionError(newest)
        return self.store.save(self.tool, self.item, value)

    def _save(self, value: object) -> bool:
        """Write value (called holding the save lock); on failure keep it waiting."""
        try:
            revision = self._write(cast(JSONInput, value))
        except NewerVersionError as newer:
            with self._state_lock:
                if self._pending is _NOTHING:
                    self._pending = value
                self.conflict = Conflict(newer.theirs)
                self._status = f"not saved: {newer}"
            self._heard_conflict()
            self._notify()
            return False
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
            self.based_on = revision.id
            if self._pending is _NOTHING:
                self._waiting_since = None
                saved_at = revision.saved_at.astimezone().strftime("%H:%M:%S")
                self._status = f"saved at {saved_at}"
            else:
                self._waiting_since = time.monotonic()
        self._notify()
        if self.on_saved is not None:
            try:
                self.on_saved(revision)
            except Exception:
                _log.exception("the save news of %s/%s failed", self.tool, self.item)
        return True

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _heard_conflict(self) -> None:
        if self.on_conflict is None:
            return
        try:
            self.on_conflict(self.conflict)
        except Exception:
            _log.exception("the conflict display of %s/%s failed", self.tool, self.item)

    def _notify(self) -> None:
        if self.on_status is None:
            return
        with self._notify_lock:
            try:
                self.on_status(self._status)  # the status now, so the last call is never stale
            except Exception:
                _log.exception("the autosave status display of %s/%s failed", self.tool, self.item)
