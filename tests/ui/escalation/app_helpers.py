"""The escalation app's fixtures and helpers, shared by the tests of this folder (conftest.py
registers the fixtures)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reflect.frameworks import escalation_framework
from reflect.model.escalation import EscalationFramework
from reflect.store import Store
from reflect.ui.escalation import EscalationApp
from tests.ui.today import Calendar

EXAMPLE_LADDER = (
    Path(__file__).resolve().parents[3] / "docs" / "examples" / "partnership-ladder.yaml"
)
FRIDAY = date(2026, 6, 5)
SLOW = 30.0  # seconds: only a flush (or opening another concern) saves typed text


@pytest.fixture(scope="module")
def framework() -> EscalationFramework:
    return escalation_framework()


@pytest.fixture
def calendar() -> Calendar:
    return Calendar(FRIDAY)


@pytest.fixture
def app(
    framework: EscalationFramework, store: Store, calendar: Calendar
) -> Iterator[EscalationApp]:
    opened = EscalationApp(framework, delay=SLOW, today=calendar)
    opened.attach(store, {})
    opened.share_widget_models()  # as launch() does: every test runs on the lean page
    yield opened
    opened.flush()  # what is still waiting is saved before the workbook closes


def reopen(store_path: Path, framework: EscalationFramework, day: date) -> EscalationApp:
    """A second app on the same workbook file, as after reloading the page."""
    again = EscalationApp(framework, delay=SLOW, today=lambda: day)
    again.attach(Store(store_path), {})
    return again


def text_of(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def upload(app: EscalationApp, name: str, data: bytes) -> None:
    """What the browser sends when a file is chosen in the upload button."""
    app.upload.value = [
        {
            "name": name,
            "type": "application/x-yaml",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2026, 6, 1, tzinfo=UTC),
        }
    ]


def disagree(app: EscalationApp, raised_on: date = FRIDAY) -> None:
    app.check.raised_on.value = raised_on
    app.check.disagreement.value = True
