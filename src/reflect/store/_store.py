"""The Store: one user's workbook, the same whichever back end keeps it."""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from reflect import settings
from reflect.errors import StoreError
from reflect.store._format import as_time
from reflect.store._names import data_dir, owner_of_file_name, workbook_file_name
from reflect.store._sqlite import SQLiteFile
from reflect.store._values import JSONInput, Revision, to_json


class _Rows(Protocol):
    """Where one user's revisions are kept: a SQLite file, or their rows in PostgreSQL."""

    key: str
    owner: str

    def read(self, statement: str, parameters: Mapping[str, object]) -> list[Any]:
        """The rows of one of the Store's statements (reflect.store._statements) by name."""

    def writing(self) -> AbstractContextManager[_Rows]:
        """A write transaction, holding the workbook's write lock: reads in it see the latest,
        and insert() appends; all is kept, or nothing."""

    def insert(self, parameters: Mapping[str, object]) -> int:
        """Append a revision (inside writing()); its id."""

    def close(self) -> None:
        """Let go of what the workbook holds (a file's connection)."""


class Store:
    """One user's workbook. Safe to share between threads; other processes may write at once.

    Entries are keyed by (tool, item), e.g. ("gibbs", "2025-03-04-a/feelings"). Every save
    appends a revision; a save whose value equals the entry's latest is skipped (nothing new
    would be kept) and returns that latest revision.

    Store(path) opens the SQLite file at path; Store.for_user(user) opens the user's workbook
    where this installation keeps workbooks; Store.in_database(url, user) opens the user's
    rows in a PostgreSQL database.
    """

    def __init__(self, path: str | os.PathLike[str], *, owner: str | None = None) -> None:
        path = Path(path)
        # Every row of a file is its user's: the name for_user() gave it, else the file's.
        self._start(SQLiteFile(path, owner or owner_of_file_name(path.name) or path.stem))
        self._path: Path | None = path
        self._where = str(path)
        self._database_url: str | None = None

    @classmethod
    def for_user(cls, user: str, folder: Path | None = None) -> Store:
        """The workbook of the named user: in $REFLECT_DATABASE_URL's database when that is
        set (and no folder is given), else the user's file in folder (default: data_dir())."""
        url = settings.database_url() if folder is None else None
        if url is not None:
            return cls.in_database(url, user)
        return cls((folder or data_dir()) / workbook_file_name(user), owner=user)

    @classmethod
    def in_database(cls, url: str, user: str) -> Store:
        """The named user's workbook in the PostgreSQL database at url (its table is made
        there if the database has none)."""
        from reflect.store._postgres import PostgresRows

        store = cls.__new__(cls)
        rows = PostgresRows(url, user)
        store._start(rows)
        store._path, store._where = None, rows.where
        store._database_url = url
        return store

    def _start(self, rows: _Rows) -> None:
        # Tells apart the processes and page loads whose revisions interleave in one workbook.
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._lock = threading.Lock()
        self._rows: _Rows | None = rows
        self._key, self._owner = rows.key, rows.owner

    @property
    def key(self) -> str:
        """A short name of this workbook, the same each time it is opened: its file's name, or
        workbook-<the user, as a file name would spell it> in a database."""
        return self._key

    @property
    def owner(self) -> str:
        """The user whose workbook this is."""
        return self._owner

    @property
    def database_url(self) -> str | None:
        """The database holding this workbook (None for a file)."""
        return self._database_url

    def neighbour(self, user: str) -> Store:
        """The named user's workbook where this one is kept: their file in this file's
        folder, or their rows in this database. Only reflect.store.mailbox opens another
        user's workbook, to deliver to it."""
        if self._database_url is not None:
            return Store.in_database(self._database_url, user)
        return Store(self.path.parent / workbook_file_name(user), owner=user)

    @property
    def path(self) -> Path:
        """The workbook's file (a workbook in a database has none: see key)."""
        if self._path is None:
            raise AttributeError(f"the workbook {self._where} is in a database, not a file")
        return self._path

    def save(self, tool: str, item: str, value: JSONInput) -> Revision:
        """Append value as the newest revision of (tool, item) and return it.

        An unchanged value (equal to the latest as JSON) adds nothing and returns the latest.
        Raises TypeError for a value that is not JSON, StoreError if it cannot be written.
        """
        if not tool or not item:
            raise ValueError(f"a workbook entry needs a tool and an item, got {tool!r}, {item!r}")
        text = to_json(value)
        entry: dict[str, object] = {"tool": tool, "item": item}
        with self._lock, self._open_rows().writing() as rows:
            latest = rows.read("latest", entry)
            if latest and latest[0][3] == text:
                return _revision(latest[0])
            saved_at = datetime.now(UTC)
            new = {**entry, "value": text, "session": self.session, "owner": self._owner}
            new_id = rows.insert(new | {"saved_at": saved_at})
        return Revision(new_id, tool, item, json.loads(text), saved_at, self.session)

    def latest(self, tool: str, item: str) -> Revision | None:
        """The newest revision of (tool, item), or None if it was never saved."""
        rows = self._read("latest", {"tool": tool, "item": item})
        return _revision(rows[0]) if rows else None

    def history(self, tool: str, item: str) -> list[Revision]:
        """Every revision of (tool, item), oldest first."""
        return [_revision(row) for row in self._read("history", {"tool": tool, "item": item})]

    def latest_many(self, tool: str, prefix: str = "") -> dict[str, Revision]:
        """The newest revision of every item of tool whose name starts with prefix, by item."""
        return {revision.item: revision for revision in self.items(tool, prefix)}

    def items(self, tool: str, prefix: str = "") -> list[Revision]:
        """The newest revision of every item of tool starting with prefix, last updated first."""
        found = self._read("items", {"tool": tool, "length": len(prefix), "prefix": prefix})
        return [_revision(row) for row in found]

    def close(self) -> None:
        """Close the workbook; later calls raise StoreError. Closing twice is harmless."""
        with self._lock:
            if self._rows is not None:
                self._rows.close()
                self._rows = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._path is not None:
            return f"Store({str(self._path)!r})"
        return f"<Store {self._where}>"

    def _read(self, statement: str, parameters: dict[str, object]) -> list[Any]:
        with self._lock:
            return self._open_rows().read(statement, parameters)

    def _open_rows(self) -> _Rows:
        if self._rows is None:
            raise StoreError(f"the workbook {self._where} is closed")
        return self._rows


def _revision(row: Any) -> Revision:
    id_, tool, item, value, saved_at, session = row
    return Revision(id_, tool, item, json.loads(value), as_time(saved_at), session)
