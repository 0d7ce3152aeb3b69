"""A real workbook file for the view tests: a module may define its own `store` instead."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.store import Store


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "workbook.sqlite"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store(store_path) as opened:
        yield opened
