"""A user's workbook as a SQLite file of their own: created private, checked before use
(reflect's, not damaged, not newer), schema 1 files brought to schema 2 in place, WAL and
synchronous FULL. The Store's statements run on the file's own connection."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reflect.errors import StoreError
from reflect.store._format import APPLICATION_ID, SCHEMA_VERSION, SQLITE, SQLITE_DDL, as_text

BUSY_TIMEOUT_SECONDS = 10.0
_SQLITE_MAGIC = b"SQLite format 3\x00"
_V1_COLUMNS = ("id", "tool", "item", "value", "saved_at", "session")


class SQLiteFile:
    """One user's file. Not thread-safe by itself: the Store holding it takes a lock."""

    def __init__(self, path: Path, owner: str) -> None:
        self.path, self.owner = path, owner
        self.key = path.name
        self._connection: sqlite3.Connection | None = _open(path, owner)

    def read(self, statement: str, parameters: Mapping[str, object]) -> list[Any]:
        compiled = getattr(SQLITE, statement)
        try:
            cursor = self._open_connection().execute(compiled.sql, compiled.parameters(parameters))
            return cursor.fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the workbook {self.path}: {exc}") from exc

    @contextmanager
    def writing(self) -> Iterator[SQLiteFile]:
        """A write transaction holding the file's write lock from its first statement, so the
        latest revision read in it is still the latest when the new one is appended."""
        connection = self._open_connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield self
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"cannot save to the workbook {self.path}: {exc}") from exc

    def insert(self, parameters: Mapping[str, object]) -> int:
        """Append one row (inside writing()); its id."""
        # Without SQLAlchemy's types here (see _statements): the time as schema 1 wrote it.
        stored = {**parameters, "saved_at": as_text(parameters["saved_at"])}  # type: ignore[arg-type]
        cursor = self._open_connection().execute(
            SQLITE.insert.sql, SQLITE.insert.parameters(stored)
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _open_connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreError(f"the workbook {self.path} is closed")
        return self._connection


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """A connection to path after checking it is a SQLite file, creating it (private to its
    owner) when create is set and it is missing or empty; never overwrites."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a reflect workbook")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as file:
            if file.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                raise StoreError(f"{path} is not a SQLite database, so not a reflect workbook")
    elif not create:
        raise StoreError(f"{path} is not a reflect workbook: it is missing or empty")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Created here, private to its owner; SQLite gives its -wal and -shm files this mode.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise StoreError(f"cannot create the workbook {path}: {exc}") from exc
    try:
        return sqlite3.connect(
            path.resolve().as_uri() + "?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the workbook {path}: {exc}") from exc


def _open(path: Path, owner: str) -> sqlite3.Connection:
    """Connect to path, creating a new workbook or checking (and upgrading) an existing one."""
    connection = connect(path, create=True)
    try:
        _check_or_create_schema(connection, path, owner)
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


def schema_version(connection: sqlite3.Connection, path: Path) -> int:
    """The workbook schema of a file reflect can read; a clear StoreError for any other file."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    if application_id == 0 and not tables:
        return 0
    if application_id != APPLICATION_ID:
        listed = ", ".join(sorted(tables)) or "none"
        raise StoreError(f"{path} is not a reflect workbook (it holds the tables: {listed})")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer reflect (workbook schema {version}; this "
            f"version reads up to {SCHEMA_VERSION}). Upgrade reflect to open it."
        )
    if "revision" not in tables:
        raise StoreError(f"{path} is a damaged reflect workbook: its revision table is gone")
    return version


def _check_or_create_schema(connection: sqlite3.Connection, path: Path, owner: str) -> None:
    # The write lock from the start: two processes cannot both create or upgrade the file.
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(connection, path)
        if version == 0:
            for statement in SQLITE_DDL:
                connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        elif version == 1:
            _upgrade_from_schema_1(connection, owner)
        if version != SCHEMA_VERSION:  # a file already at it is not written to by opening it
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _upgrade_from_schema_1(connection: sqlite3.Connection, owner: str) -> None:
    """Schema 1 had no owner column: the table is rebuilt as schema 2's, every row kept with
    its id (and the id sequence kept), each row's owner the file's user. In the caller's
    transaction: a failure leaves the file exactly as it was."""
    columns = ", ".join(_V1_COLUMNS)
    connection.execute("DROP INDEX IF EXISTS revision_by_key")
    connection.execute("ALTER TABLE revision RENAME TO revision_schema_1")
    for statement in SQLITE_DDL:
        connection.execute(statement)
    connection.execute(
        f"INSERT INTO revision (owner, {columns}) SELECT ?, {columns} FROM revision_schema_1"
        " ORDER BY id",
        (owner,),
    )
    # AUTOINCREMENT never reuses an id; the new table goes on from where the old one was.
    connection.execute(
        "UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence"
        " WHERE name = 'revision_schema_1') WHERE name = 'revision'"
        " AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'revision_schema_1')"
    )
    connection.execute("DROP TABLE revision_schema_1")
