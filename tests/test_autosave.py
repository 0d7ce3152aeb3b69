"""Debounced autosave: one save once typing pauses, nothing lost on flush, failures shown."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reflect.autosave import SAVING, Autosaver
from reflect.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.for_user("alice", tmp_path) as opened:
        yield opened


def _wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("waited too long")
        time.sleep(0.01)


def _saved(store: Store) -> list[object]:
    return [revision.value for revision in store.history("gibbs", "r1/feelings")]


def test_quick_changes_are_saved_once_with_the_last_value_after_the_pause(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=0.3)
    for text in ["I", "I f", "I fel", "I felt", "I felt rushed"]:
        saver.changed(text)
    assert _saved(store) == []
    assert saver.status == SAVING
    _wait_until(lambda: not saver.pending)
    time.sleep(0.6)  # two more delays: no second save follows
    assert _saved(store) == ["I felt rushed"]
    assert saver.status.startswith("saved at ")


def test_nothing_is_saved_while_typing_goes_on_longer_than_the_delay(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=0.5)
    text = ""
    for letter in "steady typing":  # 13 changes 0.05 s apart: 0.65 s in all, longer than delay
        text += letter
        saver.changed(text)
        time.sleep(0.05)
    assert _saved(store) == []
    _wait_until(lambda: not saver.pending)
    assert _saved(store) == ["steady typing"]


def test_flush_saves_at_once_and_the_timer_then_saves_nothing_more(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=0.2)
    saver.changed("leaving the page")
    assert saver.flush() is True
    assert _saved(store) == ["leaving the page"]
    assert not saver.pending
    time.sleep(0.5)
    assert _saved(store) == ["leaving the page"]


def test_flush_before_the_timer_fires_keeps_the_last_value(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=60)
    saver.changed("first thought")
    saver.changed("second thought")
    saver.flush()
    assert _saved(store) == ["second thought"]
    saver.close()


def test_flush_with_nothing_waiting_saves_nothing(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings")
    assert saver.flush() is True
    assert _saved(store) == []
    assert saver.status == ""


def test_close_saves_what_waits_and_later_changes_save_straight_away(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=60)
    saver.changed("typed before closing")
    assert saver.close() is True
    assert _saved(store) == ["typed before closing"]
    saver.changed("typed after closing")
    assert _saved(store) == ["typed before closing", "typed after closing"]


def test_the_status_callback_hears_saving_then_the_local_time_saved(store: Store) -> None:
    heard: list[str] = []
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=0.05, on_status=heard.append)
    saver.changed("calm")
    _wait_until(lambda: len(heard) == 2)
    assert saver.last_saved is not None
    local_time = saver.last_saved.saved_at.astimezone().strftime("%H:%M:%S")
    assert heard == [SAVING, f"saved at {local_time}"]
    assert re.fullmatch(r"saved at \d\d:\d\d:\d\d", heard[1])


def test_a_failed_save_is_shown_and_the_value_kept_for_the_next_try(store: Store) -> None:
    heard: list[str] = []
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=0.05, on_status=heard.append)
    store.close()
    saver.changed("typed while the file was unavailable")
    _wait_until(lambda: heard[-1:] != [SAVING])
    assert heard[-1].startswith("not saved: ")
    assert "is closed" in heard[-1]
    assert saver.pending
    assert saver.flush() is False

    saver.store = Store(store.path)
    assert saver.flush() is True
    assert [r.value for r in saver.store.history("gibbs", "r1/feelings")] == [
        "typed while the file was unavailable"
    ]
    saver.store.close()


def test_a_value_that_cannot_be_saved_is_reported_not_raised(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=60)
    saver.changed({"not json": {1, 2}})  # type: ignore[dict-item]
    assert saver.flush() is False
    assert "JSON" in saver.status


def test_a_failing_status_display_does_not_stop_the_save(store: Store) -> None:
    def broken_display(status: str) -> None:
        raise RuntimeError("widget gone")

    saver = Autosaver(store, "gibbs", "r1/feelings", delay=60, on_status=broken_display)
    saver.changed("still saved")
    assert saver.flush() is True
    assert _saved(store) == ["still saved"]


def test_an_empty_field_is_a_value_worth_saving(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=60)
    saver.changed("something")
    saver.flush()
    saver.changed("")
    assert saver.pending
    saver.flush()
    assert _saved(store) == ["something", ""]


def test_flushes_racing_the_timer_keep_typing_order_and_the_last_value(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=0.001)
    for number in range(300):
        saver.changed(number)
        if number % 3 == 0:
            saver.flush()
    saver.flush()
    saved = _saved(store)
    assert saved[-1] == 299
    assert saved == sorted(saved, key=lambda value: int(str(value)))


def test_steady_typing_is_saved_at_least_every_longest_wait(store: Store) -> None:
    saver = Autosaver(store, "gibbs", "r1/feelings", delay=0.5, longest_wait=1.0)
    text, started = "", time.monotonic()
    while time.monotonic() - started < 3.2:  # never a pause as long as the delay
        text += "word "
        saver.changed(text)
        time.sleep(0.1)
    saves_while_typing = len(_saved(store))
    assert saves_while_typing >= 2, "steady typing waited for a pause that never came"
    history = store.history("gibbs", "r1/feelings")
    gaps = [(b.saved_at - a.saved_at).total_seconds() for a, b in itertools.pairwise(history)]
    assert all(gap < 2.0 for gap in gaps), gaps  # 1 s, and room for a busy machine
    _wait_until(lambda: not saver.pending)
    assert _saved(store)[-1] == text


def test_a_newer_version_from_another_window_is_never_saved_over_unseen(tmp_path: Path) -> None:
    with Store.for_user("alice", tmp_path) as first, Store.for_user("alice", tmp_path) as second:
        first.save("gibbs", "r1/feelings", "as both windows loaded it")
        shown = first.latest("gibbs", "r1/feelings")
        conflicts: list[object] = []
        mine = Autosaver(
            first, "gibbs", "r1/feelings", delay=60, based_on=shown, on_conflict=conflicts.append
        )
        second.save("gibbs", "r1/feelings", "written in the other window")

        mine.changed("written in this window")
        assert mine.flush() is False
        assert second.latest("gibbs", "r1/feelings").value == "written in the other window"
        assert mine.conflict is not None
        assert mine.conflict.theirs.value == "written in the other window"
        assert mine.status.startswith("not saved: a newer version was saved in another window")
        assert conflicts
        assert conflicts[-1] is mine.conflict
        mine.changed("written in this window, and more")  # still held back, still kept
        assert mine.flush() is False
        assert mine.pending

        assert mine.keep_mine() is True
        assert [revision.value for revision in first.history("gibbs", "r1/feelings")] == [
            "as both windows loaded it",
            "written in the other window",
            "written in this window, and more",
        ]
        assert conflicts[-1] is None


def test_taking_the_newer_version_drops_only_the_waiting_change(tmp_path: Path) -> None:
    with Store.for_user("alice", tmp_path) as first, Store.for_user("alice", tmp_path) as second:
        mine = Autosaver(first, "gibbs", "r1/feelings", delay=60, based_on=None)
        second.save("gibbs", "r1/feelings", "theirs")
        mine.changed("mine")
        assert mine.flush() is False
        theirs = mine.take_theirs()
        assert theirs is not None
        assert theirs.value == "theirs"
        assert not mine.pending
        assert mine.conflict is None
        mine.changed("theirs, then mine")  # based on theirs now: saves normally
        assert mine.flush() is True
        assert first.latest("gibbs", "r1/feelings").value == "theirs, then mine"


def test_a_saver_without_a_base_never_reports_a_conflict(tmp_path: Path) -> None:
    with Store.for_user("alice", tmp_path) as first, Store.for_user("alice", tmp_path) as second:
        second.save("drift", "case/facts", {"a": 1})
        saver = Autosaver(first, "drift", "case/facts", delay=60)
        saver.changed({"a": 2})
        assert saver.flush() is True


def test_text_that_goes_on_from_the_newer_version_is_saved_without_asking(
    tmp_path: Path,
) -> None:
    # A tab closed mid-sentence: its kernel saves what it had a moment after the new page
    # opened; the new page puts back every word typed, which contains those. Nothing is lost.
    with Store.for_user("alice", tmp_path) as closed_tab, Store.for_user("alice", tmp_path) as page:
        closed_tab.save("gibbs", "r1/feelings", "I felt")
        mine = Autosaver(
            page, "gibbs", "r1/feelings", delay=60, based_on=page.latest("gibbs", "r1/feelings")
        )
        closed_tab.save("gibbs", "r1/feelings", "I felt rushed")
        mine.changed("I felt rushed and alone")
        assert mine.flush() is True
        assert mine.conflict is None
        assert page.latest("gibbs", "r1/feelings").value == "I felt rushed and alone"
