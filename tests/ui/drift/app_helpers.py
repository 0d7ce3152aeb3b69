"""The drift app's fixtures and helpers, shared by the tests of this folder (conftest.py
registers the fixtures)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest

from reflect.layout import Drift
from reflect.store import Store
from reflect.ui._drift_parts import ActionRow, ScoreRow
from reflect.ui.drift import DriftApp

TODAY = date(2026, 3, 2)
SLOW = 30.0  # seconds: long enough that only a flush (or a check, or switching case) saves
NHS_NUMBER = "943 476 5919"  # passes the modulus 11 check: a published test number


@pytest.fixture
def workbook(store_path: Path) -> Path:
    """The workbook file the `store` fixture (tests/ui/conftest.py) opens."""
    return store_path


@pytest.fixture
def make_app(store: Store) -> Iterator[Callable[..., DriftApp]]:
    """Apps on the workbook; whatever they still hold is saved before the file closes."""
    built: list[DriftApp] = []

    def make(
        on: Store | None = None, params: dict[str, str] | None = None, **kwargs: Any
    ) -> DriftApp:
        app = DriftApp(**{"delay": SLOW, "today": lambda: TODAY, **kwargs})
        app.attach(on or store, params or {})
        app.share_widget_models()  # as launch() does: every test runs on the lean page
        built.append(app)
        return app

    yield make
    for app in built:
        app.flush()


@pytest.fixture
def app(make_app: Callable[..., DriftApp]) -> DriftApp:
    return make_app()


def _fill_drifting_case(app: DriftApp) -> None:
    """A plan whose review is overdue, with one action past due and one done."""
    form = app.view.facts_form
    form.plan_start.value = date(2025, 6, 2)
    form.last_review.value = date(2025, 8, 20)
    for description, due, done in (
        ("Health assessment", date(2026, 1, 15), False),
        ("School attendance plan", date(2026, 1, 5), True),
    ):
        form.actions.add_button.click()
        row = _actions(app)[-1]
        row.description.value, row.due.value, row.done.value = description, due, done


def _actions(app: DriftApp) -> list[ActionRow]:
    return cast(list[ActionRow], app.view.facts_form.actions.rows)


def _scores(app: DriftApp) -> list[ScoreRow]:
    return cast(list[ScoreRow], app.view.facts_form.scores.rows)


def _saved(store: Store, item: str) -> Any:
    revision = store.latest(Drift.TOOL, item)
    assert revision is not None, f"nothing saved under {item}"
    return revision.value


def _reasons_shown(app: DriftApp) -> list[str]:
    found = re.search(r"<h4>What the check found</h4><ul>(.*?)</ul>", app.view.result.value)
    assert found, app.view.result.value
    return [html.unescape(text) for text in re.findall(r"</strong> (.*?)</li>", found.group(1))]


def _history_levels(app: DriftApp) -> list[str]:
    return re.findall(r'reflect-drift-badge--[a-z-]+">([^<]+)<', app.view.past.value)


def _choose(app: DriftApp, item_id: str, label: str) -> None:
    choice = app.view._choices_by_id()[item_id]
    choice.value = choice.labels.index(label) + 1


def _note(app: DriftApp, question_id: str) -> Any:
    return next(block for block in app.view.questions if block.question.id == question_id)
