"""Every revision of one user's workbook at once, on both back ends: read in one snapshot (for
`reflect export`), and another workbook's revisions appended in one transaction without losing
or repeating any (for `reflect import`). Revisions are only ever appended, never changed.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import DBAPIError

from reflect.errors import StoreError
from reflect.store._format import SQLITE, as_text, as_time
from reflect.store._names import workbook_file_name, workbook_key
from reflect.store._postgres import LOCK_SPACE, OWNERS_LOCK, engine, shown
from reflect.store._schema import revision
from reflect.store._sqlite import connect, schema_version
from reflect.store._store import Store
from reflect.store._values import JSONValue, to_json


@dataclass(frozen=True, slots=True)
class PortableRevision:
    """One revision as a workbook file carries it: its number where it was saved, its entry
    (tool, item), its time, the session that saved it, whose workbook it was saved in, and
    its value."""

    id: int
    tool: str
    item: str
    saved_at: datetime
    session: str
    owner: str
    value: JSONValue


@dataclass(frozen=True)
class Workbook:
    """Where one user's workbook is: a SQLite file (file), or the user's rows in a PostgreSQL
    database (database_url)."""

    user: str
    file: Path | None = None
    database_url: str | None = None

    def __post_init__(self) -> None:
        if (self.file is None) == (self.database_url is None):
            raise ValueError("a workbook is in a file or in a database: give one of the two")
        workbook_key(self.user)  # refuses an empty user name, as the Store does

    @classmethod
    def of_user(cls, user: str, folder: Path) -> Workbook:
        """The user's file in folder, named as Store.for_user names it."""
        return cls(user, file=folder / workbook_file_name(user))

    @property
    def key(self) -> str:
        """The workbook's short name, as Store.key gives it (no folder, no password)."""
        return self.file.name if self.file is not None else workbook_key(self.user)

    def __str__(self) -> str:
        if self.file is not None:
            return f"{self.user}'s workbook {self.file}"
        return f"{self.user}'s workbook in {shown(self.database_url or '')}"


def read_every_revision(workbook: Workbook) -> list[PortableRevision]:
    """Every revision of the workbook, in the order it was saved there (by id). Only reads:
    a file is not created, nor upgraded from an older schema."""
    if workbook.file is not None:
        return _read_file(workbook.file, workbook.user)
    assert workbook.database_url is not None
    pooled = engine(workbook.database_url)
    query = (
        select(revision)
        .where(revision.c.owner == workbook.user)  # one user's rows, never another's
        .order_by(revision.c.id)
    )
    try:
        with pooled.connect() as connection:
            rows = connection.execute(query).all()
    except DBAPIError as exc:
        raise StoreError(f"cannot read {workbook}: {exc.orig}") from exc
    return [
        _portable(row.id, row.tool, row.item, row.value, row.saved_at, row.session, row.owner)
        for row in rows
    ]


def _read_file(path: Path, user: str) -> list[PortableRevision]:
    connection = connect(path, create=False)  # a missing file is refused, not created
    try:
        connection.execute("BEGIN")  # one snapshot, even if the user saves meanwhile
        version = schema_version(connection, path)
        if version == 0:
            raise StoreError(f"{path} is not a reflect workbook: it holds no tables")
        # Schema 1 had no owner column: every row was the file's user's.
        owner = "owner" if version >= 2 else "? AS owner"
        rows = connection.execute(
            f"SELECT id, tool, item, value, saved_at, session, {owner} FROM revision ORDER BY id",
            () if version >= 2 else (user,),
        ).fetchall()
        connection.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is damaged or not a SQLite database: {exc}") from exc
    finally:
        connection.close()
    return [_portable(*row) for row in rows]


def _portable(
    id_: int, tool: str, item: str, value: str, saved_at: object, session: str, owner: str
) -> PortableRevision:
    return PortableRevision(id_, tool, item, as_time(saved_at), session, owner, json.loads(value))


class _Row(NamedTuple):
    """A revision as it is appended: its entry, value as the workbook keeps it, time, session."""

    tool: str
    item: str
    value: str
    saved_at: datetime
    session: str

    @property
    def entry(self) -> tuple[str, str]:
        return (self.tool, self.item)

    @property
    def identity(self) -> tuple[str, str, str, datetime, str]:
        """What makes two revisions the same one, in any workbook: entry, value, time, session
        (not the id: each workbook numbers its own revisions)."""
        return (self.tool, self.item, self.value, self.saved_at, self.session)


@dataclass(frozen=True)
class Appended:
    """What an import did: revisions appended, those the workbook had already, the entries
    whose history was in both, and those whose newer latest was appended once more."""

    added: int
    already_there: int
    entries_in_both: int
    latest_kept: int


