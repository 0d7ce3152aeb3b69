"""What only a SQLite workbook file has: its marks and modes, foreign and damaged files left
alone, and files written by schema 1 (before the owner column) opened with nothing lost."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.errors import StoreError
from reflect.store import APPLICATION_ID, SCHEMA_VERSION, Store, workbook_file_name


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.for_user("alice", tmp_path) as opened:
        yield opened


def test_the_file_is_marked_as_a_reflect_workbook_in_wal_mode(store: Store) -> None:
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_each_commit_is_synced_in_full(store: Store) -> None:
    assert store._rows._connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # type: ignore[union-attr]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_workbook_file_is_readable_by_its_owner_only(store: Store) -> None:
    assert store.path.stat().st_mode & 0o077 == 0


def test_saved_at_is_utc_with_microseconds_in_the_file(store: Store) -> None:
    store.save("drift", "Child A", "no change")
    with sqlite3.connect(store.path) as raw:
        (stored,) = raw.execute("SELECT saved_at FROM revision").fetchone()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", stored)


def test_every_row_of_a_file_is_its_users_and_the_key_is_the_file_name(store: Store) -> None:
    store.save("gibbs", "r1", "one")
    store.save("drift", "Child A", "two")
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("SELECT DISTINCT owner FROM revision").fetchall() == [("alice",)]
    assert store.key == store.path.name == workbook_file_name("alice")


def test_a_file_opened_by_its_path_knows_its_user_from_its_name(tmp_path: Path) -> None:
    with Store(tmp_path / workbook_file_name("Zoë/x")) as by_name:
        assert by_name.owner == "Zoë/x"
    with Store(tmp_path / "trainee.sqlite3") as other_name:
        assert other_name.owner == "trainee"


@pytest.mark.parametrize("user", ["../x", "a/b", "..", ".", "a\\b", "C:evil", "con", "%2F", "/"])
def test_a_user_name_cannot_escape_the_data_folder(tmp_path: Path, user: str) -> None:
    folder = tmp_path / "data"
    with Store.for_user(user, folder) as opened:
        opened.save("gibbs", "r1", "text")
        assert opened.path.parent == folder
    assert [p.name for p in tmp_path.iterdir()] == ["data"]
    assert not {"/", "\\"} & set(workbook_file_name(user))


def test_a_folder_given_wins_over_the_database_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLECT_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    with Store.for_user("alice", tmp_path) as opened:
        assert opened.path == tmp_path / "workbook-alice.sqlite"


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


# Files written by schema 1 -----------------------------------------------------------------

# Exactly what reflect wrote before the owner column (store.py's _SCHEMA at schema 1).
SCHEMA_1 = (
    "CREATE TABLE revision (id INTEGER PRIMARY KEY AUTOINCREMENT, tool TEXT NOT NULL,"
    " item TEXT NOT NULL, value TEXT NOT NULL, saved_at TEXT NOT NULL, session TEXT NOT NULL)",
    "CREATE INDEX revision_by_key ON revision (tool, item, id)",
    f"PRAGMA application_id = {APPLICATION_ID}",
    "PRAGMA user_version = 1",
)
SCHEMA_1_ROWS = [
    (1, "gibbs", "r1/feelings", '"I"', "2025-03-04T10:02:03.000001+00:00", "101-aaaaaaaa"),
    (
        2,
        "gibbs",
        "r1/feelings",
        '"I felt rushed"',
        "2025-03-04T10:02:05.123456+00:00",
        "101-aaaaaaaa",
    ),
    (
        3,
        "drift",
        "Child A/facts",
        '{"age": 7, "notes": ["a", "b"]}',
        "2025-03-05T09:00:00.000000+00:00",
        "102-bbbbbbbb",
    ),
    (
        7,
        "gibbs",
        "r1/feelings",
        '"I felt rushed, then calm"',
        "2025-03-06T08:30:00.500000+00:00",
        "103-cccccccc",
    ),
]


def schema_1_file(path: Path, *, deleted_after: int | None = None) -> Path:
    """A workbook file as reflect wrote it at schema 1 (WAL, four revisions; ids 4-6 were
    taken by inserts that were rolled back, so the id sequence is ahead of the rows)."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("BEGIN IMMEDIATE")
    for statement in SCHEMA_1:
        raw.execute(statement)
    raw.executemany("INSERT INTO revision VALUES (?, ?, ?, ?, ?, ?)", SCHEMA_1_ROWS)
    raw.execute("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'revision'")
    raw.execute("COMMIT")
    raw.close()
    os.chmod(path, 0o600)
    return path


def test_a_schema_1_file_opens_with_every_revision_and_its_id_time_and_session(
    tmp_path: Path,
) -> None:
    path = schema_1_file(tmp_path / workbook_file_name("alice"))
    with Store(path) as opened:
        history = opened.history("gibbs", "r1/feelings")
        assert [(r.id, r.value, r.saved_at.isoformat(), r.session) for r in history] == [
            (1, "I", "2025-03-04T10:02:03.000001+00:00", "101-aaaaaaaa"),
            (2, "I felt rushed", "2025-03-04T10:02:05.123456+00:00", "101-aaaaaaaa"),
            (7, "I felt rushed, then calm", "2025-03-06T08:30:00.500000+00:00", "103-cccccccc"),
        ]
        facts = opened.latest("drift", "Child A/facts")
        assert facts is not None
        assert facts.value == {"age": 7, "notes": ["a", "b"]}
        assert [r.item for r in opened.items("gibbs")] == ["r1/feelings"]


def test_a_schema_1_file_is_upgraded_in_place_to_the_one_schema(tmp_path: Path) -> None:
    path = schema_1_file(tmp_path / workbook_file_name("alice"))
    with Store(path) as opened:
        newest = opened.save("gibbs", "r2/description", "after the upgrade")
    assert newest.id == 10  # the id sequence goes on from where schema 1's was: ids never reused
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        rows = raw.execute(
            "SELECT id, owner, tool, item, value, saved_at, session FROM revision ORDER BY id"
        ).fetchall()
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()
    assert rows[:-1] == [(row[0], "alice", *row[1:]) for row in SCHEMA_1_ROWS]
    assert tables == {"revision", "revision_by_key", "sqlite_sequence"}
    assert path.stat().st_mode & 0o077 == 0


def test_fresh_and_upgraded_files_have_the_same_schema(tmp_path: Path) -> None:
    Store(tmp_path / "fresh.sqlite").close()
    Store(schema_1_file(tmp_path / "upgraded.sqlite")).close()

    def schema(name: str) -> list[tuple[str, str]]:
        with sqlite3.connect(tmp_path / name) as raw:
            return raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE name != 'sqlite_sequence' ORDER BY name"
            ).fetchall()

    assert schema("fresh.sqlite") == schema("upgraded.sqlite")


def test_a_schema_1_file_that_cannot_be_upgraded_is_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reflect.store._sqlite.BUSY_TIMEOUT_SECONDS", 0.2)
    path = schema_1_file(tmp_path / workbook_file_name("alice"))
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another writer holds the file past the busy timeout
    before = path.read_bytes()
    try:
        with pytest.raises(StoreError, match=re.escape(str(path))):
            Store(path)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert path.read_bytes() == before
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1


def test_opening_a_workbook_writes_nothing_to_it(store: Store) -> None:
    store.save("gibbs", "r1", "text")
    store.close()
    before = store.path.read_bytes()
    with Store(store.path) as reopened:
        assert reopened.latest("gibbs", "r1") is not None
    assert store.path.read_bytes() == before
