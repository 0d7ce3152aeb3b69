"""Test-session set-up shared by every test."""

from __future__ import annotations

import os
import tempfile

# postgres_server, postgres_url: a real PostgreSQL (skipped without Debian's postgresql package,
# failing instead when REFLECT_REQUIRE_POSTGRES=1). workbooks: a place to keep workbooks, once
# per back end (a folder of SQLite files, a PostgreSQL database).
pytest_plugins = ["tests._postgres", "tests._workbooks"]


def pytest_configure() -> None:
    # Tests, notebooks run by nbval and live servers must never write into the real user's
    # workbook; everything a test session saves goes under one throwaway folder.
    if "REFLECT_DATA_DIR" not in os.environ:
        os.environ["REFLECT_DATA_DIR"] = tempfile.mkdtemp(prefix="reflect-test-data-")
