"""docs/cohort-data.md describes every column of every cohort table, and its pandas example
runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reflect.cohort.columns import TABLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "cohort-data.md"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_column_is_described(table: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    described = set(re.findall(r"^\| `(\w+)` \|", text, re.M))
    missing = [column.name for column in TABLES[table] if column.name not in described]
    assert missing == []


def test_the_pandas_example_runs(room: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = DOC.read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", text, re.S)
    monkeypatch.setenv("REFLECT_DATA_DIR", str(room))
    monkeypatch.delenv("REFLECT_DATABASE_URL", raising=False)
    exec(compile(example, str(DOC), "exec"), {})
