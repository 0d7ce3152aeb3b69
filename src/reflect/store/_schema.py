"""The one schema of both back ends: a table of revisions, each row one saved version of one
entry of one owner's workbook. Append-only: rows are inserted, never updated or deleted, and id
order is save order.

A per-user SQLite file holds this table with every row's owner that user (the file itself keeps
users apart); a PostgreSQL database holds every user's rows, told apart by owner.
"""

from __future__ import annotations

from datetime import datetime
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

from reflect.store._format import as_text, as_time


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
    """The statements that make the schema in a SQLite file, compiled from the table above
    (reflect.store._format.SQLITE_DDL keeps them as text, and a test keeps the two the same)."""
    dialect = sqlite.dialect()
    return [str(CreateTable(revision).compile(dialect=dialect)).strip()] + [
        str(CreateIndex(index).compile(dialect=dialect)) for index in SQLITE_INDEXES
    ]
