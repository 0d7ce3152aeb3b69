"""The SQLite SQL kept as text in reflect.store._format is what the schema and statements,
written in SQLAlchemy Core, compile to; and an app page that opens a SQLite workbook never
imports SQLAlchemy (13 MB in each kernel of a pool)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reflect.store._format import SQLITE, SQLITE_DDL
from reflect.store._schema import sqlite_ddl
from reflect.store._statements import sqlite_statements

APPS = (
    "gibbs",
    "competency",
    "drift",
    "escalation",
    "scenario",
    "supervision_record",
    "supervision_agreement",
    "supervision_overview",
)


def test_the_sqlite_statements_kept_as_text_are_the_compiled_ones() -> None:
    assert sqlite_statements() == SQLITE


def test_the_sqlite_schema_kept_as_text_is_the_compiled_one() -> None:
    assert list(SQLITE_DDL) == sqlite_ddl()


def test_no_app_page_imports_sqlalchemy_to_open_a_workbook(tmp_path: Path) -> None:
    probe = (
        "import importlib, sys\nfrom pathlib import Path\n"
        "from reflect.store import Store\n"
        f"for app in {APPS!r}:\n"
        "    built = importlib.import_module('reflect.ui.' + app).build_app()\n"
        f"    built.attach(Store.for_user('probe', Path({str(tmp_path)!r})), {{}})\n"
        "    built.widget  # drawn\n"
        "print('sqlalchemy' in sys.modules, 'psycopg' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["False", "False"], done.stderr


def test_the_cohort_reads_through_sqlalchemy_when_asked_for() -> None:
    probe = (
        "import sys\n"
        "from reflect.store import cohort_entries, workbook_owners\n"
        "print('sqlalchemy' in sys.modules, callable(cohort_entries), callable(workbook_owners))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["True", "True", "True"], done.stderr
