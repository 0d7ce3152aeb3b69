"""The workbook: one append-only SQLite file per user holding every revision of what they wrote."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeAlias

from reflect.errors import StoreError
from reflect.store._names import data_dir, workbook_file_name
from reflect.store._values import JSONInput, Revision, to_json

APPLICATION_ID = 0x52464C54  # "RFLT" in the SQLite header: tells our files from other apps'
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"
_COLUMNS = "id, tool, item, value, saved_at, session"
_SCHEMA = (
    # Append-only: rows are inserted, never updated or deleted. id order is save order.
    "CREATE TABLE revision (id INTEGER PRIMARY KEY AUTOINCREMENT, tool TEXT NOT NULL,"
    " item TEXT NOT NULL, value TEXT NOT NULL, saved_at TEXT NOT NULL, session TEXT NOT NULL)",
    "CREATE INDEX revision_by_key ON revision (tool, item, id)",
    f"PRAGMA application_id = {APPLICATION_ID}",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)
_Row: TypeAlias = tuple[int, str, str, str, str, str]


def _revision(row: _Row) -> Revision:
    id_, tool, item, value, saved_at, session = row
    return Revision(id_, tool, item, json.loads(value), datetime.fromisoformat(saved_at), session)


def _open(path: Path) -> sqlite3.Connection:
    """Connect to path, creating a new workbook or checking an existing one; never overwrites."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a reflect workbook")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as file:
            if file.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                raise StoreError(f"{path} is not a SQLite database, so not a reflect workbook")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Created here, private to its owner; SQLite gives its -wal and -shm files this mode.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise StoreError(f"cannot create the workbook {path}: {exc}") from exc
    try:
        connection = sqlite3.connect(
            path.resolve().as_uri() + "?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the workbook {path}: {exc}") from exc
    try:
        _check_or_create_schema(connection, path)
        # Only once the file is known to be ours: switching to WAL rewrites the header.
        if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
            raise StoreError(f"{path} cannot be used in WAL mode (is it on a network drive?)")
        # Each commit is on disk before save() returns: a power cut loses no acknowledged save.
        connection.execute("PRAGMA synchronous = FULL")
    except sqlite3.OperationalError as exc:  # locked past the busy timeout, disk full, ...
        connection.close()
        raise StoreError(f"cannot open the workbook {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise StoreError(f"{path} is damaged or not a SQLite database: {exc}") from exc
    except BaseException:
        connection.close()
        raise
    return connection


def _check_or_create_schema(connection: sqlite3.Connection, path: Path) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
        if application_id == 0 and not tables:
            # In the same transaction as the check, so two processes cannot both create it.
            for statement in _SCHEMA:
                connection.execute(statement)
        elif application_id != APPLICATION_ID:
            listed = ", ".join(sorted(tables)) or "none"
            raise StoreError(f"{path} is not a reflect workbook (it holds the tables: {listed})")
        elif version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer reflect (workbook schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}). Upgrade reflect to open it."
            )
        elif "revision" not in tables:
            raise StoreError(f"{path} is a damaged reflect workbook: its revision table is gone")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


class Store:
    """One user's workbook. Safe to share between threads; other processes may write at once.

    Entries are keyed by (tool, item), e.g. ("gibbs", "2025-03-04-a/feelings"). Every save
    appends a revision; a save whose value equals the entry's latest is skipped (nothing new
    would be kept) and returns that latest revision.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        # Tells apart the processes and page loads whose revisions interleave in one file.
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = _open(self.path)

    @classmethod
    def for_user(cls, user: str, folder: Path | None = None) -> Store:
        """The workbook of the named user, in folder (default: data_dir())."""
        return cls((folder or data_dir()) / workbook_file_name(user))

    def save(self, tool: str, item: str, value: JSONInput) -> Revision:
        """Append value as the newest revision of (tool, item) and return it.

        An unchanged value (equal to the latest as JSON) adds nothing and returns the latest.
        Raises TypeError for a value that is not JSON, StoreError if the file cannot be written.
        """
        if not tool or not item:
            raise ValueError(f"a workbook entry needs a tool and an item, got {tool!r}, {item!r}")
        text = to_json(value)
        with self._transaction() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM revision WHERE tool = ? AND item = ? "
                "ORDER BY id DESC LIMIT 1",
                (tool, item),
            ).fetchone()
            if row is not None and row[3] == text:
                return _revision(row)
            saved_at = datetime.now(UTC).isoformat(timespec="microseconds")
            cursor = connection.execute(
                "INSERT INTO revision (tool, item, value, saved_at, session) VALUES (?,?,?,?,?)",
                (tool, item, text, saved_at, self.session),
            )
        assert cursor.lastrowid is not None
        return _revision((cursor.lastrowid, tool, item, text, saved_at, self.session))

    def latest(self, tool: str, item: str) -> Revision | None:
        """The newest revision of (tool, item), or None if it was never saved."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM revision WHERE tool = ? AND item = ? ORDER BY id DESC LIMIT 1",
            (tool, item),
        )
        return _revision(rows[0]) if rows else None

    def history(self, tool: str, item: str) -> list[Revision]:
        """Every revision of (tool, item), oldest first."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM revision WHERE tool = ? AND item = ? ORDER BY id", (tool, item)
        )
        return [_revision(row) for row in rows]

    def latest_many(self, tool: str, prefix: str = "") -> dict[str, Revision]:
        """The newest revision of every item of tool whose name starts with prefix, by item."""
        return {revision.item: revision for revision in self.items(tool, prefix)}

    def items(self, tool: str, prefix: str = "") -> list[Revision]:
        """The newest revision of every item of tool starting with prefix, last updated first."""
        # The inner query reads only the (tool, item, id) index; rows are then fetched by id.
        rows = self._query(
            f"SELECT {_COLUMNS} FROM revision WHERE id IN (SELECT max(id) FROM revision "
            "WHERE tool = ? AND substr(item, 1, ?) = ? GROUP BY item) ORDER BY id DESC",
            (tool, len(prefix), prefix),
        )
        return [_revision(row) for row in rows]

    def close(self) -> None:
        """Close the file; later calls raise StoreError. Closing twice is harmless."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _query(self, sql: str, parameters: tuple[object, ...]) -> list[_Row]:
        with self._lock:
            try:
                return self._open_connection().execute(sql, parameters).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the workbook {self.path}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction holding the file's write lock from its first statement."""
        with self._lock:
            connection = self._open_connection()
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreError(f"cannot save to the workbook {self.path}: {exc}") from exc

    def _open_connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreError(f"the workbook {self.path} is closed")
        return self._connection
