"""The statements a Store runs, written once in SQLAlchemy Core for both back ends.

In PostgreSQL they run through SQLAlchemy as they are, every one limited to the Store's owner.
In a SQLite file (whose rows are all one owner's, so they are not limited) they run as SQLite's
SQL on the file's own connection: SQLAlchemy's work per statement made a save 20-45 % slower
than the same SQL run directly, and a save is the hot path. That SQL is kept as text in
reflect.store._format, so an app's kernel does not import SQLAlchemy at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Executable, bindparam, func, insert, select
from sqlalchemy.dialects import sqlite

from reflect.store._format import SQLiteStatement, SQLiteStatements
from reflect.store._schema import revision

COLUMNS = ("id", "tool", "item", "value", "saved_at", "session")
"""The columns every reading statement returns, in this order (a Revision's fields)."""
_SELECTED = [revision.c[name] for name in COLUMNS]


@dataclass(frozen=True)
class Statements:
    """The Store's statements, with parameters named as in the comments."""

    latest: Executable  # tool, item (and owner): the newest revision of an entry, or no row
    history: Executable  # tool, item (and owner): every revision of an entry, oldest first
    items: Executable  # tool, length, prefix (and owner): each item's newest, newest first
    insert: Executable  # owner, tool, item, value, saved_at, session


def statements(*, of_one_owner: bool) -> Statements:
    """The statements limited to the owner bound as `owner` (of_one_owner), or not limited."""
    mine: list[ColumnElement[bool]] = (
        [revision.c.owner == bindparam("owner")] if of_one_owner else []
    )
    entry = [*mine, revision.c.tool == bindparam("tool"), revision.c.item == bindparam("item")]
    newest_of_each_item = (
        select(func.max(revision.c.id))
        .where(
            *mine,
            revision.c.tool == bindparam("tool"),
            # substr, not LIKE: a prefix is taken literally ("_" and "%" are not wildcards).
            func.substr(revision.c.item, 1, bindparam("length")) == bindparam("prefix"),
        )
        .group_by(revision.c.item)
    )
    return Statements(
        latest=select(*_SELECTED).where(*entry).order_by(revision.c.id.desc()).limit(1),
        history=select(*_SELECTED).where(*entry).order_by(revision.c.id),
        # The inner query reads only the index; the rows are then fetched by id.
        items=select(*_SELECTED)
        .where(revision.c.id.in_(newest_of_each_item.scalar_subquery()))
        .order_by(revision.c.id.desc()),
        insert=insert(revision).values(
            {name: bindparam(name) for name in ("owner", "tool", "item", "value")}
            | {"saved_at": bindparam("saved_at"), "session": bindparam("session")}
        ),
    )


def for_sqlite(statement: Executable) -> SQLiteStatement:
    """`statement` compiled to SQLite's SQL (reflect.store._format.SQLITE holds the Store's as
    text, and a test keeps the two the same)."""
    compiled = statement.compile(dialect=sqlite.dialect())  # type: ignore[attr-defined]
    names = tuple(compiled.positiontup or ())
    fixed = {
        name: compiled.binds[name].value for name in names if not compiled.binds[name].required
    }
    return SQLiteStatement(str(compiled), names, fixed)


def sqlite_statements() -> SQLiteStatements:
    """The Store's statements compiled for a SQLite file."""
    core = statements(of_one_owner=False)
    return SQLiteStatements(
        *(for_sqlite(getattr(core, name)) for name in ("latest", "history", "items", "insert"))
    )


POSTGRES = statements(of_one_owner=True)
