from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect import frameworks
from reflect.store import Store
from tests.portfolio.filled import fill

USER = "alice"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A real SQLite workbook of USER's, filled as the pages would fill it."""
    with Store.for_user(USER, tmp_path) as store:
        fill(store, [item.id for item in frameworks.competency_framework().items()])
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    with Store.for_user(USER, data_dir) as opened:
        yield opened
