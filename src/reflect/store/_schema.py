"""The one schema of both back ends: a table of revisions, each row one saved version of one
entry of one owner's workbook. Append-only: rows are inserted, never updated or deleted, and id
order is save order.

A per-user SQLite file holds this table with every row's owner that user (the file itself keeps
users apart); a PostgreSQL database holds every user's rows, told apart by owner.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Dialect,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import TIMESTAMP
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlalchemy.types import TypeEngine

APPLICATION_ID = 0x52464C54  # "RFLT" in the SQLite header: tells our files from other apps'
SCHEMA_VERSION = 2
"""1: no owner column (a file per user said whose it was). 2: the owner column."""
POSTGRES_MARK = "reflect workbook revisions, schema {version}"
"""The comment on the PostgreSQL table: what application_id and user_version are in a file."""


class SavedAt(TypeDecorator[datetime]):
    """A UTC time: ISO 8601 text with microseconds in SQLite (as schema 1 wrote it, and in
    order as text), `timestamp with time zone` in PostgreSQL; always read back in UTC."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TIMESTAMP(timezone=True))
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> object:
        if value is None or dialect.name == "postgresql":
            return value
        return as_text(value)

    def process_result_value(self, value: object, dialect: Dialect) -> datetime | None:
        return None if value is None else as_time(value)


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


metadata = MetaData()

revision = Table(
    "revision",
    metadata,
    # INTEGER PRIMARY KEY AUTOINCREMENT in SQLite: an id is never reused, even after a rollback.
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("owner", Text, nullable=False),
    Column("tool", Text, nullable=False),
    Column("item", Text, nullable=False),
    Column("value", Text, nullable=False),  # JSON, compared as text to skip an unchanged save
    Column("saved_at", SavedAt, nullable=False),
    Column("session", Text, nullable=False),
    sqlite_autoincrement=True,
)

# A file has one owner, so its index leaves owner out (and is schema 1's index, kept by name).
SQLITE_INDEXES = (Index("revision_by_key", revision.c.tool, revision.c.item, revision.c.id),)
# In PostgreSQL every read names the owner first. saved_at is included so that the cohort's
# figures (first and last save, count) come from the index alone.
POSTGRES_INDEXES = (
    Index(
        "revision_by_owner_key",
        revision.c.owner,
        revision.c.tool,
        revision.c.item,
        revision.c.id,
        postgresql_include=["saved_at"],
    ),
)
for _index in SQLITE_INDEXES:
    _index.ddl_if(dialect="sqlite")
for _index in POSTGRES_INDEXES:
    _index.ddl_if(dialect="postgresql")


def sqlite_ddl() -> list[str]:
    """The statements that make the schema in a SQLite file (metadata.create_all's, as text to
    run inside the transaction that found the file empty)."""
    dialect = sqlite.dialect()
    return [str(CreateTable(revision).compile(dialect=dialect)).strip()] + [
        str(CreateIndex(index).compile(dialect=dialect)) for index in SQLITE_INDEXES
    ]
