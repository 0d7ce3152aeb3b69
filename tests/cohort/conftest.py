"""One training room for the cohort tests, written once through the real apps."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.cohort import Cohort, read_cohort
from reflect.model.scenario import Scenario
from tests.cohort.room import build_room, lunches


@pytest.fixture(scope="package")
def scenario() -> Scenario:
    return lunches()


@pytest.fixture(scope="package")
def room(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("room")
    build_room(folder)
    return folder


@pytest.fixture(scope="package")
def cohort(room: Path, scenario: Scenario) -> Cohort:
    return read_cohort([scenario], folder=room)
