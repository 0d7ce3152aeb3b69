"""Workbooks on both back ends, for the tests that must hold on each: a SQLite file per user
in a scratch folder, and a user's rows in a real PostgreSQL database of the test's own."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from reflect.store import Entry, Store, cohort_entries, workbook_owners

BACKENDS = ["sqlite", "postgresql"]


@dataclass(frozen=True)
class Workbooks:
    """Where a test's workbooks are kept: folder (SQLite) or url (PostgreSQL)."""

    backend: str
    folder: Path
    url: str | None

    def open(self, user: str = "alice") -> Store:
        """The user's workbook, as reflect opens it on this back end."""
        if self.url is None:
            return Store.for_user(user, self.folder)
        return Store.in_database(self.url, user)

    def entries(self, tools: Sequence[str], owners: Sequence[str] | None = None) -> list[Entry]:
        """cohort_entries of the workbooks kept here."""
        if self.url is None:
            return cohort_entries(tools, owners, folder=self.folder)
        return cohort_entries(tools, owners, database_url=self.url)

    def owners(self) -> list[str]:
        """workbook_owners of the workbooks kept here."""
        if self.url is None:
            return workbook_owners(folder=self.folder)
        return workbook_owners(database_url=self.url)

    def hold_writes(self, store: Store, seconds: float) -> Callable[[], None]:
        """Another connection takes the write lock now and lets go after seconds; returns a
        function that waits for it to have let go."""
        if self.url is None:
            in_file = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
            in_file.execute("BEGIN IMMEDIATE")
            commit, close = (lambda: in_file.execute("COMMIT")), in_file.close
        else:
            in_database = psycopg.connect(self.url.replace("+psycopg", ""))
            in_database.execute("LOCK TABLE revision IN EXCLUSIVE MODE")
            commit, close = in_database.commit, in_database.close
        releaser = threading.Timer(seconds, commit)
        releaser.start()

        def released() -> None:
            releaser.join()
            close()

        return released


@pytest.fixture(params=BACKENDS)
def workbooks(request: pytest.FixtureRequest, tmp_path: Path) -> Workbooks:
    if request.param == "sqlite":
        return Workbooks("sqlite", tmp_path / "workbooks", None)
    url: str = request.getfixturevalue("postgres_url")
    return Workbooks("postgresql", tmp_path / "workbooks", url)
