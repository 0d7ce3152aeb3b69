"""PostgreSQL, for a hub: every user's workbook in one database, one Engine (and its pool of
connections) per database URL per process, the schema checked or created once per Engine."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Row, create_engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from reflect.errors import StoreError
from reflect.store._schema import APPLICATION_ID, POSTGRES_MARK, SCHEMA_VERSION, metadata, revision

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()
_MARK = re.compile(re.escape(POSTGRES_MARK).replace(r"\{version\}", r"(\d+)"))
# The first key of every advisory lock reflect takes: apart from other programs' locks.
LOCK_SPACE = APPLICATION_ID


def shown(url: str | URL) -> str:
    """The URL as it may be shown in a message: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(a database URL that cannot be read)"


def engine(url: str) -> Engine:
    """The process's one Engine for url, its schema checked (and created if the database has
    none): every Store of the same database shares its pool of connections."""
    with _engines_lock:
        found = _engines.get(url)
        if found is None:
            found = _engines[url] = _ready_engine(url)
        return found


def _ready_engine(url: str) -> Engine:
    parsed = _postgres_url(url)
    # pre_ping: a connection the server closed while idle (a restart) is replaced, not failed.
    created = create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)
    try:
        with created.begin() as connection:
            _check_or_create_schema(connection, parsed)
    except DBAPIError as exc:
        created.dispose()
        raise StoreError(
            f"cannot use the workbook database {shown(parsed)}: {exc.orig}. Check "
            "$REFLECT_DATABASE_URL (or --database) and that the server is running."
        ) from exc
    except BaseException:
        created.dispose()
        raise
    return created


def _postgres_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"{url!r} is not a database URL; give one like postgresql+psycopg://user@host/db"
        ) from exc
    if parsed.get_backend_name() != "postgresql":
        raise StoreError(
            f"{shown(parsed)} is not a PostgreSQL URL; reflect keeps workbooks in PostgreSQL "
            "(postgresql+psycopg://user@host/db) or, with no URL, in a SQLite file per user"
        )
    # psycopg 3 is the driver reflect installs; "postgresql://" would mean psycopg2.
    return parsed.set(drivername="postgresql+psycopg")


def _check_or_create_schema(connection: Connection, url: URL) -> None:
    # One process creates the table; another starting at once waits here, then finds it.
    connection.execute(text("SELECT pg_advisory_xact_lock(:space, 0)"), {"space": LOCK_SPACE})
    if connection.execute(text("SELECT to_regclass('revision')")).scalar() is None:
        metadata.create_all(connection)
        mark = POSTGRES_MARK.format(version=SCHEMA_VERSION)
        connection.execute(text(f"COMMENT ON TABLE revision IS '{mark}'"))
        return
    comment = connection.execute(
        text("SELECT obj_description(to_regclass('revision'), 'pg_class')")
    ).scalar()
    matched = _MARK.fullmatch(comment or "")
    if matched is None:
        raise StoreError(
            f"the database {shown(url)} has a table named revision that is not reflect's; "
            "give reflect a database (or a schema in its search_path) of its own"
        )
    if int(matched.group(1)) > SCHEMA_VERSION:
        raise StoreError(
            f"the database {shown(url)} was written by a newer reflect (workbook schema "
            f"{matched.group(1)}; this version reads up to {SCHEMA_VERSION}). Upgrade reflect."
        )
    columns = set(
        connection.execute(
            text(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = 'revision'"
            )
        ).scalars()
    )
    if missing := set(revision.c.keys()) - columns:
        raise StoreError(
            f"the database {shown(url)} has a damaged reflect revision table: it lacks the "
            f"columns {', '.join(sorted(missing))}"
        )


def cohort_rows(url: str, tools: list[str], owners: Sequence[str] | None) -> Sequence[Row[Any]]:
    """(owner, tool, item, value, first, last, revisions) of the cohort, in one query."""
    from reflect.store.cohort import latest_entries

    statement = latest_entries("owner")
    parameters: dict[str, object] = {"tools": tools}
    if owners is not None:
        statement = statement.where(revision.c.owner.in_(list(owners)))
    with _reading(url) as connection:
        return connection.execute(statement, parameters).all()


def owners(url: str) -> list[str]:
    """Every owner with a revision in the database, sorted."""
    query = select(revision.c.owner).distinct().order_by(revision.c.owner)
    with _reading(url) as connection:
        return list(connection.execute(query).scalars())


@contextmanager
def _reading(url: str) -> Iterator[Connection]:
    """A pooled connection for one read, its errors reported with the database's name."""
    pooled = engine(url)
    try:
        with pooled.connect() as connection:
            yield connection
    except DBAPIError as exc:
        raise StoreError(
            f"cannot read the workbook database {shown(pooled.url)}: {exc.orig}"
        ) from exc
