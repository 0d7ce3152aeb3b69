"""The cohort's workbooks read together, for the trainer's view: the latest value of every
entry of the chosen tools, per owner, with the shape of its history (first and last save, count).

Reading only: no file or table is created or changed here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Select, bindparam, create_engine, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from reflect import settings
from reflect.errors import StoreError
from reflect.store._format import APPLICATION_ID, SCHEMA_VERSION
from reflect.store._names import data_dir, owner_of_file_name, workbook_file_name
from reflect.store._schema import revision
from reflect.store._values import JSONValue


@dataclass(frozen=True, slots=True)
class Entry:
    """The latest value of one (owner, tool, item), with its history's shape."""

    owner: str
    tool: str
    item: str
    value: JSONValue
    first_saved_at: datetime
    last_saved_at: datetime
    revisions: int


def cohort_entries(
    tools: Sequence[str],
    owners: Sequence[str] | None = None,
    *,
    folder: Path | None = None,
    database_url: str | None = None,
) -> list[Entry]:
    """Every entry of the given tools in the owners' workbooks (default: every workbook),
    ordered by owner, tool and item.

    The workbooks are those in database_url if given, else in folder if given, else in
    $REFLECT_DATABASE_URL if set, else the SQLite files in data_dir().
    """
    tools = list(dict.fromkeys(tools))
    if not tools or (owners is not None and not owners):
        return []
    url = _database_url(folder, database_url)
    if url is not None:
        from reflect.store._postgres import cohort_rows

        # Sorted here, not by the database's collation: the same order as the files give.
        entries = [_entry(row.owner, row) for row in cohort_rows(url, tools, owners)]
        return sorted(entries, key=lambda entry: (entry.owner, entry.tool, entry.item))
    entries = []
    for owner, path in _workbook_files(folder or data_dir(), owners):
        entries.extend(_entry(owner, row) for row in _file_rows(path, tools))
    return entries


def workbook_owners(*, folder: Path | None = None, database_url: str | None = None) -> list[str]:
    """The users who have a workbook (in the same place cohort_entries reads), sorted."""
    url = _database_url(folder, database_url)
    if url is not None:
        from reflect.store._postgres import owners

        return sorted(owners(url))
    return [owner for owner, _ in _workbook_files(folder or data_dir(), None)]


def latest_entries(*scope: str, of_named_owners: bool = False) -> Select[tuple[object, ...]]:
    """Per (scope..., tool, item) of the tools bound as `tools` (and, of_named_owners, of the
    owners bound as `owners`): the latest value (the row of the greatest id), the first and
    last saved_at and the number of revisions.

    The one query of both back ends: scope is ("owner",) in a database of every owner, and ()
    in one user's file (whose rows need no owner column: schema 1 files have none).
    """
    keys = [revision.c[name] for name in (*scope, "tool", "item")]
    chosen = [revision.c.tool.in_(bindparam("tools", expanding=True))]
    if of_named_owners:
        chosen.append(revision.c.owner.in_(bindparam("owners", expanding=True)))
    shape = (
        select(
            *keys,
            func.max(revision.c.id).label("latest_id"),
            func.min(revision.c.saved_at).label("first_saved_at"),
            func.max(revision.c.saved_at).label("last_saved_at"),
            func.count().label("revisions"),
        )
        .where(*chosen)
        .group_by(*keys)
        .subquery("shape")
    )
    # The value is fetched by id for each entry, once the figures are known: a join let the
    # planner read every row of a large table to find a few thousand.
    latest = revision.alias("latest")
    value = select(latest.c.value).where(latest.c.id == shape.c.latest_id).scalar_subquery()
    return select(
        *(shape.c[key.name] for key in keys),
        value.label("value"),
        shape.c.first_saved_at,
        shape.c.last_saved_at,
        shape.c.revisions,
    ).order_by(*(shape.c[key.name] for key in keys))


def _entry(owner: str, row: Row[Any]) -> Entry:
    return Entry(
        owner,
        row.tool,
        row.item,
        json.loads(row.value),
        row.first_saved_at,
        row.last_saved_at,
        row.revisions,
    )


def _database_url(folder: Path | None, database_url: str | None) -> str | None:
    if database_url is not None:
        return database_url
    return None if folder is not None else settings.database_url()


def _workbook_files(folder: Path, owners: Sequence[str] | None) -> list[tuple[str, Path]]:
    """(owner, file) of every workbook in folder, or of the named owners that have one."""
    if owners is not None:
        found = ((owner, folder / workbook_file_name(owner)) for owner in dict.fromkeys(owners))
        return sorted((owner, path) for owner, path in found if path.is_file())
    if not folder.is_dir():
        return []
    named = ((owner_of_file_name(path.name), path) for path in folder.glob("workbook-*.sqlite"))
    return sorted((owner, path) for owner, path in named if owner is not None and path.is_file())


_SQLITE_STATEMENT = latest_entries()


def _file_rows(path: Path, tools: list[str]) -> Sequence[Row[Any]]:
    """The latest entries of one user's file, opened read-only; a file that is not a reflect
    workbook (or is from a newer reflect) is refused with the file's name."""

    def existing() -> sqlite3.Connection:
        # mode=rw never creates the file. Not mode=ro: a read-only connection would leave the
        # -wal and -shm files WAL reading needs behind; the last connection to close removes
        # them. Nothing is written.
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=10.0)

    engine = create_engine("sqlite://", creator=existing, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            application_id = connection.exec_driver_sql("PRAGMA application_id").scalar()
            version = connection.exec_driver_sql("PRAGMA user_version").scalar_one()
            if application_id != APPLICATION_ID:
                raise StoreError(f"{path} is not a reflect workbook; move it out of the folder")
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer reflect (workbook schema {version}); "
                    "upgrade reflect to read it"
                )
            return connection.execute(_SQLITE_STATEMENT, {"tools": tools}).all()
    except DBAPIError as exc:
        raise StoreError(f"cannot read the workbook {path}: {exc.orig}") from exc
    finally:
        engine.dispose()
