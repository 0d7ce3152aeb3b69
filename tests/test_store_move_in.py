"""Moving a user's SQLite workbook into PostgreSQL: every revision, in order, with its time and
session; foreign files and second moves refused; nothing already in the database lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reflect.errors import StoreError
from reflect.store import Store, workbook_file_name
from reflect.store.move_in import move_in
from tests.test_store_files import SCHEMA_1_ROWS, schema_1_file


def _file_with_history(folder: Path, user: str = "alice") -> Path:
    with Store.for_user(user, folder) as kept:
        for text in ["I", "I felt", "I felt rushed"]:
            kept.save("gibbs", "r1/feelings", text)
        kept.save("drift", "Child A/facts", {"age": 7})
        kept.save("gibbs", "r2/description", "another reflection")
        return kept.path


def _everything(store: Store) -> list[tuple[str, str, object, str, str]]:
    return [
        (r.tool, r.item, r.value, r.saved_at.isoformat(), r.session)
        for tool in ("gibbs", "drift")
        for latest in store.items(tool)
        for r in store.history(tool, latest.item)
    ]


def test_every_revision_is_copied_in_order_with_its_time_and_session(
    tmp_path: Path, postgres_url: str
) -> None:
    path = _file_with_history(tmp_path)
    before = path.read_bytes()
    assert move_in(path, postgres_url, "alice") == 5
    assert path.read_bytes() == before  # the file is only read
    with Store(path) as in_file, Store.in_database(postgres_url, "alice") as in_database:
        assert _everything(in_database) == _everything(in_file)
        ids = [r.id for r in in_database.history("gibbs", "r1/feelings")]
        assert ids == sorted(ids)
        assert [r.item for r in in_database.items("gibbs")] == ["r2/description", "r1/feelings"]


def test_a_schema_1_file_moves_in_whole(tmp_path: Path, postgres_url: str) -> None:
    path = schema_1_file(tmp_path / workbook_file_name("carol"))
    assert move_in(path, postgres_url, "carol") == len(SCHEMA_1_ROWS)
    with Store.in_database(postgres_url, "carol") as moved:
        assert [r.value for r in moved.history("gibbs", "r1/feelings")] == [
            "I",
            "I felt rushed",
            "I felt rushed, then calm",
        ]
        assert moved.latest("drift", "Child A/facts").value == {"age": 7, "notes": ["a", "b"]}  # type: ignore[union-attr]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1  # read, not upgraded


def test_a_second_move_of_the_same_file_is_refused_and_copies_nothing(
    tmp_path: Path, postgres_url: str
) -> None:
    path = _file_with_history(tmp_path)
    move_in(path, postgres_url, "alice")
    with pytest.raises(StoreError, match="was moved in already: 5 of its 5 revisions") as raised:
        move_in(path, postgres_url, "alice")
    assert str(path) in str(raised.value)
    with Store.in_database(postgres_url, "alice") as moved:
        assert len(moved.history("gibbs", "r1/feelings")) == 3


def test_the_same_file_may_be_moved_in_for_another_user(tmp_path: Path, postgres_url: str) -> None:
    path = _file_with_history(tmp_path)
    move_in(path, postgres_url, "alice")
    assert move_in(path, postgres_url, "alice-2") == 5


def test_revisions_already_in_the_database_are_kept_and_a_newer_latest_stays_latest(
    tmp_path: Path, postgres_url: str
) -> None:
    path = _file_with_history(tmp_path)  # saved first: older than what follows
    with Store.in_database(postgres_url, "alice") as in_database:
        in_database.save("gibbs", "r1/feelings", "written on the hub after the file")
        in_database.save("scenario", "s1/state", {"step": 2})
    move_in(path, postgres_url, "alice")
    with Store.in_database(postgres_url, "alice") as moved:
        history = [r.value for r in moved.history("gibbs", "r1/feelings")]
        assert history[0] == "written on the hub after the file"
        assert history[1:4] == ["I", "I felt", "I felt rushed"]
        assert moved.latest("gibbs", "r1/feelings").value == "written on the hub after the file"  # type: ignore[union-attr]
        assert moved.latest("scenario", "s1/state").value == {"step": 2}  # type: ignore[union-attr]
        assert moved.latest("gibbs", "r2/description").value == "another reflection"  # type: ignore[union-attr]


def test_a_file_newer_than_the_database_gives_the_latest(tmp_path: Path, postgres_url: str) -> None:
    with Store.in_database(postgres_url, "alice") as in_database:
        in_database.save("gibbs", "r1/feelings", "an early try on the hub")
    path = _file_with_history(tmp_path)
    move_in(path, postgres_url, "alice")
    with Store.in_database(postgres_url, "alice") as moved:
        assert moved.latest("gibbs", "r1/feelings").value == "I felt rushed"  # type: ignore[union-attr]
        assert len(moved.history("gibbs", "r1/feelings")) == 4


def test_other_users_rows_are_untouched(tmp_path: Path, postgres_url: str) -> None:
    with Store.in_database(postgres_url, "bob") as bob:
        bob.save("gibbs", "r1/feelings", "bob's")
    move_in(_file_with_history(tmp_path), postgres_url, "alice")
    with Store.in_database(postgres_url, "bob") as bob:
        assert [r.value for r in bob.history("gibbs", "r1/feelings")] == ["bob's"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "it is missing or empty"),
        (b"plain text, not a database" * 100, "is not a SQLite database"),
        (None, "is not a reflect workbook (it holds the tables: notes)"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_and_nothing_copied(
    tmp_path: Path, postgres_url: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / "workbook-alice.sqlite"
    if content is None:
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE notes (body TEXT)")
        other.close()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError) as raised:
        move_in(path, postgres_url, "alice")
    assert message in str(raised.value)
    assert str(path) in str(raised.value)
    with Store.in_database(postgres_url, "alice") as in_database:
        assert in_database.items("gibbs") == []


def test_a_missing_file_is_refused_and_not_created(tmp_path: Path, postgres_url: str) -> None:
    path = tmp_path / "workbook-nobody.sqlite"
    with pytest.raises(StoreError, match="missing or empty"):
        move_in(path, postgres_url, "nobody")
    assert not path.exists()
