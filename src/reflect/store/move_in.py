"""Moving a user's SQLite workbook into a PostgreSQL database: every revision copied in order,
with its time and session, in one transaction; nothing already in the database is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import DBAPIError

from reflect.errors import StoreError
from reflect.store._format import as_time
from reflect.store._names import workbook_key
from reflect.store._postgres import LOCK_SPACE, OWNERS_LOCK, engine, shown
from reflect.store._schema import revision
from reflect.store._sqlite import connect, schema_version

_COLUMNS = ("tool", "item", "value", "saved_at", "session")


def move_in(sqlite_path: Path, database_url: str, user: str) -> int:
    """Copy every revision of the workbook file at sqlite_path into user's workbook in the
    database, oldest first; return how many were copied. The file is only read.

    Refused (StoreError, nothing copied): a file that is not a reflect workbook, and a file
    whose revisions are in the database already (moved in before). Revisions the user saved
    in the database before the move are kept; an entry they changed there after the file's
    last revision of it keeps that newer value as its latest.
    """
    workbook_key(user)  # the same user names as a file, so a name cannot be refused later
    revisions = _read_file(Path(sqlite_path))
    pooled = engine(database_url)
    where = f"{shown(pooled.url)} (the workbook of {user!r})"
    try:
        with pooled.connect() as connection, connection.begin():
            # The owner's save lock: no save of this user's interleaves with the copy.
            connection.execute(OWNERS_LOCK, {"space": LOCK_SPACE, "owner": user})
            before = _owners_rows(connection, user)
            already = {_identity(row) for row in before} & {_identity(row) for row in revisions}
            if already:
                raise StoreError(
                    f"{sqlite_path} was moved in already: {len(already)} of its "
                    f"{len(revisions)} revisions are in {where}. Nothing was copied."
                )
            _insert(connection, user, revisions)
            _insert(connection, user, _newer_kept_latest(before, revisions))
    except DBAPIError as exc:
        raise StoreError(f"cannot move {sqlite_path} into {where}: {exc.orig}") from exc
    return len(revisions)


def _read_file(path: Path) -> list[tuple[Any, ...]]:
    """Every revision of the file, oldest first, as (tool, item, value, saved_at, session)."""
    connection = connect(path, create=False)
    try:
        connection.execute("BEGIN")  # one snapshot, even if the user saves meanwhile
        if schema_version(connection, path) == 0:
            raise StoreError(f"{path} is not a reflect workbook: it holds no tables")
        rows = connection.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM revision ORDER BY id"
        ).fetchall()
        connection.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is damaged or not a SQLite database: {exc}") from exc
    finally:
        connection.close()
    return [
        (tool, item, value, as_time(saved_at), session)
        for tool, item, value, saved_at, session in rows
    ]


def _owners_rows(connection: Connection, user: str) -> list[tuple[Any, ...]]:
    query = (
        select(*(revision.c[name] for name in _COLUMNS))
        .where(revision.c.owner == user)
        .order_by(revision.c.id)
    )
    return [tuple(row) for row in connection.execute(query)]


def _identity(row: Sequence[Any]) -> tuple[Any, ...]:
    """What makes a revision the same one: its entry, time and session (not its id)."""
    tool, item, _value, saved_at, session = row
    return (tool, item, saved_at, session)


def _newer_kept_latest(
    before: list[tuple[Any, ...]], moved: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """The database's latest revision of each entry the move also has, where the database's
    is the newer: appended once more after the moved ones, so it stays the latest."""
    last_before = {(row[0], row[1]): row for row in before}
    last_moved = {(row[0], row[1]): row for row in moved}
    return [
        row
        for entry, row in last_before.items()
        if entry in last_moved and row[3] > last_moved[entry][3] and row[2] != last_moved[entry][2]
    ]


def _insert(connection: Connection, user: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        # One INSERT per row, in order (executemany): ids follow the file's order.
        connection.execute(
            insert(revision), [dict(zip(_COLUMNS, row, strict=True), owner=user) for row in rows]
        )
