"""PostgreSQL, for a hub: every user's workbook in one database, one Engine (and its pool of
connections) per database URL per process, the schema checked or created once per Engine."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Row, create_engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from reflect.errors import StoreError
from reflect.store._format import APPLICATION_ID, POSTGRES_MARK, SCHEMA_VERSION
from reflect.store._names import workbook_key
from reflect.store._schema import metadata, revision
from reflect.store._statements import POSTGRES

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()
_MARK = re.compile(re.escape(POSTGRES_MARK).replace(r"\{version\}", r"(\d+)"))
# The first key of every advisory lock reflect takes: apart from other programs' locks.
LOCK_SPACE = APPLICATION_ID
CONNECT_TIMEOUT_SECONDS = 10


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
    # Each page's kernel is a process of its own with one Store, whose lock lets one statement
    # run at a time: one connection kept per process (a room of thirty holds about thirty),
    # a few more for a moment when needed. pre_ping: a connection the server closed while idle
    # (a restart) is replaced, not failed. A server that does not answer is reported within
    # seconds, not at the network's timeout.
    created = create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=1,
        max_overflow=4,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )
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
        # Not shown: a URL that cannot be read may still hold a password.
        raise StoreError(
            "the database URL given cannot be read; give one like "
            "postgresql+psycopg://user@host/db (in $REFLECT_DATABASE_URL or --database)"
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


class PostgresRows:
    """One owner's rows in a shared database: every statement is limited to that owner, so a
    Store can never read or write another user's workbook. Connections come from the
    database's pool for each read or save; the Store holding this takes a lock."""

    def __init__(self, url: str, owner: str) -> None:
        self.key = workbook_key(owner)  # also refuses a name no file could be named after
        self.owner = owner
        self._engine = engine(url)
        self.where = f"{shown(self._engine.url)} (the workbook of {owner!r})"
        self._in_transaction: Connection | None = None

    def read(self, statement: str, parameters: Mapping[str, object]) -> list[Any]:
        if self._in_transaction is not None:
            return self._run(self._in_transaction, statement, parameters)
        try:
            with self._engine.connect() as connection:
                return self._run(connection, statement, parameters)
        except DBAPIError as exc:
            raise StoreError(f"cannot read the workbook {self.where}: {exc.orig}") from exc

    @contextmanager
    def writing(self) -> Iterator[PostgresRows]:
        """A transaction holding this owner's lock (as a SQLite file's write lock does), so
        the latest revision read in it is still the latest when the new one is appended."""
        try:
            with self._engine.connect() as connection, connection.begin():
                connection.execute(OWNERS_LOCK, {"space": LOCK_SPACE, "owner": self.owner})
                self._in_transaction = connection
                try:
                    yield self
                finally:
                    self._in_transaction = None
        except DBAPIError as exc:
            raise StoreError(f"cannot save to the workbook {self.where}: {exc.orig}") from exc

    def insert(self, parameters: Mapping[str, object]) -> int:
        """Append one row (inside writing()); its id."""
        assert self._in_transaction is not None, "insert() is only called inside writing()"
        inserted = self._in_transaction.execute(_INSERT, {**parameters, "owner": self.owner})
        return int(inserted.scalar_one())

    def close(self) -> None:
        """Nothing is held between calls: the connections stay in the process's pool."""

    def _run(
        self, connection: Connection, statement: str, parameters: Mapping[str, object]
    ) -> list[Any]:
        query = getattr(POSTGRES, statement)
        return list(connection.execute(query, {**parameters, "owner": self.owner}).all())


# Two keys: reflect's space, then the owner. Only one owner's saves wait for each other.
OWNERS_LOCK = text("SELECT pg_advisory_xact_lock(:space, hashtext(:owner))")
_INSERT = POSTGRES.insert.returning(revision.c.id)  # type: ignore[attr-defined]


def cohort_rows(url: str, tools: list[str], owners: Sequence[str] | None) -> Sequence[Row[Any]]:
    """(owner, tool, item, value, first, last, revisions) of the cohort, in one query."""
    from reflect.store.cohort import latest_entries

    statement = latest_entries("owner", of_named_owners=owners is not None)
    parameters: dict[str, object] = {"tools": tools, "owners": list(owners or ())}
    with _reading(url) as connection, connection.begin():
        # Compiling the query to machine code (JIT) took longer than running it.
        connection.execute(text("SET LOCAL jit = off"))
        return connection.execute(statement, parameters).all()


def owners(url: str) -> list[str]:
    """Every owner with a revision in the database."""
    query = select(revision.c.owner).distinct()
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


def dispose_engines() -> None:
    """Close every pooled connection and forget the Engines (a test's database is dropped
    after it; a forked process must not share its parent's connections)."""
    with _engines_lock:
        for pooled in _engines.values():
            pooled.dispose()
        _engines.clear()
