"""The workbook's format as plain Python, without SQLAlchemy: its marks (application id,
schema version), how a time is kept, and the SQL a SQLite file runs.

The schema and the statements are written once, in SQLAlchemy Core (reflect.store._schema,
reflect.store._statements); the SQLite SQL below is what they compile to, kept as text so that
an app's kernel, which opens one SQLite workbook, never imports SQLAlchemy (13 MB in every
kernel of a pool). tests/test_store_format.py compiles them again and fails on any difference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

APPLICATION_ID = 0x52464C54  # "RFLT" in the SQLite header: tells our files from other apps'
SCHEMA_VERSION = 2
"""1: no owner column (a file per user said whose it was). 2: the owner column."""
POSTGRES_MARK = "reflect workbook revisions, schema {version}"
"""The comment on the PostgreSQL table: what application_id and user_version are in a file."""


def as_text(moment: datetime) -> str:
    """A time as SQLite keeps it: 2025-03-04T10:02:03.000001+00:00."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def as_time(stored: object) -> datetime:
    """A saved_at as either back end returns it, as a UTC datetime."""
    if isinstance(stored, str):
        return datetime.fromisoformat(stored)
    if not isinstance(stored, datetime):
        raise TypeError(f"a saved_at is a time, not {stored!r}")
    return stored.astimezone(UTC)


@dataclass(frozen=True)
class SQLiteStatement:
    """A statement compiled to SQLite's SQL, its parameters given by name; `fixed` holds the
    values the statement sets itself (LIMIT 1)."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, object]

    def parameters(self, values: Mapping[str, object]) -> tuple[object, ...]:
        """The positional parameters, in the statement's order."""
        return tuple(
            self.fixed[name] if name in self.fixed else values[name] for name in self.names
        )


@dataclass(frozen=True)
class SQLiteStatements:
    latest: SQLiteStatement
    history: SQLiteStatement
    items: SQLiteStatement
    insert: SQLiteStatement


_COLUMNS = "revision.id, revision.tool, revision.item, revision.value, revision.saved_at, "
_COLUMNS += "revision.session"
SQLITE = SQLiteStatements(
    latest=SQLiteStatement(
        f"SELECT {_COLUMNS} \nFROM revision \nWHERE revision.tool = ? AND revision.item = ? "
        "ORDER BY revision.id DESC\n LIMIT ? OFFSET ?",
        ("tool", "item", "param_1", "param_2"),
        {"param_1": 1, "param_2": 0},
    ),
    history=SQLiteStatement(
        f"SELECT {_COLUMNS} \nFROM revision \nWHERE revision.tool = ? AND revision.item = ? "
        "ORDER BY revision.id",
        ("tool", "item"),
        {},
    ),
    items=SQLiteStatement(
        f"SELECT {_COLUMNS} \nFROM revision \nWHERE revision.id IN (SELECT max(revision.id) AS "
        "max_1 \nFROM revision \nWHERE revision.tool = ? AND substr(revision.item, ?, ?) = ? "
        "GROUP BY revision.item) ORDER BY revision.id DESC",
        ("tool", "substr_1", "length", "prefix"),
        {"substr_1": 1},
    ),
    insert=SQLiteStatement(
        "INSERT INTO revision (owner, tool, item, value, saved_at, session) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ("owner", "tool", "item", "value", "saved_at", "session"),
        {},
    ),
)

SQLITE_DDL = (
    "CREATE TABLE revision (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
    "\towner TEXT NOT NULL, \n\ttool TEXT NOT NULL, \n\titem TEXT NOT NULL, \n"
    "\tvalue TEXT NOT NULL, \n\tsaved_at TEXT NOT NULL, \n\tsession TEXT NOT NULL\n)",
    "CREATE INDEX revision_by_key ON revision (tool, item, id)",
)
"""The statements that make the schema in a SQLite file (metadata.create_all's, as text to
run inside the transaction that found the file empty)."""
