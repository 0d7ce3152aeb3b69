"""The workbook store, on both back ends (a SQLite file per user, and PostgreSQL): revisions
kept, unchanged values skipped, users kept apart, writers at once losing nothing.

What only a file has (modes, WAL, foreign files, schema 1 files) is in test_store_files.py;
what only a database has, in test_store_postgres.py.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from reflect.errors import StoreError
from reflect.store import Store, data_dir, workbook_file_name
from tests._workbooks import Workbooks


@pytest.fixture
def store(workbooks: Workbooks) -> Iterator[Store]:
    with workbooks.open("alice") as opened:
        yield opened


def test_a_saved_value_is_read_back_and_survives_reopening(
    workbooks: Workbooks, store: Store
) -> None:
    store.save("gibbs", "r1/description", "The core group met late.")
    store.close()
    with workbooks.open("alice") as reopened:
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


def test_save_returns_the_revision_as_it_is_read_back(store: Store) -> None:
    saved = store.save("gibbs", "r1/feelings", {"text": "rushed", "words": 1})
    assert store.latest("gibbs", "r1/feelings") == saved
    assert store.history("gibbs", "r1/feelings") == [saved]
    assert saved.session == store.session


def test_saving_the_latest_value_again_adds_no_revision(store: Store) -> None:
    first = store.save("gibbs", "r1/feelings", "rushed")
    again = store.save("gibbs", "r1/feelings", "rushed")
    assert again == first
    assert len(store.history("gibbs", "r1/feelings")) == 1


def test_going_back_to_an_earlier_value_is_a_new_revision(store: Store) -> None:
    for text in ["rushed", "calm", "rushed"]:
        store.save("gibbs", "r1/feelings", text)
    assert [r.value for r in store.history("gibbs", "r1/feelings")] == ["rushed", "calm", "rushed"]


def test_saved_at_is_utc_to_the_microsecond(workbooks: Workbooks, store: Store) -> None:
    saved = store.save("drift", "Child A", "no change")
    assert saved.saved_at.tzinfo == UTC
    store.close()
    with workbooks.open("alice") as reopened:
        read = reopened.latest("drift", "Child A")
    assert read is not None
    assert read.saved_at == saved.saved_at
    assert read.saved_at.utcoffset() is not None
    assert read.saved_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


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


def test_text_of_any_language_and_quotes_round_trips(store: Store) -> None:
    text = "Zoë's \"view\": 子供 \\ ' ; DROP TABLE revision; --"
    store.save("gibbs", "r1/analysis", text)
    assert store.latest("gibbs", "r1/analysis").value == text  # type: ignore[union-attr]


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
    store.save("gibbs", "r%1/description", "would match if % were a wildcard")
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


def test_a_save_waits_for_another_writer_instead_of_failing(
    workbooks: Workbooks, store: Store
) -> None:
    store.save("gibbs", "r0", "the table exists before the other writer locks it")
    released = workbooks.hold_writes(store, 0.3)
    started = time.monotonic()
    store.save("gibbs", "r1", "written while locked")
    assert time.monotonic() - started >= 0.25
    released()
    assert [r.value for r in store.history("gibbs", "r1")] == ["written while locked"]


# Users --------------------------------------------------------------------------------------


def test_one_users_store_never_shows_another_users_entries(workbooks: Workbooks) -> None:
    with workbooks.open("alice") as alice, workbooks.open("bob") as bob:
        alice.save("gibbs", "r1/feelings", "alice's private reflection")
        bob.save("gibbs", "r2/feelings", "bob's")
        assert alice.key != bob.key
        assert bob.latest("gibbs", "r1/feelings") is None
        assert bob.history("gibbs", "r1/feelings") == []
        assert [r.item for r in bob.items("gibbs")] == ["r2/feelings"]
        assert list(alice.latest_many("gibbs")) == ["r1/feelings"]


def test_the_same_value_saved_by_two_users_is_a_revision_of_each(workbooks: Workbooks) -> None:
    with workbooks.open("alice") as alice, workbooks.open("bob") as bob:
        alice.save("gibbs", "r1", "same words")
        bob.save("gibbs", "r1", "same words")
        assert len(alice.history("gibbs", "r1")) == len(bob.history("gibbs", "r1")) == 1


def test_the_key_names_the_users_workbook_the_same_each_time(workbooks: Workbooks) -> None:
    with workbooks.open("Zoë/x") as first, workbooks.open("Zoë/x") as again:
        assert first.key == again.key
        assert first.key.startswith("workbook-")
        assert workbook_file_name("Zoë/x").startswith(first.key)
        assert first.owner == "Zoë/x"


@pytest.mark.parametrize("user", ["", "   "])
def test_an_empty_user_name_is_refused(workbooks: Workbooks, user: str) -> None:
    with pytest.raises(StoreError, match="user name"):
        workbooks.open(user)


def test_a_user_name_too_long_for_a_file_name_is_refused(workbooks: Workbooks) -> None:
    with pytest.raises(StoreError, match="too long"):
        workbooks.open("ü" * 40)  # 240 characters once escaped


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


# Writers at once ----------------------------------------------------------------------------

_WRITER = """
import sys, time
from pathlib import Path
from reflect.store import Store
where, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = Store.in_database(where, "alice") if where.startswith("postgresql") else Store(where)
(go.parent / f"ready-{name}").touch()
while not go.exists():
    time.sleep(0.001)
for number in range(count):
    store.save("gibbs", "shared/feelings", f"{name}-{number}")
store.close()
"""


def test_two_processes_writing_at_once_lose_nothing(
    workbooks: Workbooks, store: Store, tmp_path: Path
) -> None:
    where = str(store.path) if workbooks.url is None else workbooks.url
    go, count = tmp_path / "go", 300
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, where, name, str(count), str(go)])
        for name in ("first", "second")
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # both have the workbook open before either starts writing
    go.touch()
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    values = [str(r.value) for r in store.history("gibbs", "shared/feelings")]
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


def test_two_stores_of_one_user_saving_the_same_value_at_once_keep_one_revision(
    workbooks: Workbooks,
) -> None:
    # The latest is read and the new revision appended under one lock: never both appended.
    stores = [workbooks.open("alice") for _ in range(4)]
    barrier = threading.Barrier(len(stores))

    def save(opened: Store) -> None:
        barrier.wait()
        opened.save("gibbs", "r1", "the same words from every tab")

    threads = [threading.Thread(target=save, args=(opened,)) for opened in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stores[0].history("gibbs", "r1")) == 1
    for opened in stores:
        opened.close()
