"""The workbook store: revisions kept, users kept apart, foreign files left alone."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from reflect.errors import StoreError
from reflect.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Store,
    data_dir,
    workbook_file_name,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.for_user("alice", tmp_path) as opened:
        yield opened


def test_a_saved_value_is_read_back_and_survives_reopening(store: Store) -> None:
    store.save("gibbs", "r1/description", "The core group met late.")
    store.close()
    with Store(store.path) as reopened:
        latest = reopened.latest("gibbs", "r1/description")
    assert latest is not None
    assert latest.value == "The core group met late."


def test_an_entry_never_saved_has_no_latest_and_no_history(store: Store) -> None:
    assert store.latest("gibbs", "r1/feelings") is None
    assert store.history("gibbs", "r1/feelings") == []


def test_every_save_is_kept_oldest_first(store: Store) -> None:
    for text in ["I", "I felt", "I felt rushed"]:
        store.save("gibbs", "r1/feelings", text)
    history = store.history("gibbs", "r1/feelings")
    assert [revision.value for revision in history] == ["I", "I felt", "I felt rushed"]
    assert [r.saved_at for r in history] == sorted(r.saved_at for r in history)


def test_saving_the_latest_value_again_adds_no_revision(store: Store) -> None:
    first = store.save("gibbs", "r1/feelings", "rushed")
    again = store.save("gibbs", "r1/feelings", "rushed")
    assert again == first
    assert len(store.history("gibbs", "r1/feelings")) == 1


def test_going_back_to_an_earlier_value_is_a_new_revision(store: Store) -> None:
    for text in ["rushed", "calm", "rushed"]:
        store.save("gibbs", "r1/feelings", text)
    assert [r.value for r in store.history("gibbs", "r1/feelings")] == ["rushed", "calm", "rushed"]


def test_saved_at_is_utc_with_microseconds_in_the_file(store: Store) -> None:
    revision = store.save("drift", "Child A", "no change")
    assert revision.saved_at.tzinfo == UTC
    with sqlite3.connect(store.path) as raw:
        (stored,) = raw.execute("SELECT saved_at FROM revision").fetchone()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", stored)


def test_structured_values_round_trip_and_tuples_come_back_as_lists(store: Store) -> None:
    value = {"ratings": {"1.2": 3, "4.1": None}, "evidence": ("minutes", "audit"), "done": True}
    store.save("competency", "2025-q1", value)
    latest = store.latest("competency", "2025-q1")
    assert latest is not None
    assert latest.value == {
        "ratings": {"1.2": 3, "4.1": None},
        "evidence": ["minutes", "audit"],
        "done": True,
    }


@pytest.mark.parametrize("value", [{1, 2}, float("nan"), {"when": object()}])
def test_a_value_that_is_not_json_is_refused_and_nothing_saved(store: Store, value: object) -> None:
    with pytest.raises(TypeError, match="JSON"):
        store.save("gibbs", "r1/feelings", value)  # type: ignore[arg-type]
    assert store.history("gibbs", "r1/feelings") == []


@pytest.mark.parametrize(("tool", "item"), [("", "r1"), ("gibbs", "")])
def test_an_entry_needs_a_tool_and_an_item(store: Store, tool: str, item: str) -> None:
    with pytest.raises(ValueError, match="tool and an item"):
        store.save(tool, item, "text")


def test_items_lists_each_entry_of_a_tool_once_last_updated_first(store: Store) -> None:
    store.save("gibbs", "r1/description", "first draft")
    store.save("gibbs", "r2/description", "another reflection")
    store.save("gibbs", "r1/description", "second draft")
    store.save("drift", "Child A", "not a gibbs entry")
    listed = [(r.item, r.value) for r in store.items("gibbs")]
    assert listed == [("r1/description", "second draft"), ("r2/description", "another reflection")]


def test_latest_many_loads_one_workbook_by_prefix_taken_literally(store: Store) -> None:
    store.save("gibbs", "r_1/description", "underscore reflection")
    store.save("gibbs", "r_1/feelings", "calm")
    store.save("gibbs", "rx1/description", "would match if _ were a wildcard")
    store.save("gibbs", "R_1/description", "upper case is another prefix")
    loaded = store.latest_many("gibbs", prefix="r_1/")
    assert {item: r.value for item, r in loaded.items()} == {
        "r_1/description": "underscore reflection",
        "r_1/feelings": "calm",
    }


def test_a_closed_store_refuses_use_and_closing_twice_is_harmless(store: Store) -> None:
    store.close()
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.save("gibbs", "r1", "text")
    with pytest.raises(StoreError, match="is closed"):
        store.latest("gibbs", "r1")


def test_the_file_is_marked_as_a_reflect_workbook_in_wal_mode(store: Store) -> None:
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_workbook_file_is_readable_by_its_owner_only(store: Store) -> None:
    assert store.path.stat().st_mode & 0o077 == 0


def test_a_save_waits_for_another_writer_instead_of_failing(store: Store) -> None:
    other = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    releaser = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    releaser.start()
    started = time.monotonic()
    store.save("gibbs", "r1", "written while locked")
    assert time.monotonic() - started >= 0.25
    releaser.join()
    other.close()
    assert [r.value for r in store.history("gibbs", "r1")] == ["written while locked"]


# Users --------------------------------------------------------------------------------------


def test_one_users_store_never_shows_another_users_entries(tmp_path: Path) -> None:
    with Store.for_user("alice", tmp_path) as alice, Store.for_user("bob", tmp_path) as bob:
        alice.save("gibbs", "r1/feelings", "alice's private reflection")
        assert alice.path != bob.path
        assert bob.latest("gibbs", "r1/feelings") is None
        assert bob.items("gibbs") == []


@pytest.mark.parametrize("user", ["../x", "a/b", "..", ".", "a\\b", "C:evil", "con", "%2F", "/"])
def test_a_user_name_cannot_escape_the_data_folder(tmp_path: Path, user: str) -> None:
    folder = tmp_path / "data"
    with Store.for_user(user, folder) as opened:
        opened.save("gibbs", "r1", "text")
        assert opened.path.parent == folder
    assert [p.name for p in tmp_path.iterdir()] == ["data"]
    assert not {"/", "\\"} & set(workbook_file_name(user))


@pytest.mark.parametrize("user", ["", "   "])
def test_an_empty_user_name_is_refused(tmp_path: Path, user: str) -> None:
    with pytest.raises(StoreError, match="user name"):
        Store.for_user(user, tmp_path)


def test_a_user_name_too_long_for_a_file_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="too long"):
        Store.for_user("ü" * 40, tmp_path)  # 240 characters once escaped


def test_user_names_differing_only_in_case_or_escaping_get_different_files() -> None:
    names = ["alice", "Alice", "ALICE", "a/b", "a%2Fb", "a%2fb", "zoë", "zo%C3%ABe", "a b", "a_b"]
    files = [workbook_file_name(name).lower() for name in names]  # as a case-blind disk sees them
    assert len(set(files)) == len(names)


def test_without_the_override_the_platform_data_folder_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REFLECT_DATA_DIR", raising=False)
    assert data_dir().name == "reflect"
    monkeypatch.setenv("REFLECT_DATA_DIR", "/srv/reflect-data")
    assert data_dir() == Path("/srv/reflect-data")


# Files that are not (usable) workbooks ----------------------------------------------------


def _refused_unchanged(path: Path, message: str) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreError) as raised:
        Store(path)
    assert str(path) in str(raised.value)
    assert message in str(raised.value)
    assert path.read_bytes() == before


def test_random_bytes_are_not_a_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "workbook-alice.sqlite"
    path.write_bytes(os.urandom(4096))
    _refused_unchanged(path, "is not a SQLite database")


def test_another_apps_database_is_not_a_reflect_workbook(tmp_path: Path) -> None:
    path = tmp_path / "workbook-alice.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
        other.execute("INSERT INTO notes VALUES ('shopping list')")
    other.close()
    _refused_unchanged(path, "is not a reflect workbook (it holds the tables: notes)")


def test_a_workbook_from_a_newer_reflect_is_refused(store: Store) -> None:
    store.save("gibbs", "r1", "text")
    store.close()
    with sqlite3.connect(store.path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    _refused_unchanged(store.path, "newer reflect")


def test_a_damaged_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "workbook-alice.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
    other.close()
    healthy = path.read_bytes()
    path.write_bytes(healthy[:100] + b"\xff" * (len(healthy) - 100))  # header kept, pages gone
    _refused_unchanged(path, "damaged")


def test_a_reflect_workbook_without_its_table_is_refused(store: Store) -> None:
    store.close()
    with sqlite3.connect(store.path) as raw:
        raw.execute("DROP TABLE revision")
    raw.close()
    _refused_unchanged(store.path, "revision table is gone")


def test_an_empty_file_becomes_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "workbook-alice.sqlite"
    path.touch()
    with Store(path) as opened:
        opened.save("gibbs", "r1", "text")
        assert opened.latest("gibbs", "r1") is not None


def test_a_folder_in_the_workbooks_place_is_refused(tmp_path: Path) -> None:
    (tmp_path / "workbook-alice.sqlite").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        Store.for_user("alice", tmp_path)


# Writers at once ----------------------------------------------------------------------------

_WRITER = """
import sys, time
from pathlib import Path
from reflect.store import Store
path, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = Store(path)
(go.parent / f"ready-{name}").touch()
while not go.exists():
    time.sleep(0.001)
for number in range(count):
    store.save("gibbs", "shared/feelings", f"{name}-{number}")
store.close()
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path, go, count = tmp_path / "workbook-alice.sqlite", tmp_path / "go", 500
    Store(path).close()  # created once, so both writers find a workbook
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name, str(count), str(go)])
        for name in ("first", "second")
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # both have the file open before either starts writing
    go.touch()
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    with Store(path) as opened:
        values = [str(r.value) for r in opened.history("gibbs", "shared/feelings")]
    assert len(values) == 2 * count
    for name in ("first", "second"):
        assert [v for v in values if v.startswith(name)] == [f"{name}-{n}" for n in range(count)]


def test_threads_sharing_one_store_lose_nothing(store: Store) -> None:
    def write(thread: int) -> None:
        for number in range(50):
            store.save("gibbs", f"thread-{thread}", number)

    threads = [threading.Thread(target=write, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {item: r.value for item, r in store.latest_many("gibbs").items()} == {
        f"thread-{t}": 49 for t in range(8)
    }
    assert all(len(store.history("gibbs", f"thread-{t}")) == 50 for t in range(8))