def append_revisions(workbook: Workbook, revisions: Sequence[PortableRevision]) -> Appended:
    """Append to the workbook every revision it does not hold yet, in the order given, in one
    transaction holding the workbook's write lock (a user's save waits for it).

    A revision the workbook holds already (same entry, value, time and session) is not added
    again, so appending the same revisions twice adds nothing the second time. An entry with
    a history in both keeps both; its latest value is the one saved later of the two latests:
    when that is the workbook's own, it is appended once more after the new ones (ids are
    save order, and the latest is the last).
    """
    incoming = [
        _Row(r.tool, r.item, to_json(r.value), as_time(r.saved_at), r.session) for r in revisions
    ]
    if workbook.file is not None:
        return _append_to_file(workbook, incoming)
    return _append_to_database(workbook, incoming)


def _append_to_file(workbook: Workbook, incoming: list[_Row]) -> Appended:
    path = workbook.file
    assert path is not None
    # The Store makes a new workbook, and brings an older file to the current schema.
    Store(path, owner=workbook.user).close()
    connection = connect(path, create=False)
    try:
        connection.execute("PRAGMA synchronous = FULL")  # as the Store saves: on disk at commit
        connection.execute("BEGIN IMMEDIATE")
        try:
            existing = connection.execute(
                "SELECT tool, item, value, saved_at, session FROM revision ORDER BY id"
            ).fetchall()
            new, again, summary = _plan([_stored(*row) for row in existing], incoming)
            for row in [*new, *again]:
                values = row._asdict() | {"owner": workbook.user, "saved_at": as_text(row.saved_at)}
                connection.execute(SQLITE.insert.sql, SQLITE.insert.parameters(values))
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise StoreError(f"cannot import into {workbook}: {exc}; nothing was imported") from exc
    finally:
        connection.close()
    return summary


def _append_to_database(workbook: Workbook, incoming: list[_Row]) -> Appended:
    assert workbook.database_url is not None
    pooled = engine(workbook.database_url)
    query = (
        select(
            revision.c.tool,
            revision.c.item,
            revision.c.value,
            revision.c.saved_at,
            revision.c.session,
        )
        .where(revision.c.owner == workbook.user)
        .order_by(revision.c.id)
    )
    try:
        with pooled.connect() as connection, connection.begin():
            # The owner's save lock: no save of this user's interleaves with the import.
            connection.execute(OWNERS_LOCK, {"space": LOCK_SPACE, "owner": workbook.user})
            existing = [_stored(*row) for row in connection.execute(query)]
            new, again, summary = _plan(existing, incoming)
            _insert(connection, workbook.user, [*new, *again])
    except DBAPIError as exc:
        raise StoreError(
            f"cannot import into {workbook}: {exc.orig}; nothing was imported"
        ) from exc
    return summary


def _insert(connection: Connection, user: str, rows: list[_Row]) -> None:
    if rows:
        # One INSERT per row, in order (executemany): ids follow the order given.
        connection.execute(insert(revision), [row._asdict() | {"owner": user} for row in rows])


def _stored(tool: str, item: str, value: str, saved_at: Any, session: str) -> _Row:
    # Compared in one spelling: a schema 1 file may have written the same value another way.
    return _Row(tool, item, to_json(json.loads(value)), as_time(saved_at), session)


def _plan(
    existing: Sequence[_Row], incoming: Iterable[_Row]
) -> tuple[list[_Row], list[_Row], Appended]:
    """The rows to append: each incoming revision the workbook does not hold (counted, so a
    revision kept twice on purpose is kept twice), then the workbook's own latest of each entry
    in both whose latest was saved later than the incoming one's."""
    held = Counter(row.identity for row in existing)
    incoming = list(incoming)
    new: list[_Row] = []
    for row in incoming:
        if held[row.identity] > 0:
            held[row.identity] -= 1
        else:
            new.append(row)
    latest_before = {row.entry: row for row in existing}
    latest_incoming = {row.entry: row for row in incoming}
    latest_after = latest_before | {row.entry: row for row in new}
    again = []
    for entry in dict.fromkeys(row.entry for row in new):
        if entry not in latest_before:
            continue
        ours, theirs = latest_before[entry], latest_incoming[entry]
        wanted = theirs if theirs.saved_at > ours.saved_at else ours
        if latest_after[entry].value != wanted.value:
            again.append(wanted)
    in_both = sum(1 for entry in dict.fromkeys(row.entry for row in new) if entry in latest_before)
    return new, again, Appended(len(new), len(incoming) - len(new), in_both, len(again))
